//! Interrupt callbacks of the simulated board through the VM's scheduler:
//! a timer's callback is queued and runs at the next check point; a
//! `hard=True` pin handler runs at once with the heap locked.

use pyrite_port_unix::machine::BOARD;
use pyrite_port_unix::{BufSink, new_vm};
use pyrite_vm::Mode;

#[test]
fn timer_and_pin_callbacks() {
    let anchor = 0usize;
    let base = std::hint::black_box(&anchor) as *const usize as usize + size_of::<usize>();
    let vm = new_vm(256 * 1024, base).unwrap();
    let out = BufSink::default();
    vm.set_stdout(Box::new(out.clone()));
    let run = |src: &str| {
        vm.exec_source(src.as_bytes(), "<test>", Mode::File)
            .map_err(|_| "raised")
            .unwrap();
    };
    run("import machine\n\
         seen = []\n\
         t = machine.Timer(2, period=1000, callback=lambda t: seen.append('timer'))\n\
         def hard(p):\n    try:\n        x = [0] * 64\n        print('hard: allocated')\n    except MemoryError:\n        print('hard: heap locked')\n\
         p = machine.Pin('X1', machine.Pin.IN)\n\
         p.irq(hard, trigger=machine.Pin.IRQ_RISING, hard=True)\n");
    BOARD.fire_timer(2);
    BOARD.fire_timer(2);
    run("print(seen)\nfor i in range(2):\n    pass\nprint(seen)\n");
    BOARD.set_input(4, Some(true));
    run("print(seen)\nt.deinit()\n");
    let text = String::from_utf8(out.0.borrow().clone()).unwrap();
    assert_eq!(
        text,
        "[]\n['timer', 'timer']\nhard: heap locked\n['timer', 'timer']\n"
    );
    assert_eq!(vm.sched_queue().len(), 0);
}
