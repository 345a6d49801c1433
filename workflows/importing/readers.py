"""Bytes of a plan file (text/Markdown, Word .docx, PDF with a text layer) -> lines of text.

Word tables come out the way the Markdown crawls of published plans show them: a line "|"
between cells and "|" "|" between rows, so one table reader serves every format.
"""
from __future__ import annotations

import io
import re
import zipfile

from . import limits
from .errors import PlanImportError

CELL = "|"


def read_lines(data: bytes, filename: str) -> list[str]:
    """The lines of the file, within the ceilings of limits.py (PlanImportError beyond)."""
    if not data or not data.strip():
        raise PlanImportError("the file is empty", filename, code="empty_file")
    name = filename.lower()
    if data[:5] == b"%PDF-" or name.endswith(".pdf"):
        return limits.check_text(_pdf_lines(data, filename), filename)
    if data[:2] == b"PK" or name.endswith(".docx"):
        return limits.check_text(_docx_lines(data, filename), filename)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".doc"):
        raise PlanImportError("old binary Word (.doc) files are not supported: save it as .docx", filename,
                              code="old_word")
    return limits.check_text(_text_lines(data, filename), filename)


def _text_lines(data: bytes, filename: str) -> list[str]:
    if len(data) > 4 * limits.MAX_CHARACTERS:  # UTF-8 takes at most 4 bytes a character
        raise limits.too_much("the text", limits.MAX_CHARACTERS, "characters", filename)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PlanImportError(
                f"not UTF-8 text (byte {exc.start}); is it a binary file? "
                "Plain text, Markdown, .docx and .pdf are accepted", filename, code="not_text") from None
    if "\x00" in text:
        raise PlanImportError("binary content in a text file; plain text, Markdown, .docx and .pdf "
                              "are accepted", filename, code="not_text")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _pdf_lines(data: bytes, filename: str) -> list[str]:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        with apply_configuration(**limits.PDF_LIMITS):
            pages = _pdf_texts(PdfReader(io.BytesIO(data)), filename)
    except LimitReachedError as exc:
        raise PlanImportError(f"refused: the PDF asks for too much work ({exc})", filename,
                              code="pdf_too_much") from None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise PlanImportError(f"the PDF cannot be read ({exc})", filename, code="pdf_unreadable") from None
    if not pages:
        raise PlanImportError("the PDF has no pages", filename, code="pdf_unreadable")
    if sum(len(p.strip()) for p in pages) < 20:
        raise PlanImportError(
            "the PDF has no text layer (a scanned document): run OCR on it first, "
            "or import the Word file it was made from", filename, code="pdf_scanned")
    lines: list[str] = []
    for page in pages:
        for line in page.replace("\r", "\n").split("\n"):
            if re.fullmatch(r"\s*(-\s*)?\d{1,3}(\s*-)?\s*", line):
                continue  # a page number
            lines.append(line)
    return lines


def _pdf_texts(reader, filename: str) -> list[str]:
    if len(reader.pages) > limits.MAX_PDF_PAGES:
        raise limits.too_much("the number of pages", limits.MAX_PDF_PAGES, "pages", filename)
    pages, total = [], 0
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        total += len(pages[-1])
        if total > limits.MAX_CHARACTERS:
            raise limits.too_much("the text", limits.MAX_CHARACTERS, "characters", filename)
    return pages


_DOCX_XML = ("word/document.xml", "word/numbering.xml", "word/styles.xml")


def _docx_lines(data: bytes, filename: str) -> list[str]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    limits.checked_zip(data, filename, _DOCX_XML)
    try:
        document = docx.Document(io.BytesIO(data))
        return _body_lines(document, filename)
    except PlanImportError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as exc:
        raise PlanImportError(f"not a readable Word .docx file ({exc.__class__.__name__}: {exc})",
                              filename, code="docx_unreadable") from None


def _body_lines(document, filename: str) -> list[str]:
    import docx

    from .docx_numbering import Numbering

    body = document.element.body
    blocks = len(body.xpath("./w:p | ./w:tbl//w:tc"))
    if blocks > limits.MAX_BLOCKS:
        raise limits.too_much("the number of paragraphs and table cells", limits.MAX_BLOCKS,
                              "blocks", filename)
    numbering = Numbering(document)
    lines: list[str] = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = docx.text.paragraph.Paragraph(child, document).text
            lines += [numbering.prefix(child) + text, ""]
        elif tag == "tbl":
            lines += _table_lines(docx.table.Table(child, document), filename)
            lines.append("")
    return lines


def _table_lines(table, filename: str) -> list[str]:
    lines: list[str] = []
    for tr in table._tbl.tr_lst:
        if len(tr.tc_lst) > limits.MAX_ROW_CELLS:
            raise limits.too_much("the number of cells in one table row", limits.MAX_ROW_CELLS, "cells",
                                  filename)
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
