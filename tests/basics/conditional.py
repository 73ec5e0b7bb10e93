# if/elif/else and conditional expressions.
def classify(n):
    if n < 0:
        return 'neg'
    elif n == 0:
        return 'zero'
    elif n < 10:
        return 'small'
    else:
        return 'big'
print([classify(n) for n in (-5, 0, 5, 50)])
print('yes' if 1 else 'no', 'yes' if [] else 'no')
x = 5
y = 'even' if x % 2 == 0 else 'odd'
print(y)
print(1 if True else 2 if False else 3)
if not []:
    print('empty is falsy')
if 0 < x < 10 and x != 3 or x == 100:
    print('compound')
v = None
print(v or 'fallback', v and 'never')
