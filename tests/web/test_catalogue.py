"""The message catalogue (service.translations): every text a person reads has its English, the
English keeps the text's placeholders, and the compiled catalogue Flask-Babel loads is the one
its source says."""
from __future__ import annotations

import re
from string import Formatter

import pytest

from service.translations import LANGUAGES, compiled, extract, mo_path, read, untranslated


@pytest.fixture(scope="module")
def texts():
    return extract()


def _names(text) -> set[str]:
    """The placeholders of a text, or of every form of a plural one."""
    forms = text if isinstance(text, tuple) else (text,)
    return {field for form in forms for _, field, _, _ in Formatter().parse(form) if field}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_is_in_the_catalogue_and_translated(texts, lang):
    catalog = read(lang)
    missing = [m.id for m in texts if m.id and m.id not in catalog]
    assert not missing, (f"texts not in {lang}'s catalogue (run `python -m service.translations`, "
                         f"then translate): {missing[:10]}")
    assert not untranslated(catalog), f"texts without {lang}: {untranslated(catalog)[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang):
    wrong = [(m.id, m.string) for m in read(lang) if m.id and _names(m.id) != _names(m.string)]
    assert not wrong, f"placeholders differ: {wrong[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_is_up_to_date(lang):
    assert mo_path(lang).read_bytes() == compiled(read(lang)), (
        f"{mo_path(lang)} is older than its .po: run `python -m service.translations`")


def test_the_catalogue_finds_texts_in_tables_and_templates(texts):
    where = {loc for m in texts for loc, _ in m.locations}
    assert any(re.search(r"templates/task\.html$", w) for w in where)
    assert any(w.endswith("service/errors.py") for w in where)  # the refusals, marked with N_
    assert "Đã ghi vào tệp – chưa cấu hình máy chủ gửi tin" in texts
    assert any(w.endswith("service/cli/plan.py") for w in where)  # the command line's words


def test_counts_follow_each_languages_plural_rules():
    from babel.support import Translations

    from service.translations import DIRECTORY, DOMAIN

    en = Translations.load(str(DIRECTORY), ["en"], DOMAIN)
    assert en.ngettext("{n} nhiệm vụ", "{n} nhiệm vụ", 1) == "{n} task"
    assert en.ngettext("{n} nhiệm vụ", "{n} nhiệm vụ", 3) == "{n} tasks"


def test_numbers_and_counts_as_each_reader_writes_them(app):
    from flask import session

    from service.web.i18n import ngettext, number

    with app.test_request_context():
        assert number(12345.5) == "12.345,5"
        assert ngettext("{n} nhiệm vụ", "{n} nhiệm vụ", 12345) == "12.345 nhiệm vụ"
    with app.test_request_context():
        session["lang"] = "en"
        assert number(12345.5) == "12,345.5"
        assert ngettext("{n} nhiệm vụ", "{n} nhiệm vụ", 1) == "1 task"
        assert ngettext("{n} nhiệm vụ", "{n} nhiệm vụ", 12345) == "12,345 tasks"
