for i in x:
    if i:
        for j in i:
            print(j)