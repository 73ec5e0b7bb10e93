public_a = 1
public_b = 'b'
_private_c = 3
def public_fn():
    return 'fn'
