"""Assembling many one-page PDF files from one rendered document, without re-rendering.

WeasyPrint renders once: the page every certificate shares, and sheets of "snippets" (short
texts that need shaping, such as Arabic names). This module turns that one document into
parts that each certificate file reuses as bytes:

- the objects of the shared page (content, fonts, images) are serialised once, renumbered
  from 1;
- each snippet becomes a Form XObject cut out of its sheet's content stream (its text
  blocks only, moved to the origin);
- each certificate file is then those bytes, its own small content stream and page
  objects, and a cross-reference table: a few hundred microseconds per file.
"""

import io
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

PX = 0.75  # WeasyPrint draws in CSS pixels: 1 px = 0.75 pt


def serialise(obj) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


class SharedObjects:
    """Indirect objects reachable from some roots of a reader, renumbered 1..n."""

    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.numbers: dict[int, int] = {}
        self.order: list[int] = []

    def collect(self, obj) -> None:
        """Number every indirect object reachable from `obj`."""
        stack = [obj]
        while stack:
            current = stack.pop()
            if isinstance(current, IndirectObject):
                if current.idnum in self.numbers:
                    continue
                self.numbers[current.idnum] = len(self.order) + 1
                self.order.append(current.idnum)
                stack.append(current.get_object())
            elif isinstance(current, dict):
                stack.extend(current.values())
            elif isinstance(current, list):
                stack.extend(current)

    def remap(self, obj):
        """A copy of `obj` whose references use the new numbers."""
        if isinstance(obj, IndirectObject):
            return IndirectObject(self.numbers[obj.idnum], 0, self.reader)
        if isinstance(obj, StreamObject):
            copy = EncodedStreamObject()
            copy._data = obj._data
            for key, value in obj.items():
                copy[NameObject(key)] = self.remap(value)
            return copy
        if isinstance(obj, DictionaryObject):
            copy = DictionaryObject()
            for key, value in obj.items():
                copy[NameObject(key)] = self.remap(value)
            return copy
        if isinstance(obj, ArrayObject):
            return ArrayObject([self.remap(value) for value in obj])
        return obj

    def bodies(self) -> list[bytes]:
        """Serialised objects, in their new order (object i+1 is bodies()[i])."""
        return [serialise(self.remap(self.reader.get_object(idnum))) for idnum in self.order]


@dataclass(frozen=True)
class DocumentInfo:
    """What a reader shows of a file: its title, language (BCP 47) and creation date."""

    title: str
    lang: str
    created: datetime


def text_string(text: str) -> bytes:
    """A PDF text string: UTF-16BE with its byte order mark, as a hexadecimal string."""
    return b"<FEFF%s>" % text.encode("utf-16-be").hex().upper().encode()


def pdf_date(moment: datetime) -> bytes:
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    zone = f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    return f"(D:{moment:%Y%m%d%H%M%S}{zone})".encode()


@dataclass
class TextBlock:
    top: float  # CSS px from the top of the sheet (the text matrix's y)
    operations: bytes


def text_blocks(content: bytes) -> list[TextBlock]:
    """The BT … ET blocks of a WeasyPrint content stream, with the y of their text matrix."""
    blocks = []
    start = content.find(b"BT\n")
    while start != -1:
        end = content.find(b"\nET", start)
        if end == -1:
            break
        block = content[start : end + 3]
        top = 0.0
        for line in block.split(b"\n"):
            if line.endswith(b" Tm"):
                top = float(line.split()[5])
                break
        blocks.append(TextBlock(top=top, operations=block))
        start = content.find(b"BT\n", end)
    return blocks


def snippet_form(
    operations: list[bytes], *, top_px: float, width_pt: float, height_pt: float, resources: bytes
) -> bytes:
    """The body of a Form XObject drawing `operations`, cut from a sheet at `top_px`."""
    content = b"1 0 0 -1 0 %.3f cm %.2f 0 0 %.2f 0 0 cm 1 0 0 1 0 %.3f cm 0.106 g\n" % (
        height_pt,
        PX,
        PX,
        -top_px,
    ) + b"\n".join(operations)
    data = zlib.compress(content, 6)
    return (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 %.3f %.3f] /Resources %s "
        b"/Filter /FlateDecode /Length %d >>\nstream\n"
        % (width_pt, height_pt, resources, len(data))
        + data
        + b"\nendstream"
    )


def assemble(
    *,
    shared: list[bytes],
    page_size: tuple[float, float],
    resources: bytes,
    shared_contents: list[int],
    own_content: bytes,
    forms: dict[bytes, bytes],
    info: DocumentInfo,
) -> bytes:
    """One single-page PDF: the shared objects, the used forms, the page and its content.

    `resources` is the page's resource dictionary with `%(forms)s` where the XObject entries
    of the used forms go; `shared_contents` are the numbers of the shared content streams
    drawn before `own_content`; `forms` maps resource names to Form XObject bodies. Every
    object is indirect and listed in the cross-reference table (poppler rebuilds the table of
    a file whose page names a font by a direct dictionary).
    """
    base = len(shared)
    catalog, pages, page, content, save, restore, information = range(base + 1, base + 8)
    numbered_forms = {name: (base + 8 + i, body) for i, (name, body) in enumerate(forms.items())}
    xobjects = b" ".join(b"%s %d 0 R" % (name, number) for name, (number, _body) in numbered_forms.items())
    own = zlib.compress(own_content, 6)
    contents = b" ".join(b"%d 0 R" % n for n in (save, *shared_contents, restore, content))
    bodies = [
        *shared,
        b"<< /Type /Catalog /Pages %d 0 R /Lang %s >>" % (pages, text_string(info.lang)),
        b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page,
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.3f %.3f] /Resources %s /Contents [%s] >>"
        % (pages, page_size[0], page_size[1], resources.replace(b"%(forms)s", xobjects), contents),
        b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(own) + own + b"\nendstream",
        b"<< /Length 2 >>\nstream\nq\n\nendstream",
        b"<< /Length 2 >>\nstream\nQ\n\nendstream",
        b"<< /Title %s /CreationDate %s /Producer (ODCO) >>"
        % (text_string(info.title), pdf_date(info.created)),
        *(body for _number, body in numbered_forms.values()),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        catalog,
        information,
        xref,
    )
    return bytes(out)
