"""Where a page may send a person back to after signing in or switching language: a path on
this site, decided by parsing the address as a browser would, never by testing its first
characters (``/\\t/evil.example`` passes ``startswith("/")`` and a browser, which drops tabs and
newlines and reads ``\\`` as ``/``, opens ``//evil.example``)."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

_MAX = 2000


def local_path(target: str | None) -> str | None:
    """The target as a same-site path (with its query and fragment), or None if it is not one."""
    if not target or len(target) > _MAX:
        return None
    if any(c == "\\" or c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return None  # what browsers strip or rewrite: a parse of ours would disagree with theirs
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    if path.startswith("//") or path != target:
        return None
    return path
