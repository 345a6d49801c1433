"""Numbers as Vietnamese writes them: one reader (workflows.numbers) for the importer, the web
form and the API."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from workflows.numbers import NotANumber, parse_number, plain_number


@pytest.mark.parametrize("text, value", [
    ("1.600", 1600), ("43,6", Decimal("43.6")), ("15.000", 15000), ("1.234.567,89", Decimal("1234567.89")),
    ("5", 5), ("05", 5), ("-3", -3), ("−3", -3), ("+7", 7), ("96,5%", Decimal("96.5")), ("1 600", 1600),
    ("1\u00a0600", 1600), ("1.5", Decimal("1.5")), ("12.75", Decimal("12.75")), (".5", Decimal("0.5")),
])
def test_examples(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "-", "%", "abc", "1,600.5", "1.600.5", "1,2,3", "1..6", "Infinity",
                                  "NaN", "1e5", "1.600,", ",5", "12.34.567"])
def test_anything_else_is_refused_naming_the_text(text):
    with pytest.raises(NotANumber) as caught:
        parse_number(text)
    assert repr(text) in str(caught.value) and caught.value.text == text


def test_percent_sign_can_be_refused():
    with pytest.raises(NotANumber):
        parse_number("43,6%", percent=False)


def vietnamese(value: Decimal, grouped: bool) -> str:
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", ".")
    return sign + whole + ("," + fraction if fraction else "")


decimals = st.decimals(min_value=-10**12, max_value=10**12, allow_nan=False, allow_infinity=False,
                       places=3)


@given(decimals, st.booleans())
def test_what_vietnamese_writes_reads_back(value, grouped):
    assert parse_number(vietnamese(value, grouped)) == value


@given(st.integers(min_value=1000, max_value=10**12))
def test_a_thousands_group_is_never_a_decimal_point(n):
    # "1.600" is 1600: three digits after a "." are always a group
    assert parse_number(f"{n:,}".replace(",", ".")) == n


@given(st.text(max_size=20))
def test_any_text_is_a_number_or_refused_as_one(text):
    try:
        value = parse_number(text)
    except NotANumber:
        return
    assert value.is_finite()


@given(decimals)
def test_plain_number_keeps_the_value(value):
    plain = plain_number(value)
    assert isinstance(plain, int) == (value == value.to_integral_value())
    assert Decimal(repr(plain)) == value  # at most 15 significant digits: a float keeps them
