"""When to try a failed message again.

Exponential backoff: base, base*factor, base*factor**2, ... capped at max_delay, each
spread by +/- jitter (a fraction) so that a batch of messages that failed together (the
gateway was down) does not come back all at once. Give a ``random.Random(seed)`` to get
the same schedule every time, as tests do.
"""

from __future__ import annotations

import random as _random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from notifications.errors import TransportError


class RandomSource(Protocol):
    def random(self) -> float: ...


@dataclass(frozen=True)
class Backoff:
    base: timedelta = timedelta(minutes=1)
    factor: float = 2.0
    max_delay: timedelta = timedelta(hours=6)
    max_attempts: int = 8
    jitter: float = 0.1
    random: RandomSource | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.base <= timedelta(0) or self.factor < 1 or self.max_attempts < 1:
            raise ValueError("backoff needs base > 0, factor >= 1, max_attempts >= 1")
        if not 0 <= self.jitter < 1:
            raise ValueError("jitter is a fraction of the delay, 0 <= jitter < 1")

    def next_attempt_delay(self, attempt: int) -> timedelta:
        """How long to wait after failed attempt number ``attempt`` (the first is 1)."""
        if attempt < 1:
            raise ValueError("attempts are counted from 1")
        seconds = self.base.total_seconds() * self.factor ** (attempt - 1)
        seconds = min(seconds, self.max_delay.total_seconds())
        if self.jitter:
            source = self.random if self.random is not None else _random
            seconds *= 1 + self.jitter * (2 * source.random() - 1)
        return timedelta(seconds=min(seconds, self.max_delay.total_seconds()))

    def next_attempt_at(self, attempt: int, now: datetime) -> datetime:
        return now + self.next_attempt_delay(attempt)

    def should_retry(self, error: BaseException, attempt: int) -> bool:
        """Whether to try again after ``attempt`` attempts ended with ``error``.

        Only transient transport errors are retried. Anything else (a template error, a
        bug) gives the same result next time, so it is recorded as failed at once.
        """
        if not isinstance(error, TransportError) or error.permanent:
            return False
        return attempt < self.max_attempts


DEFAULT_BACKOFF = Backoff()


def next_attempt_delay(attempt: int, backoff: Backoff = DEFAULT_BACKOFF) -> timedelta:
    return backoff.next_attempt_delay(attempt)


def should_retry(error: BaseException, attempt: int,
                 backoff: Backoff = DEFAULT_BACKOFF) -> bool:
    return backoff.should_retry(error, attempt)
