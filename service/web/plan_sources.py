"""The source lines of an imported plan (kept in the log with the import, whether it came
through the web, the API or the command line), so a draft reads beside its document."""
from __future__ import annotations

from service.projections.plan_sources import source_lines as _lines
from service.web.context import reading


def source_lines(sha256: str | None) -> list[str]:
    with reading() as conn:
        return _lines(conn, sha256)


def source_line(sha256: str | None, line: int | None) -> str | None:
    lines = source_lines(sha256)
    if not line or line < 1 or line > len(lines):
        return None
    return lines[line - 1]
