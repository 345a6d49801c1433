"""Files attached to a result, stored under the instance folder with a random key (the name a
person gave the file never becomes a path); what may be attached: service.upload_checks."""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app

from service.private_files import private_dir, write_new
from service.upload_checks import Checked
from workflows.task_events import Attachment


def upload_dir() -> Path:
    return private_dir(Path(current_app.extensions["dondoc"].settings.instance_path) / "uploads")


def store(checked: Checked) -> Attachment:
    key = secrets.token_hex(16)
    path = upload_dir() / key
    write_new(path, checked.data)  # owner-only: submissions name vulnerable people
    return Attachment(name=checked.name, size=len(checked.data), content_type=checked.content_type,
                      storage_key=key)


def stored_path(storage_key: str) -> Path | None:
    if len(storage_key) != 32 or not all(c in "0123456789abcdef" for c in storage_key):
        return None
    path = upload_dir() / storage_key
    return path if path.is_file() else None
