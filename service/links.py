"""Signed links in messages: one click opens the task, one click stops a channel.

Signed with the app's secret (itsdangerous), so a link cannot be altered to point at another
task or another person's settings. Opening a task still needs the person to be signed in.
"""
from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

TASK_LINK_DAYS = 120
UNSUBSCRIBE_DAYS = 365


@dataclass(frozen=True)
class Links:
    base_url: str
    secret_key: str

    def _signer(self, salt: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret_key, salt=f"dondoc-{salt}")

    def task(self, task_id: str, person_id: str | None = None) -> str:
        token = self._signer("task").dumps({"t": task_id, "p": person_id})
        return f"{self.base_url.rstrip('/')}/l/{token}"

    def unsubscribe(self, person_id: str, channel: str) -> str:
        token = self._signer("unsubscribe").dumps({"p": person_id, "c": channel})
        return f"{self.base_url.rstrip('/')}/huy-nhan/{token}"

    def read_task(self, token: str) -> tuple[str, str | None] | None:
        data = self._load("task", token, TASK_LINK_DAYS)
        return (data["t"], data.get("p")) if data and data.get("t") else None

    def read_unsubscribe(self, token: str) -> tuple[str, str] | None:
        data = self._load("unsubscribe", token, UNSUBSCRIBE_DAYS)
        return (data["p"], data["c"]) if data and data.get("p") and data.get("c") else None

    def _load(self, salt: str, token: str, days: int):
        try:
            data = self._signer(salt).loads(token, max_age=days * 86400)
        except BadSignature:  # also SignatureExpired
            return None
        return data if isinstance(data, dict) else None


def links_for(dd) -> Links:
    return Links(dd.settings.base_url, dd.settings.secret_key)
