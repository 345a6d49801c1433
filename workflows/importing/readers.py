"""Bytes of a plan file (text/Markdown, Word .docx, PDF with a text layer) -> lines of text.

Word tables come out the way the Markdown crawls of published plans show them: a line "|"
between cells and "|" "|" between rows, so one table reader serves every format.
"""
from __future__ import annotations

import io
import re
import zipfile

from .errors import PlanImportError

CELL = "|"


def read_lines(data: bytes, filename: str) -> list[str]:
    if not data or not data.strip():
        raise PlanImportError("the file is empty", filename)
    name = filename.lower()
    if data[:5] == b"%PDF-" or name.endswith(".pdf"):
        return _pdf_lines(data, filename)
    if data[:2] == b"PK" or name.endswith(".docx"):
        return _docx_lines(data, filename)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".doc"):
        raise PlanImportError("old binary Word (.doc) files are not supported: save it as .docx", filename)
    return _text_lines(data, filename)


def _text_lines(data: bytes, filename: str) -> list[str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PlanImportError(
                f"not UTF-8 text (byte {exc.start}); is it a binary file? "
                "Plain text, Markdown, .docx and .pdf are accepted", filename) from None
    if "\x00" in text:
        raise PlanImportError("binary content in a text file; plain text, Markdown, .docx and .pdf "
                              "are accepted", filename)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _pdf_lines(data: bytes, filename: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PlanImportError(f"the PDF cannot be read ({exc})", filename) from None
    if not pages:
        raise PlanImportError("the PDF has no pages", filename)
    if sum(len(p.strip()) for p in pages) < 20:
        raise PlanImportError(
            "the PDF has no text layer (a scanned document): run OCR on it first, "
            "or import the Word file it was made from", filename)
    lines: list[str] = []
    for page in pages:
        for line in page.replace("\r", "\n").split("\n"):
            if re.fullmatch(r"\s*(-\s*)?\d{1,3}(\s*-)?\s*", line):
                continue  # a page number
            lines.append(line)
    return lines


def _docx_lines(data: bytes, filename: str) -> list[str]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanImportError(f"not a readable Word .docx file ({exc.__class__.__name__}: {exc})",
                              filename) from None
    from .docx_numbering import Numbering

    numbering = Numbering(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = docx.text.paragraph.Paragraph(child, document).text
            lines += [numbering.prefix(child) + text, ""]
        elif tag == "tbl":
            lines += _table_lines(docx.table.Table(child, document))
            lines.append("")
    return lines


def _table_lines(table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        seen = []
        lines.append(CELL)
        for cell in row.cells:
            if any(cell._tc is s for s in seen):
                continue  # a merged cell shows up once per grid column it spans
            seen.append(cell._tc)
            lines += [p.text for p in cell.paragraphs if p.text.strip()] or [""]
            lines.append(CELL)
    return lines
