"""Configuration from the environment. Read when the app is created, never at import time."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Settings:
    database_url: str
    secret_key: str
    instance_path: Path
    base_url: str = "http://127.0.0.1:5000"
    smtp: dict = field(default_factory=dict)
    sms: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, instance_path: Path, env: dict | None = None) -> "Settings":
        env = os.environ if env is None else env
        default_db = f"sqlite:///{instance_path / 'dondoc.sqlite3'}"
        return cls(
            database_url=env.get("DONDOC_DATABASE_URL", default_db),
            secret_key=env.get("DONDOC_SECRET_KEY", ""),
            instance_path=instance_path,
            base_url=env.get("DONDOC_BASE_URL", "http://127.0.0.1:5000"),
            smtp=_prefixed(env, "DONDOC_SMTP_"),
            sms=_prefixed(env, "DONDOC_SMS_"),
        )


def _prefixed(env, prefix: str) -> dict:
    return {k[len(prefix):].lower(): v for k, v in env.items() if k.startswith(prefix)}
