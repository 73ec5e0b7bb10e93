a, "s" = x
