"""Dates as Vietnamese readers write them: dd/mm/yyyy, in Asia/Ho_Chi_Minh."""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache

from vn_collate import collate_key

from flask import Flask

from workflows.localtime import VN_TZ


def vn_date(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = _local(value).date()
    return value.strftime("%d/%m/%Y")


def vn_datetime(value) -> str:
    if value is None:
        return ""
    return _local(value).strftime("%d/%m/%Y %H:%M")


def _local(dt: datetime) -> datetime:
    if dt.tzinfo is None:  # SQLite hands back naive UTC
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(VN_TZ)


def parse_vn_date(text: str) -> date | None:
    """dd/mm/yyyy as typed, or yyyy-mm-dd from a date input; None when empty or unreadable."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def file_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


def by_name(items, attribute: str | None = None):
    """Names in Vietnamese alphabetical order (a ă â b c d đ ..., tones after letters: ICU's
    rules, through vn-collate), never by code point ("Ủy ban" before "Viện"). ``items`` may be
    a dict (sorted by value, as pairs), or rows sorted by ``attribute``."""
    if isinstance(items, dict):
        return sorted(items.items(), key=lambda kv: _name_key(str(kv[1] or "")))
    def name(r):
        if attribute is None:
            return r
        return r[attribute] if isinstance(r, dict) else getattr(r, attribute)
    return sorted(items, key=lambda r: _name_key(str(name(r) or "")))


# A name's key is a pure function of the name: each page sorts the same agency and plan names,
# so their keys are kept (the filter forms sort every agency on every request).
_name_key = lru_cache(maxsize=16384)(collate_key)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(vndate=vn_date, vndatetime=vn_datetime, filesize=file_size,
                                 byname=by_name)
