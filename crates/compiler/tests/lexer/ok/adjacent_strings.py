x = ('a' 'b'
     "c" b'' f'd')
y = 'a' \
    'b'
