# Classes, methods and float math: a tiny sphere tracer.
class Vec:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def add(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def sub(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z


class Sphere:
    def __init__(self, centre, radius):
        self.centre = centre
        self.r2 = radius * radius

    def hit(self, origin, direction):
        oc = origin.sub(self.centre)
        b = oc.dot(direction)
        c = oc.dot(oc) - self.r2
        disc = b * b - c
        if disc < 0:
            return -1.0
        return -b - disc ** 0.5


def render(w, h):
    spheres = [Sphere(Vec(0.0, 0.0, 5.0), 1.5), Sphere(Vec(2.0, 1.0, 7.0), 1.0)]
    light = Vec(0.5, 0.7, -0.5)
    eye = Vec(0.0, 0.0, 0.0)
    shade = 0
    for j in range(h):
        for i in range(w):
            d = Vec((i - w / 2) / w, (j - h / 2) / h, 1.0)
            d = d.scale(1.0 / d.dot(d) ** 0.5)
            best = None
            best_t = 1e9
            for s in spheres:
                t = s.hit(eye, d)
                if 0 < t < best_t:
                    best, best_t = s, t
            if best is not None:
                p = eye.add(d.scale(best_t))
                n = p.sub(best.centre)
                lum = n.dot(light)
                if lum > 0:
                    shade += int(lum * 10)
    return shade

print(render(320, 240))
# board: print(render(32, 24))
