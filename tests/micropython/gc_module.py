import gc
gc.collect()
a = gc.mem_free()
x = [0] * 1000
print(gc.mem_free() < a)
print(gc.mem_alloc() > 0, type(gc.mem_alloc()) is int)
gc.threshold(1000)
print(gc.threshold())
gc.threshold(-5)
print(gc.threshold())
import ugc
print(ugc is gc, gc)
print(gc.collect())
