rf'\d{x}\n'
fR'{x}\{y}'
f'''line1 {a}
line2 {b
  + c}
'''
