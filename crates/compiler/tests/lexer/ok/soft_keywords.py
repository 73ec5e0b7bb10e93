match x:
    case [a, _]:
        pass
    case _:
        match = case = type = 1
