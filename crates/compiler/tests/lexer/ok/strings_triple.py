'''one
two
three'''
"""with 'quotes' and "inner" ones"""
''''''
'''a''' + """b"""
