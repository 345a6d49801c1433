"""Vietnamese mobile numbers in E.164 (+84...), the form gateways and the database keep."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberType

from notifications.errors import InvalidPhoneNumber

REGION = "VN"
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_ALLOWED = re.compile(r"^[0-9+ .()\-]+$")

# Eleven-digit mobile numbers were shortened to ten in 2018; contact lists typed before
# that still hold them. We name the new prefix rather than rewrite the number on our
# own: a reminder sent to a guessed number reaches a stranger.
OLD_MOBILE_PREFIXES = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036",
    "0167": "037", "0168": "038", "0169": "039",
    "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
    "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0186": "056", "0188": "058", "0199": "059",
}


def _refuse(raw: str, reason: str, vi: str) -> InvalidPhoneNumber:
    return InvalidPhoneNumber(raw, reason, vi)


def _old_number_hint(raw: str, digits: str) -> InvalidPhoneNumber | None:
    national = "0" + digits[2:] if digits.startswith("84") else digits
    if len(national) != 11:
        return None
    new_prefix = OLD_MOBILE_PREFIXES.get(national[:4])
    if new_prefix is None:
        return None
    new = new_prefix + national[4:]
    return _refuse(
        raw,
        f"11-digit number from before 2018; the new number is probably {new}",
        f"Số {raw} là số 11 chữ số cũ (trước năm 2018), nay có thể là {new}: "
        "hãy kiểm tra lại và nhập số mới.",
    )


def normalize_phone(raw: str) -> str:
    """"0912 345 678", "84912345678", "+84 912-345-678" -> "+84912345678".

    Raises InvalidPhoneNumber for anything that is not a Vietnamese mobile number.
    """
    text = (raw or "").strip()
    if not text:
        raise _refuse(raw, "empty", "Chưa nhập số điện thoại.")
    if not _ALLOWED.match(text):
        raise _refuse(raw, "only digits, spaces, dots, dashes and + are allowed",
                      f"Số điện thoại {text} chỉ được có chữ số, dấu cách, dấu chấm, "
                      "dấu gạch ngang và dấu +.")
    digits = re.sub(r"\D", "", text)
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as error:
        raise _refuse(raw, str(error), f"Không đọc được số điện thoại {text}.") from None
    if phonenumbers.region_code_for_number(number) != REGION:
        raise _refuse(raw, "not a Vietnamese number",
                      f"Số {text} không phải số điện thoại Việt Nam (+84).")
    if not phonenumbers.is_valid_number(number):
        hint = _old_number_hint(raw, digits)
        if hint is not None:
            raise hint
        raise _refuse(raw, "not a valid Vietnamese number",
                      f"Số {text} không phải số điện thoại hợp lệ "
                      "(số di động có 10 chữ số, ví dụ 0912 345 678).")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise _refuse(raw, "not a mobile number (cannot receive SMS)",
                      f"Số {text} là số máy bàn, không nhận được tin nhắn SMS: "
                      "hãy nhập số di động.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_digits(e164: str) -> str:
    """"+84912345678" -> "0912345678", the form most Vietnamese SMS providers expect."""
    if not e164.startswith("+84"):
        raise ValueError(f"not a Vietnamese E.164 number: {e164!r}")
    return "0" + e164[3:]


def is_valid_phone(raw: str) -> bool:
    try:
        normalize_phone(raw)
    except InvalidPhoneNumber:
        return False
    return True
