"""Vietnamese first, English on request: ``_(text)`` looks the Vietnamese text up in the
English catalogue when the reader chose English (gettext's habit: the source text is the key).
"""
from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, session, url_for

from service.web.i18n_en import EN
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
    if language() == "en":
        message = EN.get(message, message)
    return message.format(**values) if values else message


@bp.post("/lang/<code>")
def switch(code: str):
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(local_path(request.form.get("next")) or url_for("auth.home"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(_=_, language=language, LANGUAGES=LANGUAGES)
