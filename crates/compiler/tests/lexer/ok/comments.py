# first
x = 1 # after code
  # odd indent comment
if x:  # block
    # inside
    y = 2
# done