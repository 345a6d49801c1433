"""The uploaded plan files, kept under the instance folder by their SHA-256, so that a draft
can be read beside the source lines it came from."""
from __future__ import annotations

import functools
from pathlib import Path

from flask import current_app

from workflows.importing.readers import read_lines


def _folder() -> Path:
    folder = Path(current_app.extensions["dondoc"].settings.instance_path) / "plan_sources"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(sha256: str, filename: str, data: bytes) -> None:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "txt"
    (_folder() / f"{sha256}.{ext}").write_bytes(data)


def source_lines(sha256: str | None) -> list[str]:
    if not sha256:
        return []
    found = sorted(_folder().glob(f"{sha256}.*"))
    return _read(str(found[0])) if found else []


@functools.lru_cache(maxsize=16)
def _read(path: str) -> list[str]:
    p = Path(path)
    return read_lines(p.read_bytes(), p.name)


def source_line(sha256: str | None, line: int | None) -> str | None:
    lines = source_lines(sha256)
    if not line or line < 1 or line > len(lines):
        return None
    return lines[line - 1]
