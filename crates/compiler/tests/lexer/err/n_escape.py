s = '\N{EM DASH}'
