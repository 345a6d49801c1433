"""Files attached to a result: size and type checked at entry, stored under the instance folder
with a random key (the name a person gave the file never becomes a path)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from service.private_files import private_dir, write_new
from service.web.i18n import _
from workflows.task_events import Attachment

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension -> (content type, what its first bytes must be; None: text)
KINDS = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (_ZIP,)),
    "doc": ("application/msword", (_OLE,)),
    "xls": ("application/vnd.ms-excel", (_OLE,)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "txt": ("text/plain; charset=utf-8", None),
    "csv": ("text/csv; charset=utf-8", None),
}


class UploadRefused(ValueError):
    pass


@dataclass(frozen=True)
class Checked:
    name: str
    data: bytes
    content_type: str


def check(file_storage) -> Checked:
    """Read one uploaded file and refuse it (UploadRefused, a message for the person) unless its
    extension is allowed, its content matches the extension and it is not too large."""
    name = Path(file_storage.filename or "").name.strip()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in KINDS:
        raise UploadRefused(_("Tệp {name}: loại tệp không được nhận. Chỉ nhận: {kinds}.",
                              name=name or "?", kinds=", ".join(sorted(KINDS))))
    data = file_storage.stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UploadRefused(_("Tệp {name} lớn hơn {mb} MB.", name=name, mb=MAX_FILE_BYTES // 2**20))
    if not data:
        raise UploadRefused(_("Tệp {name} rỗng.", name=name))
    content_type, magics = KINDS[ext]
    if not _content_matches(data, magics):
        raise UploadRefused(_("Tệp {name}: nội dung không khớp với đuôi .{ext}.", name=name, ext=ext))
    return Checked(name, data, content_type)


def _content_matches(data: bytes, magics) -> bool:
    if magics is None:
        if b"\x00" in data[:8192]:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return any(data.startswith(m) for m in magics)


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
