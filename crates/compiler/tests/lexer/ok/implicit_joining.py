x = (1,  # one
     2,

     # blank and comment lines inside
     3)
y = [
    a
    for a in b
]
z = {
'k':
  'v'}
