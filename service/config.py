"""Configuration from the environment. Read when the app is created, never at import time."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from notifications.email import SmtpSettings

DEFAULT_SENDER = "Đôn đốc <dondoc@localhost>"


@dataclass
class Settings:
    database_url: str
    secret_key: str
    instance_path: Path
    base_url: str = "http://127.0.0.1:5000"
    base_url_given: bool = False  # DONDOC_BASE_URL was set: links never follow the port served
    smtp: dict = field(default_factory=dict)
    sms: dict = field(default_factory=dict)
    secure_cookies: str | None = None  # "1": cookies only over HTTPS (default: if base_url is https)
    log_key: str = ""  # the event log's HMAC key; empty: service.log_key finds it (env, file)
    zalo: dict = field(default_factory=dict)
    task_link_days: int = 14  # how long the link in a message opens its task without a password

    @classmethod
    def from_env(cls, instance_path: Path, env: dict | None = None) -> "Settings":
        env = os.environ if env is None else env
        default_db = f"sqlite:///{instance_path / 'dondoc.sqlite3'}"
        return cls(
            database_url=env.get("DONDOC_DATABASE_URL", default_db),
            secret_key=env.get("DONDOC_SECRET_KEY", ""),
            instance_path=instance_path,
            base_url=env.get("DONDOC_BASE_URL", "http://127.0.0.1:5000"),
            base_url_given=bool(env.get("DONDOC_BASE_URL")),
            smtp=_prefixed(env, "DONDOC_SMTP_"),
            sms=_prefixed(env, "DONDOC_SMS_"),
            secure_cookies=env.get("DONDOC_SECURE_COOKIES"),
            zalo=_prefixed(env, "DONDOC_ZALO_"),
            task_link_days=_positive(env, "DONDOC_TASK_LINK_DAYS", 14),
        )

    def serving(self, host: str, port: int) -> str:
        """Links in messages lead where the service runs (``dondoc run --port 5201``), unless
        DONDOC_BASE_URL says where people open it. Returns the base URL in force."""
        if not self.base_url_given:
            shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
            shown = f"[{shown}]" if ":" in shown else shown
            self.base_url = f"http://{shown}:{port}"
        return self.base_url


def _positive(env, name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name}={raw!r}: a whole number of days, 1 or more")
    return int(raw)


def _prefixed(env, prefix: str) -> dict:
    return {k[len(prefix):].lower(): v for k, v in env.items() if k.startswith(prefix)}


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def smtp_settings(smtp: Mapping[str, Any]) -> SmtpSettings | None:
    """The relay from DONDOC_SMTP_* (HOST, PORT, SENDER, USER or USERNAME, PASSWORD, STARTTLS,
    SSL, TIMEOUT, CA_FILE, MAX_PER_CONNECTION, CONNECTIONS); None when no HOST is set. Built once, by the bootstrap, for every
    sender (the outbox dispatcher and the web's password reset). The port defaults to 465 under
    implicit TLS (SMTPS), else 25; STARTTLS relays usually say 587 themselves."""
    if not smtp.get("host"):
        return None
    ssl = _flag(smtp.get("ssl", ""))
    try:
        return SmtpSettings(
            host=smtp["host"],
            port=int(smtp.get("port") or (465 if ssl else 25)),
            sender=smtp.get("sender") or DEFAULT_SENDER,
            username=smtp.get("user") or smtp.get("username") or None,
            password=smtp.get("password") or None,
            starttls=_flag(smtp.get("starttls", "")),
            ssl=ssl,
            timeout=float(smtp.get("timeout") or 30),
            ca_file=smtp.get("ca_file") or None,
            max_per_connection=int(smtp.get("max_per_connection") or 20),
            connections=int(smtp.get("connections") or 1),
        )
    except ValueError as exc:  # a port or timeout that is not a number, TLS both ways, ...
        raise ValueError(f"DONDOC_SMTP_* settings: {exc}") from None
