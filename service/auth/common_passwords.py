"""Passwords long enough but guessed first: the top of the published leak lists (NCSC's
100,000, SecLists) at eight characters and more, with the Vietnamese favourites, and the
patterns behind most of them (one character repeated, a run of digits or keys)."""
from __future__ import annotations

COMMON = frozenset("""
12345678 123456789 1234567890 0123456789 87654321 987654321 11111111 00000000 88888888
12341234 12121212 11223344 123123123 12344321 147258369 123456789a 1234567890a 12345678a
password password1 password123 passw0rd p@ssw0rd p@ssword admin123 administrator
qwertyui qwertyuiop qwerty123 1qaz2wsx 1q2w3e4r 1q2w3e4r5t zaq12wsx asdfghjk asdfghjkl
iloveyou iloveyou1 sunshine princess football baseball superman trustno1 welcome1
welcome123 abc12345 abcd1234 abcdefgh letmein1 starwars whatever computer internet
matkhau matkhau1 matkhau123 matkhau@123 anhyeuem anhyeuem1 emyeuanh yeuemmaimai
vietnam1 vietnam123 hanoi123 saigon123 matkhaumoi 123456abc
""".split())
_RUNS = ("01234567890", "09876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl",
         "zxcvbnm")


def is_common(password: str) -> bool:
    p = password.strip().lower()
    if p in COMMON or len(set(p)) <= 2:  # "aaaaaaaa", "abababab"
        return True
    return any(p in run for run in _RUNS)  # "23456789", "qwertyuio"
