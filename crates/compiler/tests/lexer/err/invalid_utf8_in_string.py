s = 'abÃ('
