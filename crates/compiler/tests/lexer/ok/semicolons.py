a = 1; b = 2; c = 3
if a: b; c
while 0: pass
