'héllo wörld ✓ 😀'
'\u00e9\U0001F600\u20ac'
'\xe9\351'
