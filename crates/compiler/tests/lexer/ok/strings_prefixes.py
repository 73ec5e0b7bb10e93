u'x' U'x' r'x' R'x' b'x' B'x' br'x' bR'x' Br'x' BR'x' rb'x' rB'x' Rb'x' RB'x'
f'x' F'x' fr'x' fR'x' Fr'x' FR'x' rf'x' rF'x' Rf'x' RF'x'
