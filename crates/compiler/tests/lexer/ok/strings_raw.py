r'\n' R'\d+' r"\"" r'\\' r'a\
b'
