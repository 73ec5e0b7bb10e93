# `machine` with its functions only, as MicroPython's micro:bit port has it:
# the 16 MHz clock, the 8-byte factory id, nested interrupt masking.
import machine

print(machine.freq(), len(machine.unique_id()), hasattr(machine, "Pin"))
outer = machine.disable_irq()
inner = machine.disable_irq()
machine.enable_irq(inner)
machine.enable_irq(outer)
print(outer, inner)
