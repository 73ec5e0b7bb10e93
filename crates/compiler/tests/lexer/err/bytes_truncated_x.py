s = b'\xZ'
