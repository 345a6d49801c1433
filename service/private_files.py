"""Files only the service's own user may read: the database, the secret key, uploaded
submissions (they name drug users and trafficking victims) and the message log.

Created with the mode given to ``os.open``, so there is no moment at which another user could
read them (a chmod after writing leaves one); files that exist already are narrowed.
"""
from __future__ import annotations

import os
from pathlib import Path

FILE_MODE, DIR_MODE = 0o600, 0o700


def private_dir(path: Path) -> Path:
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    path.chmod(DIR_MODE)
    return path


def write_new(path: Path, data: bytes) -> None:
    """Write a new file (refused if it exists), readable by the owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def open_append(path: Path):
    """A text file to append to, created owner-only (narrowed if it was not)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, "a", encoding="utf-8")


def touch(path: Path) -> None:
    """Create the file owner-only, or narrow it: SQLite gives its -wal and -shm files the
    mode of the database file."""
    if path.exists():
        try:
            path.chmod(FILE_MODE)
        except PermissionError:
            pass  # not ours to narrow (a read-only copy someone else owns)
        return
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
