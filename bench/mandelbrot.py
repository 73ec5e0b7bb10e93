# Float arithmetic in a tight loop.
def mandelbrot(w, h, iters):
    inside = 0
    for y in range(h):
        ci = 2.0 * y / h - 1.0
        for x in range(w):
            cr = 2.5 * x / w - 2.0
            zr = zi = 0.0
            for _ in range(iters):
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                if zr * zr + zi * zi > 4.0:
                    break
            else:
                inside += 1
    return inside

print(mandelbrot(200, 150, 150))
# board: print(mandelbrot(20, 15, 50))
