"""Why a command was refused, in words a person can act on (Vietnamese unless they chose
English): the service's error table (``service.errors``) rendered for the pages."""
from __future__ import annotations

from service.errors import answer_for
from service.web.i18n import _


def describe_vi(exc: BaseException) -> str | None:
    """A message for the person, or None when the error is not theirs to fix (let it raise)."""
    answer = answer_for(exc)
    if answer is None:
        return None
    values = {k: _(v) if isinstance(v, str) else v for k, v in answer.values.items()}
    return _(answer.message, **values)
