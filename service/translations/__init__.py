"""The message catalogue: every text a person reads, Vietnamese the source language.

The Vietnamese text is the message id (gettext's habit); ``en/LC_MESSAGES/messages.po`` holds
its English, compiled to ``messages.mo`` for Flask-Babel. Texts are found where they are
written: ``_("...")`` in the web's Python and templates, and ``N_("...")`` (service.texts) in
the tables of refusals, warnings and timeline words that are looked up by code.

``python -m service.translations`` finds the texts again, adds the new ones to the English
catalogue (empty, to be translated), marks the ones no longer used as obsolete and compiles
the catalogue. ``tests/web/test_catalogue.py`` fails while a text has no English or the
compiled file is older than its source.
"""
from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]  # service/
DIRECTORY = Path(__file__).resolve().parent
DOMAIN = "messages"
LANGUAGES = ("en",)
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
SKIP = ("translations",)


def po_path(lang: str) -> Path:
    return DIRECTORY / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return DIRECTORY / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract() -> Catalog:
    """Every marked text of the service, with where it is written."""
    found = Catalog(locale="vi", domain=DOMAIN, project="dondoc")
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT, METHODS, keywords=KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True, directory_filter=_wanted):
        if not any(ch.isalpha() for ch in (message if isinstance(message, str) else message[0])):
            continue  # a dash or a number is the same in every language
        found.add(message, locations=[(f"service/{filename}", lineno)],
                  auto_comments=comments, context=context)
    return found


def _wanted(dirpath: str) -> bool:
    name = Path(dirpath).name
    return not (name.startswith((".", "_")) or name in SKIP)


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


# The catalogue's header keeps one date, and its entries name files without line numbers, so
# that finding the texts again changes the files only when a text changes (no merge churn).
STABLE_DATE = datetime(2026, 11, 29, tzinfo=timezone.utc)


def write(catalog: Catalog, lang: str) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.creation_date = catalog.revision_date = STABLE_DATE
    with path.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True, omit_header=False,
                 ignore_obsolete=True, include_lineno=False)
    mo_path(lang).write_bytes(compiled(catalog))


def compiled(catalog: Catalog) -> bytes:
    out = BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    return [m.id for m in catalog if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
