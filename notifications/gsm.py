"""GSM 03.38 alphabet check and SMS segment counting.

A single-segment SMS holds 160 GSM-7 characters or 70 UCS-2 code units; a concatenated one
loses room to its header, 153 and 67 a segment. Characters of the GSM extension table are
sent as escape + character and count two; an escape pair, like a surrogate pair in UCS-2,
is never split across two segments.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def non_gsm7_characters(text: str) -> list[str]:
    """The characters that force UCS-2, in order of first appearance (for messages)."""
    seen: list[str] = []
    for ch in text:
        if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION and ch not in seen:
            seen.append(ch)
    return seen


def _costs(text: str, gsm: bool) -> list[int]:
    if gsm:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def _pack(costs: list[int], per_segment: int) -> int:
    segments, used = 1, 0
    for cost in costs:
        if used + cost > per_segment:
            segments, used = segments + 1, 0
        used += cost
    return segments


def sms_length(text: str) -> SmsLength:
    """Encoding, size and number of segments an SMS of ``text`` is billed as."""
    gsm = is_gsm7(text)
    costs = _costs(text, gsm)
    units = sum(costs)
    single, multi = (GSM7_SINGLE, GSM7_MULTI) if gsm else (UCS2_SINGLE, UCS2_MULTI)
    if units == 0:
        segments = 0
    elif units <= single:
        segments = 1
    else:
        segments = _pack(costs, multi)
    return SmsLength("GSM-7" if gsm else "UCS-2", units, segments)


def segment_count(text: str) -> int:
    return sms_length(text).segments

