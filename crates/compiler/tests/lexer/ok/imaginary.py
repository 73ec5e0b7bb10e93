1j 1J 1.5j 1.5J .5j 1e5j 0j 00j 1_0j
