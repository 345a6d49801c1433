"""Memoising the importer's pure text functions.

A plan names the same bodies and repeats the same clauses many times, and one paragraph is
read by several steps (its duty's kind, its report's cadence, recipient and senders): a
200-page plan asks the same question thousands of times. The answers depend on the text only,
so they are kept, bounded, per process.
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

T = TypeVar("T")
SIZE = 16384


def memo(fn: Callable[..., T]) -> Callable[..., T]:
    """For functions answering an immutable value (str, int, bool, None, tuple)."""
    return functools.lru_cache(maxsize=SIZE)(fn)


def memo_list(fn: Callable[..., list]) -> Callable[..., list]:
    """For functions answering a list: kept as a tuple, each caller gets its own list."""
    kept = functools.lru_cache(maxsize=SIZE)(lambda *args, **kwargs: tuple(fn(*args, **kwargs)))

    @functools.wraps(fn)
    def fresh(*args, **kwargs) -> list:
        return list(kept(*args, **kwargs))

    fresh.cache_clear = kept.cache_clear  # type: ignore[attr-defined]
    return fresh
