"""Plan files built to overload the readers: small on the wire, huge or slow once opened."""
from __future__ import annotations

import functools
import io
import zipfile

from .fixtures import docx_bytes

_CELL = b"<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"


def docx_with_body(body: bytes) -> bytes:
    """A real .docx (the fixture plan) whose body is replaced by `body`."""
    original = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                head = data.split(b"<w:body>", 1)[0]
                data = head + b"<w:body>" + body + b"</w:body></w:document>"
            z.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def text_node(characters: int) -> bytes:
    return docx_with_body(b"<w:p><w:r><w:t>" + b"A" * characters + b"</w:t></w:r></w:p>")


def wide_table(cells: int) -> bytes:
    grid = b"<w:tblGrid>" + b"<w:gridCol/>" * cells + b"</w:tblGrid>"
    return docx_with_body(b"<w:tbl>" + grid + b"<w:tr>" + _CELL * cells + b"</w:tr></w:tbl>")


def many_paragraphs(n: int) -> bytes:
    return docx_with_body(b"<w:p><w:r><w:t>Ab</w:t></w:r></w:p>" * n)


def merge_without_start(rows: int) -> bytes:
    """A table whose first row continues a vertical merge from nowhere (python-docx raises)."""
    row = (b"<w:tr><w:tc><w:p/></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>")
    return docx_with_body(b"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
                          + row * rows + b"</w:tbl>")


@functools.cache
def inflating_docx(megabytes: int) -> bytes:
    """A .docx whose body part inflates to `megabytes` MB of one text node (300 MB from 300 KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as part:
            part.write(b"<w:document><w:body><w:p><w:r><w:t>")
            chunk = b"A" * 2**20
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def pdf_stream(megabytes: int) -> bytes:
    """One page whose compressed content stream inflates to `megabytes` MB of text operators."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    content = DecodedStreamObject()
    line = b"BT /F1 12 Tf 72 700 Td (Ke hoach) Tj ET\n"
    content.set_data(line * (megabytes * 2**20 // len(line)))
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): font})})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
