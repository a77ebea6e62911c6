"""Certificates of participation as PDF: one WeasyPrint pass for a whole batch.

Laying out one WeasyPrint document per certificate repeats, for every certificate, the
whole page's layout and the font subsetting (the baseline, `render_certificate_document`,
about 0.3-0.6 s each here). Instead, one WeasyPrint pass lays out what every certificate of
the phase shares (the bilingual wording, the prize and edition, the frame) and, on extra
sheets, each distinct value that needs shaping (Arabic names): many values in one pass.
`training.pdf_assembly` then cuts that one document into reusable parts, and each
certificate's file is assembled from them: the shared page's objects, the snippets it uses
as Form XObjects, and its own values (Latin text in an embedded subset of the same font,
`training.overlay_font`) and QR code drawn as a few PDF operators. Every file carries its
title, language and creation date, and passes `qpdf --check` and poppler without repair.
Splitting a combined 1,000-page document with pypdf was tried first; copying each page's
resources into its own file cost more than the rendering, hence the assembly from bytes
(`bench/certificates_bench.py`).
"""

import base64
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils import formats

MM = 72 / 25.4
PAGE_W, PAGE_H = 297 * MM, 210 * MM
TEMPLATE = "training/pdf/certificate.html"


@dataclass(frozen=True)
class Field:
    name: str
    x: float  # mm from the left
    top: float  # mm from the top
    width: float  # mm
    size: float  # pt
    align: str = "left"
    bold: bool = False


FIELDS = {
    f.name: f
    for f in (
        Field("holder", 20, 64, 257, 22, "center", True),
        Field("cooperative_fr", 60, 110, 80, 12),
        Field("cooperative_ar", 157, 110, 83, 13, "right"),
        Field("region_fr", 60, 120, 80, 12),
        Field("region_ar", 157, 120, 83, 13, "right"),
        Field("dates_fr", 60, 130, 80, 12),
        Field("dates_ar", 157, 130, 83, 12, "right"),
        Field("hours_fr", 60, 140, 80, 12),
        Field("hours_ar", 157, 140, 83, 12, "right"),
        Field("code_fr", 60, 157, 80, 13, "left", True),
        Field("code_ar", 157, 157, 120, 13, "right", True),
        Field("url", 60, 166, 150, 9),
        Field("issued_fr", 60, 188, 60, 11),
        Field("issued_ar", 177, 188, 63, 11, "right"),
    )
}
QR_X, QR_TOP, QR_SIZE = 20, 150, 34  # mm


@dataclass(frozen=True)
class PhaseFacts:
    prize_fr: str
    prize_ar: str
    year: int


@dataclass(frozen=True)
class CertificateFacts:
    code: str
    holder_name: str
    cooperative_fr: str
    cooperative_ar: str
    region_fr: str
    region_ar: str
    first_day: date
    last_day: date
    hours: Decimal
    issued_on: date
    verify_url: str

    def values(self) -> dict[str, str]:
        days = f"{self.first_day:%d/%m/%Y} – {self.last_day:%d/%m/%Y}"
        hours = formats.number_format(self.hours.normalize(), use_l10n=False)
        return {
            "holder": self.holder_name,
            "cooperative_fr": self.cooperative_fr,
            "cooperative_ar": self.cooperative_ar or self.cooperative_fr,
            "region_fr": self.region_fr,
            "region_ar": self.region_ar or self.region_fr,
            "dates_fr": days,
            "dates_ar": days,
            "hours_fr": f"{hours} h",
            "hours_ar": hours,
            "code_fr": self.code,
            "code_ar": self.code,
            "url": self.verify_url,
            "issued_fr": f"{self.issued_on:%d/%m/%Y}",
            "issued_ar": f"{self.issued_on:%d/%m/%Y}",
        }


def _stampable(text: str, missing: set[str]) -> bool:
    """Latin text the certificate file draws itself, with the glyphs of the charset page."""
    from .overlay_font import can_draw

    return can_draw(text) and not (missing and set(text) & missing)


def _is_rtl(text: str) -> bool:
    from odco.templatetags.odco import text_dir

    return text_dir(text) == "rtl"


def _baseline(field: Field) -> float:
    return PAGE_H - field.top * MM - field.size * 0.95


def _stamp_text(field: Field, text: str, glyphs: dict, names: dict[int, bytes]) -> bytes:
    from .overlay_font import show_text, text_width

    width = text_width(text, glyphs, field.size)
    x = field.x * MM
    if field.align == "center":
        x += (field.width * MM - width) / 2
    elif field.align == "right":
        x += field.width * MM - width
    return b"BT 1 0 0 1 %.2f %.2f Tm %sET\n" % (
        x,
        _baseline(field),
        show_text(text, glyphs, field.size, names),
    )


