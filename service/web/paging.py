"""A list shown a page at a time: the page asked for (``?trang=N``), the rows of that page
kept within the pages there are, and the query's other arguments for the page links."""
from __future__ import annotations

from flask import request


def page_number(name: str = "trang") -> int:
    try:
        return max(1, int(request.args.get(name, "1")))
    except ValueError:
        return 1


def filter_args(drop=("trang", "sau")) -> dict:
    return {k: v for k, v in request.args.to_dict().items() if k not in drop}


def paged(rows: list, size: int) -> tuple[list, int, int]:
    pages = max(1, -(-len(rows) // size))
    page = min(page_number(), pages)
    return rows[(page - 1) * size:page * size], page, pages
