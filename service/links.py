"""Signed links in messages: one click opens the task, one click stops a channel.

Signed with the app's secret (itsdangerous), so a link cannot be altered to point at another
task or another person's settings. A task link carries the moment it was issued (the
service's clock, not the signer's): whether it still opens the task without a password is
``workflows.task_links``' rule, judged when it is followed.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

TASK_LINK_DAYS = 120
UNSUBSCRIBE_DAYS = 365


@dataclass(frozen=True)
class TaskLink:
    task_id: str
    person_id: str
    issued_at: datetime


@dataclass(frozen=True)
class Links:
    base_url: str
    secret_key: str

    def _signer(self, salt: str) -> URLSafeTimedSerializer:
        return _serializer(self.secret_key, f"dondoc-{salt}")

    def task(self, task_id: str, person_id: str | None = None,
             issued_at: datetime | None = None) -> str:
        data = {"t": task_id, "p": person_id}
        if issued_at is not None:
            data["i"] = int(issued_at.timestamp())
        token = self._signer("task").dumps(data)
        return f"{self.base_url.rstrip('/')}/l/{token}"

    def unsubscribe(self, person_id: str, channel: str) -> str:
        token = self._signer("unsubscribe").dumps({"p": person_id, "c": channel})
        return f"{self.base_url.rstrip('/')}/huy-nhan/{token}"

    def read_task(self, token: str) -> tuple[str, str | None] | None:
        data = self._load("task", token, TASK_LINK_DAYS)
        return (data["t"], data.get("p")) if data and data.get("t") else None

    def read_task_link(self, token: str) -> TaskLink | None:
        """The link's task, person and issue time, if the signature holds (its age is judged
        by the caller, against the service's clock)."""
        data = self._load("task", token, TASK_LINK_DAYS)
        if not data or not data.get("t") or not data.get("p") or not isinstance(data.get("i"), int):
            return None
        return TaskLink(data["t"], data["p"], datetime.fromtimestamp(data["i"], timezone.utc))

    def read_unsubscribe(self, token: str) -> tuple[str, str] | None:
        data = self._load("unsubscribe", token, UNSUBSCRIBE_DAYS)
        return (data["p"], data["c"]) if data and data.get("p") and data.get("c") else None

    def _load(self, salt: str, token: str, days: int):
        try:
            data = self._signer(salt).loads(token, max_age=days * 86400)
        except BadSignature:  # also SignatureExpired
            return None
        return data if isinstance(data, dict) else None


class _Signer(TimestampSigner):
    """itsdangerous' signer, the same bytes: HMAC-SHA1 over a key derived from the secret and
    the salt. Its default digest is a Python function (so that a FIPS build imports it), which
    sends HMAC down the standard library's pure-Python path; ``hashlib.sha1`` itself takes
    OpenSSL's. And the derived key is kept, not derived again at every signature."""

    default_digest_method = staticmethod(hashlib.sha1)

    @functools.cached_property
    def _derived(self) -> bytes:
        return super().derive_key()

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        return self._derived if secret_key is None else super().derive_key(secret_key)


class _Serializer(URLSafeTimedSerializer):
    """Its signer for its own salt made once (a signer keeps no state between calls)."""

    default_signer = _Signer

    @functools.cached_property
    def _own_signer(self) -> _Signer:
        return super().make_signer(self.salt)

    def make_signer(self, salt=None):
        return self._own_signer if salt is None or salt == self.salt else super().make_signer(salt)


@functools.lru_cache(maxsize=8)
def _serializer(secret_key: str, salt: str) -> URLSafeTimedSerializer:
    """Built once per key and salt (a dispatcher signs two links a message); it keeps no
    state between calls."""
    return _Serializer(secret_key, salt=salt)


def links_for(dd) -> Links:
    return Links(dd.settings.base_url, dd.settings.secret_key)
