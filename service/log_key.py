"""The event log's key: the HMAC key its hash chain and signed head are made with.

Kept apart from the database (whoever can write the database must not also hold the key), and
apart from the secret key (rotating that one signs everyone out; this one must never change for
a log). Found, in order: DONDOC_LOG_KEY (the key itself), DONDOC_LOG_KEY_FILE (a file holding
it), else the instance folder's ``log_key`` file, created owner-only on first use. Losing it
does not lose the log, but the log can then no longer be proved intact nor written: back it up
apart from the database backups (README).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from service.private_files import private_dir, write_new


def load_log_key(instance: Path, env: dict | None = None) -> str:
    env = os.environ if env is None else env
    if env.get("DONDOC_LOG_KEY"):
        return env["DONDOC_LOG_KEY"]
    if env.get("DONDOC_LOG_KEY_FILE"):
        path = Path(env["DONDOC_LOG_KEY_FILE"])
        try:
            key = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ValueError(f"DONDOC_LOG_KEY_FILE={path}: cannot read the log key ({exc.strerror})")
        if not key:
            raise ValueError(f"DONDOC_LOG_KEY_FILE={path}: the file is empty")
        return key
    path = Path(instance) / "log_key"
    if not path.exists():
        if not path.parent.exists():
            private_dir(path.parent)
        try:
            write_new(path, secrets.token_urlsafe(48).encode())  # owner-only from its first byte
        except FileExistsError:
            pass  # another process made it first: use theirs
    return path.read_text(encoding="utf-8").strip()
