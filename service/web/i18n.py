"""Vietnamese first, English on request, through Flask-Babel and gettext catalogues.

``_(text, **values)`` looks the Vietnamese text up in the reader's catalogue (the source text
is the message id; service.translations keeps the catalogue) and fills in ``{name}`` values.
The reader's language is their choice, kept in the session; Vietnamese when none is made.
"""
from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_decimal
from flask import Blueprint, Flask, redirect, request, session, url_for
from flask_babel import Babel, get_locale, get_translations

from service.translations import DIRECTORY, DOMAIN
from service.web.redirects import local_path

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
bp = Blueprint("i18n", __name__)


def language() -> str:
    try:
        lang = session.get("lang")
    except RuntimeError:  # outside a request
        return "vi"
    return lang if lang in LANGUAGES else "vi"


def _(message: str, /, **values) -> str:
    if language() != "vi":
        message = get_translations().gettext(message)
    return message.format(**values) if values else message


def ngettext(singular: str, plural: str, n: int, /, **values) -> str:
    """A count in the reader's language: Vietnamese has one form, English two; ``{n}`` is the
    count written as the reader writes numbers."""
    text = singular if language() == "vi" else get_translations().ngettext(singular, plural, n)
    return text.format(n=number(n), **values)


def number(value) -> str:
    """A count or a figure as the reader writes it: 12.345,5 in Vietnamese, 12,345.5 in English."""
    if value is None or value == "":
        return ""
    return _decimal(type(value), value, str(get_locale() or "vi"))


@lru_cache(maxsize=4096)
def _decimal(kind: type, value, locale: str) -> str:
    """Babel's number format (a pure function of the value and the locale, and a page writes
    the same counts again and again), by type too: 1 and 1.0 are one key otherwise."""
    return format_decimal(value, locale=locale)


@bp.post("/lang/<code>")
def switch(code: str):
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(local_path(request.form.get("next")) or url_for("auth.home"))


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "vi")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Asia/Ho_Chi_Minh")
    Babel(app, locale_selector=language, default_translation_directories=str(DIRECTORY),
          default_domain=DOMAIN)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(_=_, ngettext=ngettext, language=language, LANGUAGES=LANGUAGES)
    app.jinja_env.filters.update(number=number)
