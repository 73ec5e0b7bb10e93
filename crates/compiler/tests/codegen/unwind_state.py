# Stack depth inside finally handlers entered by break/continue/return,
# with the locals right above the stack checked afterwards (n_state).


def loop_unwind():
    a = 1
    b = 2
    x = y = None
    for i in range(4):
        try:
            try:
                if i == 2:
                    break
                continue
            finally:
                x = (a, (b, (a, (b, (i, (a, b))))))
        finally:
            y = [a, [b, [a, [b, [i]]]]]
    return a, b, x, y


def return_unwind(n):
    p = "p"
    q = "q"
    try:
        try:
            return [p, q, n]
        finally:
            r = {p: (q, (p, (q, (n, (p, q)))))}
    finally:
        s = (p, (q, (p, (q, (n,)))))
        print("finally", r, s)


def with_unwind():
    class C:
        def __enter__(self):
            return self

        def __exit__(self, *a):
            print("exit", (1, (2, (3, (4, (5,))))))

    k = "k"
    for j in range(3):
        with C():
            if j:
                break
    return k, j


def while_unwind():
    u = "u"
    n = 0
    while True:
        try:
            n += 1
            if n > 3:
                break
        finally:
            z = [u, [n, [u, [n, [u]]]]]
    return u, n, z


def gen():
    g = "g"
    for i in range(3):
        try:
            yield (g, i)
            if i == 1:
                return
        finally:
            t = (g, (i, (g, (i, (g,)))))
            print("gen finally", t)


print(loop_unwind())
print(return_unwind(5))
print(with_unwind())
print(while_unwind())
print(list(gen()))
