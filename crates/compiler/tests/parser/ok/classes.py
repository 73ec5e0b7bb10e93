class A:
    pass
class B(A):
    x = 1
    y: int = 2
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.z = 3
    @property
    def value(self):
        return self._value
    @value.setter
    def value(self, v):
        self._value = v
    @staticmethod
    def s():
        pass
    @classmethod
    def c(cls):
        return cls()
    class Inner:
        pass
class C(A, B, metaclass=Meta):
    pass
class D(*bases, **kwds):
    pass
@decorator
@decorator.with_args(1, key=2)
@decorators[0]
@(lambda c: c)
@a if b else c
@(yield_)
class E:
    "docstring"
