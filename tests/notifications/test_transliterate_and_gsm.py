import unicodedata

import pytest

from notifications.gsm import is_gsm7, non_gsm7_characters, segment_count, sms_length
from notifications.transliterate import remove_diacritics, to_sms_text


@pytest.mark.parametrize("vietnamese,plain", [
    ("Sở Lao động - Thương binh và Xã hội", "So Lao dong - Thuong binh va Xa hoi"),
    ("ĐOÀN THANH NIÊN Cộng sản Hồ Chí Minh", "DOAN THANH NIEN Cong san Ho Chi Minh"),
    ("Ủy ban nhân dân tỉnh Kiên Giang", "Uy ban nhan dan tinh Kien Giang"),
    ("Phường Hòa Khánh Bắc, quận Liên Chiểu", "Phuong Hoa Khanh Bac, quan Lien Chieu"),
    ("ưu tiên ơn huệ ắt ẩn ễnh ộ ự ỹ ỵ", "uu tien on hue at an enh o u y y"),
])
def test_diacritics_removed(vietnamese, plain):
    assert remove_diacritics(vietnamese) == plain
    # decomposed input (macOS, some PDF extractors) gives the same result
    assert remove_diacritics(unicodedata.normalize("NFD", vietnamese)) == plain


def test_every_vietnamese_letter_becomes_gsm7():
    letters = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợ"
               "pqrstuùúủũụưừứửữựvxyỳýỷỹỵ")
    for text in (letters, letters.upper()):
        plain = remove_diacritics(text)
        assert plain.isascii() and is_gsm7(plain), non_gsm7_characters(plain)


def test_typography_that_forces_ucs2_is_replaced():
    text = "“Báo cáo” – hạn\u00a015/6… ‘gấp’\u200b"
    assert to_sms_text(text) == "\"Bao cao\" - han 15/6... 'gap'"
    assert is_gsm7(to_sms_text(text))
    kept = to_sms_text(text, unicode=True)
    assert kept == "\"Báo cáo\" - hạn 15/6... 'gấp'"


def test_unicode_mode_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Hạn nộp")
    assert to_sms_text(decomposed, unicode=True) == "Hạn nộp"
    assert sms_length(to_sms_text(decomposed, unicode=True)).units == 7


def test_segments_gsm7():
    assert segment_count("") == 0
    assert sms_length("a" * 160) .segments == 1
    assert sms_length("a" * 161).segments == 2
    assert sms_length("a" * 306).segments == 2
    assert sms_length("a" * 307).segments == 3


def test_extension_characters_count_two_and_are_not_split():
    assert sms_length("€" * 80) == sms_length("€" * 80).__class__("GSM-7", 160, 1)
    assert sms_length("a" * 159 + "[").segments == 2
    # 152 septets then an escape pair: the pair moves whole to the second segment
    assert sms_length("a" * 152 + "{" + "a" * 152).segments == 3
    assert sms_length("a" * 151 + "{" + "a" * 153).segments == 2


def test_segments_ucs2():
    assert sms_length("ạ" * 70) == sms_length("ạ" * 70).__class__("UCS-2", 70, 1)
    assert sms_length("ạ" * 71).segments == 2
    assert sms_length("ạ" * 134).segments == 2
    assert sms_length("ạ" * 135).segments == 3
    assert sms_length("😀").units == 2  # a surrogate pair


def test_non_gsm_characters_are_named():
    assert non_gsm7_characters("Hạn nộp – ngay") == ["ạ", "ộ", "–"]
    assert is_gsm7("Prix: 5€ {ok} é à")
