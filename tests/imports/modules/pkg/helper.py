print('pkg.helper: body, __name__ =', __name__)
def help_me():
    return 'helped'
