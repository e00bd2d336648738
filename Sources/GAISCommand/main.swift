import GAIS
print("gais")
