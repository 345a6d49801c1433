"""How the command line speaks: Vietnamese unless English is asked for (``--lang en`` or
DONDOC_LANG=en), through the same message catalogue as the pages (service.translations):
``_("...")`` and ``ngettext`` take the Vietnamese text, whose English is in the catalogue.
Counts are said with the language's plural rules ("1 task", "3 tasks", "3 nhiệm vụ"); times are
local to Vietnam (the service stores UTC; a person reads Asia/Ho_Chi_Minh)."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from babel.support import NullTranslations, Translations

from service.texts import N_
from service.translations import DIRECTORY, DOMAIN
from workflows.localtime import VN_TZ

LANGUAGES = ("vi", "en")
SCHEMA_PROBLEMS = {
    "unreachable": N_("không kết nối được cơ sở dữ liệu {where}: {error}"),
    "empty": N_("cơ sở dữ liệu {where} chưa được tạo bảng: hãy chạy `dondoc db upgrade`"),
    "other_revision": N_("cơ sở dữ liệu {where} đang ở phiên bản {current}, bản dondoc này cần {wanted}: "
                         "hãy chạy `dondoc db upgrade` (hoặc nâng cấp dondoc, nếu cơ sở dữ liệu mới hơn)"),
}
ROLE_NAMES = {"administrator": N_("quản trị viên"), "coordinator": N_("cơ quan thường trực"),
              "focal_point": N_("đầu mối"), "leader": N_("lãnh đạo")}
_chosen = {"lang": "vi"}


def use_language(lang: str | None) -> None:
    _chosen["lang"] = lang if lang in LANGUAGES else "vi"


def language() -> str:
    return _chosen["lang"]


@lru_cache(maxsize=None)
def _catalogue(lang: str) -> NullTranslations:
    return Translations.load(str(DIRECTORY), [lang], DOMAIN)


def _(text: str, /, **values) -> str:
    if language() != "vi":
        text = _catalogue(language()).gettext(text)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values) -> str:
    """``singular``/``plural`` with ``{n}``: Vietnamese has one form, English two."""
    text = _catalogue(language()).ngettext(singular, plural, n) if language() != "vi" else singular
    return text.format(n=n, **values)


def local(instant: datetime) -> str:
    """``28/11/2026 07:30 (UTC+7)``."""
    return instant.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M (UTC+7)")


def refusal(exc: BaseException) -> str | None:
    """A refusal of the error table (service.errors) in the reader's language: the Vietnamese
    sentence of its code, or in English the refusal's own detailed reason; None for a bug."""
    from service.errors import answer_for, describe

    if language() != "vi":
        return describe(exc)
    answer = answer_for(exc)
    return None if answer is None else answer.message.format(**answer.values)


def dispatched(counts) -> str:
    """A dispatcher round (service.outbox.dispatcher.DispatchCounts) in one line."""
    if not counts.claimed:
        return _("không có tin nào cần gửi")
    parts = [ngettext("đã gửi {n} tin", "đã gửi {n} tin", counts.sent)]
    if counts.retried:
        parts.append(_("{n} tin sẽ gửi lại", n=counts.retried))
    if counts.failed:
        parts.append(_("{n} tin gửi lỗi, thôi gửi", n=counts.failed))
    if counts.lost:
        parts.append(_("{n} tin do bộ gửi khác nhận", n=counts.lost))
    return ", ".join(parts) + _(" (trong {n} tin đã nhận gửi)", n=counts.claimed)


def swept(report) -> str:
    """A sweep (service.scheduler.sweep.SweepReport) in one line."""
    head = _("quét lúc {at}: ", at=local(report.now))
    if not report.tasks:
        return head + _("không có việc đến hạn")
    parts = [ngettext("{n} nhiệm vụ đến hạn", "{n} nhiệm vụ đến hạn", report.tasks),
             ngettext("ghi {n} lời nhắc", "ghi {n} lời nhắc", report.sent)]
    for n, words in ((report.skipped, _("bỏ qua (đã có lời nhắc mới hơn)")),
                     (report.overdue, _("chuyển sang quá hạn")),
                     (report.escalated, ngettext("báo vượt cấp trong {n} tin", "báo vượt cấp trong {n} tin",
                                                 report.escalation_lists)),
                     (report.conflicts, _("làm lại sau xung đột")),
                     (len(report.failed), _("lỗi (để lần quét sau)"))):
        if n:
            parts.append(f"{n} {words}")
    return head + ", ".join(parts)