def _snippet_height(field: Field) -> float:
    return field.size * 1.5


SNIPPET_ROW = 34.0  # pt: the height of one snippet's row on a snippet sheet
SNIPPETS_PER_SHEET = 400  # a PDF page is at most 14,400 pt high


def _qr_operators(data: str, version: int | None = None) -> bytes:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    # A fixed mask (and, within a batch, a fixed version) skips the searches for the best
    # ones: still a valid code, several times faster.
    code = qrcode.QRCode(version=version, error_correction=ERROR_CORRECT_M, border=0, mask_pattern=2)
    code.add_data(data)
    code.make(fit=version is None)
    matrix = code.get_matrix()
    cell = QR_SIZE * MM / len(matrix)
    left, top = QR_X * MM, PAGE_H - QR_TOP * MM
    parts = [b"q 0 g\n"]
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):
            if line[col]:
                start = col
                while col < len(line) and line[col]:
                    col += 1
                parts.append(
                    b"%.2f %.2f %.2f %.2f re\n"
                    % (left + start * cell, top - (row + 1) * cell, (col - start) * cell, cell)
                )
            else:
                col += 1
    parts.append(b"f Q\n")
    return b"".join(parts)


def _qr_data_uri(data: str) -> str:
    import qrcode
    import qrcode.image.svg

    svg = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=0).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _context(phase: PhaseFacts, **extra) -> dict:
    return {
        "phase": phase,
        "fields": list(FIELDS.values()),
        "qr": {"x": QR_X, "top": QR_TOP, "size": QR_SIZE},
        **extra,
    }


def render_certificate_document(phase: PhaseFacts, certificate: CertificateFacts) -> bytes:
    """One certificate as one complete WeasyPrint document (the baseline)."""
    from odco.pdf import render_pdf

    page = {"values": certificate.values(), "qr": _qr_data_uri(certificate.verify_url)}
    return render_pdf(TEMPLATE, _context(phase, pages=[page]), language="fr")


def _render_master(
    phase: PhaseFacts, snippets: list[tuple[Field, str]], chars: dict[bool, set[str]]
) -> bytes:
    from odco.pdf import render_pdf

    from .overlay_font import charset_text

    sheets = []
    for first in range(0, len(snippets), SNIPPETS_PER_SHEET):
        chunk = snippets[first : first + SNIPPETS_PER_SHEET]
        sheets.append(
            {
                "height": len(chunk) * SNIPPET_ROW,
                "snippets": [{"field": f, "text": t, "rtl": _is_rtl(t)} for f, t in chunk],
            }
        )
    charsets = [{"bold": bold, "text": charset_text(chars[bold])} for bold in (False, True) if chars[bold]]
    context = _context(phase, pages=[{"values": {}}], sheets=sheets, row=SNIPPET_ROW, charsets=charsets)
    return render_pdf(TEMPLATE, context, language="fr")


def _plan(certificates: Sequence[CertificateFacts], missing: set[str]):
    """Which values are snippets (shaped by WeasyPrint) and which are drawn by each file,
    with the characters the drawn ones use, per weight."""
    snippet_index: dict[tuple[str, str], int] = {}
    snippets: list[tuple[Field, str]] = []
    drawn: set[tuple[str, str]] = set()
    chars: dict[bool, set[str]] = {False: set(), True: set()}
    for certificate in certificates:
        for name, text in certificate.values().items():
            if not text or (name, text) in drawn or (name, text) in snippet_index:
                continue
            if _stampable(text, missing):
                drawn.add((name, text))
                chars[FIELDS[name].bold].update(text)
            else:
                snippet_index[(name, text)] = len(snippets)
                snippets.append((FIELDS[name], text))
    return snippet_index, snippets, drawn, chars


def _dict_entries(shared, value) -> bytes:
    """The `/Key value` pairs of a (possibly indirect) dictionary, references renumbered."""
    from .pdf_assembly import serialise

    if value is None:
        return b""
    body = serialise(shared.remap(value.get_object()))
    return body.strip()[2:-2].strip()


