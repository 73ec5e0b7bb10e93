if x:
	if y:
		z = 1
	else:
		z = 2
