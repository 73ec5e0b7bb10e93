# Inheritance and method resolution.
class Animal:
    sound = '...'
    def __init__(self, name):
        self.name = name
    def speak(self):
        return self.name + ' says ' + self.sound
    def kind(self):
        return 'animal'
class Dog(Animal):
    sound = 'woof'
    def kind(self):
        return 'dog'
class Puppy(Dog):
    def speak(self):
        return Dog.speak(self) + '!'
for a in (Animal('generic'), Dog('rex'), Puppy('bit')):
    print(a.speak(), a.kind())
print(issubclass(Puppy, Animal), issubclass(Animal, Dog), isinstance(Puppy('x'), Dog))
class Base:
    def __init__(self):
        self.log = ['base']
class Derived(Base):
    def __init__(self):
        super().__init__()
        self.log.append('derived')
print(Derived().log)
class A:
    def who(self):
        return 'A'
class B(A):
    def who(self):
        return 'B>' + super().who()
class C(B):
    def who(self):
        return 'C>' + super().who()
print(C().who())