def render_certificates(
    phase: PhaseFacts,
    certificates: Sequence[CertificateFacts],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> list[bytes]:
    """One PDF per certificate, in the order given, from one WeasyPrint pass."""
    from pypdf import PdfReader

    from .overlay_font import glyph_map
    from .pdf_assembly import PX, DocumentInfo, SharedObjects, assemble, serialise, snippet_form, text_blocks

    if not certificates:
        return []
    # 1. Values that need shaping (Arabic) become snippets; the others are drawn by each file
    # with the glyphs of the charset pages. 2. One WeasyPrint pass: the shared page, sheets of
    # snippets, the charset pages. A character no font of the pass could draw on its own
    # (none so far) sends its values to the snippets, and the pass runs again.
    missing: set[str] = set()
    while True:
        snippet_index, snippets, drawn, chars = _plan(certificates, missing)
        reader = PdfReader(io.BytesIO(_render_master(phase, snippets, chars)))
        count = -(-len(snippets) // SNIPPETS_PER_SHEET)
        master, sheets, charset_pages = (
            reader.pages[0],
            reader.pages[1 : 1 + count],
            reader.pages[1 + count :],
        )
        weights = [bold for bold in (False, True) if chars[bold]]
        glyphs = {bold: glyph_map(page) for bold, page in zip(weights, charset_pages, strict=True)}
        lacking = {ch for bold, used in chars.items() for ch in used if ch not in glyphs.get(bold, {})}
        if not lacking:
            break
        missing |= lacking
    shared = SharedObjects(reader)
    master_resources = master["/Resources"].get_object()
    shared.collect(master.raw_get("/Resources"))
    contents = master.raw_get("/Contents")
    content_refs = list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
    for ref in content_refs:
        shared.collect(ref)
    for sheet in (*sheets, *charset_pages):
        shared.collect(sheet.raw_get("/Resources"))
    shared_bodies = shared.bodies()
    font_names = {
        number: b"/OdcoG%d" % number
        for table in glyphs.values()
        for number in {g.font for g in table.values()}
    }
    title = reader.metadata.title if reader.metadata and reader.metadata.title else ""
    shared_contents = [shared.numbers[ref.idnum] for ref in content_refs]

    # 3. Each snippet as a Form XObject cut from its sheet.
    row_px = SNIPPET_ROW / PX
    forms: list[bytes] = []
    for number, sheet in enumerate(sheets):
        resources = serialise(shared.remap(sheet.raw_get("/Resources")))
        chunk = snippets[number * SNIPPETS_PER_SHEET : (number + 1) * SNIPPETS_PER_SHEET]
        rows: list[list[bytes]] = [[] for _ in chunk]
        for block in text_blocks(sheet.get_contents().get_data()):
            row = int(block.top // row_px)
            if 0 <= row < len(rows):
                rows[row].append(block.operations)
        for row, (field, _text) in enumerate(chunk):
            forms.append(
                snippet_form(
                    rows[row],
                    top_px=row * row_px,
                    width_pt=field.width * MM,
                    height_pt=_snippet_height(field),
                    resources=resources,
                )
            )

    other = {key: value for key, value in master_resources.items() if key not in ("/Font", "/XObject")}
    page_resources = (
        b"<< /Font << "
        + _dict_entries(shared, master_resources.get("/Font"))
        + b"".join(b" %s %d 0 R" % (name, shared.numbers[number]) for number, name in font_names.items())
        + b" >> /XObject << "
        + _dict_entries(shared, master_resources.get("/XObject"))
        + b" %(forms)s >> "
        + b" ".join(b"%s %s" % (key.encode(), serialise(shared.remap(value))) for key, value in other.items())
        + b" >>"
    )

    # 4. One file per certificate: shared bytes, its forms, its own values and QR code.
    created = datetime.now(UTC)
    versions: dict[int, int] = {}
    files = []
    total = len(certificates)
    for done, certificate in enumerate(certificates, start=1):
        ops = [b"0.106 g\n"]
        used: dict[bytes, bytes] = {}
        for name, text in certificate.values().items():
            if not text:
                continue
            field = FIELDS[name]
            if (name, text) in drawn:
                ops.append(_stamp_text(field, text, glyphs[field.bold], font_names))
            else:
                index = snippet_index[(name, text)]
                key = b"/OdcoS%d" % index
                used[key] = forms[index]
                y = PAGE_H - field.top * MM - _snippet_height(field)
                ops.append(b"q 1 0 0 1 %.2f %.2f cm %s Do Q\n" % (field.x * MM, y, key))
        size = len(certificate.verify_url.encode())
        if size not in versions:
            versions[size] = _qr_version(certificate.verify_url)
        ops.append(_qr_operators(certificate.verify_url, versions[size]))
        files.append(
            assemble(
                shared=shared_bodies,
                page_size=(PAGE_W, PAGE_H),
                resources=page_resources,
                shared_contents=shared_contents,
                own_content=b"".join(ops),
                forms=used,
                info=DocumentInfo(
                    title=f"{title} · {certificate.holder_name}" if title else certificate.holder_name,
                    lang="fr",
                    created=created,
                ),
            )
        )
        if progress and (done % 50 == 0 or done == total):
            progress(done, total)
    return files


def _qr_version(data: str) -> int:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code.version
