import pytest

from notifications.errors import InvalidPhoneNumber
from notifications.phones import is_valid_phone, national_digits, normalize_phone


@pytest.mark.parametrize("raw", ["0912 345 678", "84912345678", "+84 912-345-678",
                                 "0912.345.678", " (+84) 912 345 678 ", "912345678"])
def test_accepted_forms(raw):
    assert normalize_phone(raw) == "+84912345678"


@pytest.mark.parametrize("raw", ["0868123456", "0523456789", "0592123456", "0701234567"])
def test_all_carriers(raw):
    assert normalize_phone(raw) == "+84" + raw[1:]


@pytest.mark.parametrize("raw,fragment", [
    ("", "Chưa nhập"),
    ("0912 abc 678", "chỉ được có chữ số"),
    ("0912", "không phải số điện thoại hợp lệ"),
    ("0243 825 1234", "máy bàn"),
    ("+1 415 555 0100", "không phải số điện thoại Việt Nam"),
])
def test_refused_with_a_clear_message(raw, fragment):
    with pytest.raises(InvalidPhoneNumber) as caught:
        normalize_phone(raw)
    assert fragment in caught.value.vi
    assert "invalid phone number" in str(caught.value)
    assert not is_valid_phone(raw)


def test_old_eleven_digit_number_names_the_new_prefix():
    with pytest.raises(InvalidPhoneNumber) as caught:
        normalize_phone("01688 123 456")
    assert "0388123456" in caught.value.vi
    assert "before 2018" in str(caught.value)


def test_national_digits():
    assert national_digits("+84912345678") == "0912345678"
    with pytest.raises(ValueError):
        national_digits("+14155550100")
