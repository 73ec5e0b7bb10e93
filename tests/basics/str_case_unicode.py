# Case mapping beyond ASCII.
for s in ["héllo wörld", "ÀÉÎÕÜ", "Straße", "ÿ", "ΑΒΓ αβγ άέ", "Привет Мир", "čšž ČŠŽ", "µ", "日本 abc"]:
    print(s.upper(), s.lower(), s.swapcase(), s.title(), s.capitalize())
    print(s.isupper(), s.islower(), s.istitle())
print("éa".isalpha(), "ÉÀ".isalpha(), "é1".isalpha())
print(sorted(["b", "É", "a", "é"], key=str.lower))
