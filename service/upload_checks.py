"""What a file attached to a result may be: its kind (extension and first bytes agreeing), its
size, how many at once. Refusals are the error table's (service.errors) like every other."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


class UploadRefused(Exception):
    """A file (or a set of files) refused at entry; ``code`` and ``values`` are the error
    table's (service.errors), which gives the message a person reads."""

    def __init__(self, code: str, **values):
        self.code, self.values = code, values
        super().__init__(f"{code}: " + ", ".join(f"{k}={v}" for k, v in values.items()))


@dataclass(frozen=True)
class Checked:
    name: str
    data: bytes
    content_type: str


def check_count(count: int) -> None:
    if count > MAX_FILES:
        raise UploadRefused("too_many_files", n=MAX_FILES)


def check(file_storage) -> Checked:
    """Read one uploaded file (a werkzeug FileStorage, or anything with ``filename`` and
    ``stream``) and refuse it unless its extension is allowed, its content matches the
    extension and it is not too large."""
    name = Path(file_storage.filename or "").name.strip()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in KINDS:
        raise UploadRefused("file_kind", name=name or "?", kinds=", ".join(sorted(KINDS)))
    data = file_storage.stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UploadRefused("file_too_large", name=name, mb=MAX_FILE_BYTES // 2**20)
    if not data:
        raise UploadRefused("file_empty", name=name)
    content_type, magics = KINDS[ext]
    if not _content_matches(data, magics):
        raise UploadRefused("file_mismatch", name=name, ext=ext)
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
