"""An SMS as it will be sent, whatever the gateway: the number normalised to +84... (a bad one
fails for good, before any request), the text without diacritics unless ``unicode``, and its
length in GSM-7 or UCS-2 segments."""

from __future__ import annotations

from dataclasses import dataclass

from notifications.errors import InvalidPhoneNumber, TransportError
from notifications.gsm import SmsLength, sms_length
from notifications.message import OutgoingSms
from notifications.phones import normalize_phone
from notifications.transliterate import to_sms_text


@dataclass(frozen=True)
class PreparedSms:
    phone: str  # E.164
    text: str
    length: SmsLength


def prepare_sms(sms: OutgoingSms, unicode: bool = False) -> PreparedSms:
    """Normalised number and the text as it will be sent; permanent errors if neither."""
    try:
        phone = normalize_phone(sms.to)
    except InvalidPhoneNumber as error:
        raise TransportError(str(error), permanent=True) from error
    text = to_sms_text(sms.text, unicode=unicode).strip()
    if not text:
        raise TransportError("empty SMS text", permanent=True)
    return PreparedSms(phone, text, sms_length(text))
