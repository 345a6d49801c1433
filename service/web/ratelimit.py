"""Sign-in attempts per client address, counted in memory (per process).

The per-person lockout in ``service.auth.credentials`` stops guessing one password; this stops
one address from trying many usernames. Several gunicorn workers each keep their own count,
which only loosens the limit by that factor.
"""
from __future__ import annotations

import threading
from collections import deque
from datetime import datetime, timedelta


class AttemptLimiter:
    def __init__(self, limit: int = 20, window: timedelta = timedelta(minutes=15)):
        self.limit, self.window = limit, window
        self._seen: dict[str, deque] = {}
        self._lock = threading.Lock()

    def blocked(self, key: str, now: datetime) -> bool:
        with self._lock:
            times = self._trim(key, now)
            return len(times) >= self.limit

    def record(self, key: str, now: datetime) -> None:
        with self._lock:
            self._trim(key, now).append(now)

    def clear(self, key: str) -> None:
        with self._lock:
            self._seen.pop(key, None)

    def _trim(self, key: str, now: datetime) -> deque:
        times = self._seen.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times
