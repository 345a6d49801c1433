"""How much work a plan file may ask of the readers, whoever sends it (command line, API, web).

A 31 KB .docx can inflate to 10 MB of XML and a 300 KB one past a gigabyte; a Word table of
one row and 20,000 cells costs quadratic time in python-docx. The domain reads no clock, so
time is bounded through work: every quantity the readers' cost grows with has a ceiling here,
checked before the work is done, and crossing one is a PlanImportError naming the ceiling.
Real plans sit far below: the largest seed is 36 KB of text; a 200-page plan is about 9,000
lines and 600,000 characters.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from .errors import PlanImportError

MAX_CHARACTERS = 3_000_000  # of text, after any reader: about 1,000 pages
MAX_LINES = 200_000
MAX_LINE_CHARACTERS = 50_000  # one paragraph of about 25 pages

MAX_ZIP_MEMBERS = 1_000
MAX_INFLATED_BYTES = 48 * 2**20  # all members of a .docx together, as their headers declare
MAX_XML_BYTES = 32 * 2**20  # one XML part (the document body, numbering, styles)
MAX_XML_ELEMENTS = 1_000_000  # of one XML part, counted before lxml builds the tree
MAX_BLOCKS = 40_000  # paragraphs and table cells of the body (python-docx: ~50 µs each)
MAX_ROW_CELLS = 200  # python-docx lays out a row's grid in time quadratic in its cells

MAX_PDF_PAGES = 2_000
PDF_LIMITS = {  # pypdf's own ceilings, per stream, far lower than its defaults (75 MB)
    "zlib_maximum_output_length": 16 * 2**20,
    "lzw_maximum_output_length": 16 * 2**20,
    "run_length_maximum_output_length": 16 * 2**20,
    "brotli_maximum_output_length": 16 * 2**20,
    "array_based_stream_maximum_output_length": 16 * 2**20,
    "maximum_declared_stream_length": 16 * 2**20,
    "stream_decoding_work_maximum_length": 64 * 2**20,
    "stream_parsing_work_maximum_count": 500_000,
    "xform_maximum_invocations_per_extraction": 500,
}


def too_much(what: str, limit: int, unit: str, filename: str) -> PlanImportError:
    return PlanImportError(f"refused: {what} exceeds the limit of {limit:,} {unit} "
                           "(a plan is far smaller; is this file damaged or built to overload?)",
                           filename, code="too_large")


def check_text(lines: list[str], filename: str) -> list[str]:
    if len(lines) > MAX_LINES:
        raise too_much("the number of lines", MAX_LINES, "lines", filename)
    lengths = list(map(len, lines))
    if max(lengths, default=0) <= MAX_LINE_CHARACTERS and sum(lengths) <= MAX_CHARACTERS:
        return lines  # the common case, told in C: the loop below names the line at fault
    total = 0
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARACTERS:
            raise PlanImportError(f"refused: line {number} is longer than {MAX_LINE_CHARACTERS:,} "
                                  "characters", filename, number, code="line_too_long",
                                  limit=MAX_LINE_CHARACTERS)
        total += len(line)
        if total > MAX_CHARACTERS:
            raise too_much("the text", MAX_CHARACTERS, "characters", filename)
    return lines


def checked_zip(data: bytes, filename: str, xml_parts: tuple[str, ...]) -> None:
    """Refuse a zip whose declared sizes or XML parts are too large, before anything inflates
    it; zipfile stops inflating a member at its declared size, so the declaration binds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PlanImportError(f"not a readable Word .docx file ({exc.__class__.__name__}: {exc})",
                              filename, code="docx_unreadable") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise too_much("the number of parts in the .docx", MAX_ZIP_MEMBERS, "parts", filename)
    inflated = sum(m.file_size for m in members)
    if inflated > MAX_INFLATED_BYTES:
        raise too_much(f"the inflated size of the .docx ({inflated:,} bytes)", MAX_INFLATED_BYTES,
                       "bytes", filename)
    for member in members:
        if member.filename not in xml_parts:
            continue
        if member.file_size > MAX_XML_BYTES:
            raise too_much(f"the part {member.filename} ({member.file_size:,} bytes)", MAX_XML_BYTES,
                           "bytes", filename)
        try:
            tags = archive.read(member).count(b"<")
        except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as exc:
            raise PlanImportError(f"not a readable Word .docx file ({exc.__class__.__name__}: "
                                  f"{exc})", filename, code="docx_unreadable") from None
        if tags > MAX_XML_ELEMENTS:
            raise too_much(f"the part {member.filename}", MAX_XML_ELEMENTS, "XML elements", filename)
