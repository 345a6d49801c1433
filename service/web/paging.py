"""A list shown a page at a time: the rows of the page asked for (``?trang=N``, kept within
the pages there are), its number and how many pages there are."""
from __future__ import annotations

from service.web.dashboard import page_number


def paged(rows: list, size: int) -> tuple[list, int, int]:
    pages = max(1, -(-len(rows) // size))
    page = min(page_number(), pages)
    return rows[(page - 1) * size:page * size], page, pages
