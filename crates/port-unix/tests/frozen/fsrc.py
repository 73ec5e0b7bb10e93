# Frozen as source (`str` mode): compiled on import.
GREETING = "hello from frozen source"


def double(x):
    return 2 * x
