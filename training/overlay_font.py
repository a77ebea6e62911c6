"""The embedded font of the certificates' own values (names, dates, codes, addresses).

Each certificate file draws its Latin values itself, as a few PDF operators (see
`training.certificate_pdf`). They used to name the standard Helvetica, which a file does not
carry: readers substitute whatever they have, and its inline font dictionary made poppler
rebuild the cross-reference table ("xref num … not found, try to reconstruct"). The values
are now drawn with the font WeasyPrint uses for the same fields in a complete document
(Amiri, found on disk like fontconfig does), embedded as a subset of the characters the
batch uses: one subset per batch, shared by its files, written as indirect objects.

The font is a simple TrueType font in WinAnsiEncoding (the Latin text is not shaped: no
ligature or kerning, which Latin names do without); the Arabic values, which need shaping,
stay WeasyPrint's own snippets.
"""

import hashlib
import io
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))
# The first file found wins: Amiri, as `pdf/base.html` asks, then DejaVu Sans.
FONT_FILES = {
    False: ("Amiri-Regular.ttf", "DejaVuSans.ttf"),
    True: ("Amiri-Bold.ttf", "DejaVuSans-Bold.ttf"),
}
FIRST_CODE, LAST_CODE = 32, 255
# Unshaped text needs no layout tables (Amiri's are most of the file and of the subsetting time).
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "DSIG", "gasp", "prep", "fpgm", "cvt ", "hdmx", "kern")


class FontMissing(RuntimeError):
    """No font file to embed was found on this machine."""


@lru_cache(maxsize=4)
def font_path(bold: bool) -> Path:
    for name in FONT_FILES[bold]:
        for folder in FONT_DIRS:
            found = sorted(Path(folder).rglob(name)) if Path(folder).is_dir() else []
            if found:
                return found[0]
    raise FontMissing(f"none of {', '.join(FONT_FILES[bold])} is installed (fonts-hosny-amiri)")


@lru_cache(maxsize=4)
def _font(path: Path):
    from fontTools.ttLib import TTFont

    return TTFont(str(path), lazy=False)


def _winansi(ch: str) -> int | None:
    try:
        raw = ch.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return raw[0] if len(raw) == 1 and raw[0] >= FIRST_CODE else None


def can_draw(text: str, *, bold: bool = False) -> bool:
    """`text` is WinAnsi Latin that the embedded font has glyphs for (else WeasyPrint shapes it)."""
    cmap = _font(font_path(bold)).getBestCmap()
    return all(_winansi(ch) is not None and ord(ch) in cmap for ch in text)


@dataclass(frozen=True)
class OverlayFont:
    """A font subset for one batch: its metrics and its PDF objects (font, descriptor,
    ToUnicode map and font file, in that order, numbered from `first_number`)."""

    bold: bool
    chars: frozenset[str]
    advances: dict[str, float]  # per 1000 em
    bodies: tuple[bytes, ...]
    first_number: int

    @property
    def reference(self) -> bytes:
        return b"%d 0 R" % self.first_number

    def width(self, text: str, size: float) -> float:
        return sum(self.advances.get(ch, 500.0) for ch in text) * size / 1000

    def encode(self, text: str) -> bytes:
        """A PDF literal string of `text` in WinAnsiEncoding."""
        raw = text.encode("cp1252")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _tag(path: Path, chars: frozenset[str]) -> str:
    digest = hashlib.sha256((str(path) + "".join(sorted(chars))).encode()).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])


def _to_unicode(codes: dict[int, str]) -> bytes:
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <00> <FF> endcodespacerange",
    ]
    items = sorted(codes.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines += [
            b"<%02X> <%s>" % (code, ch.encode("utf-16-be").hex().upper().encode()) for code, ch in chunk
        ]
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return b"\n".join(lines)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 6)
    return (
        b"<< /Filter /FlateDecode /Length %d%s >>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"
    )


@lru_cache(maxsize=8)
def overlay_font(chars: frozenset[str], *, bold: bool, first_number: int) -> OverlayFont:
    """The subset of the overlay font holding `chars` (WinAnsi characters the font has)."""
    from fontTools import subset

    path = font_path(bold)
    font = _font(path)
    cmap = font.getBestCmap()
    scale = 1000 / font["head"].unitsPerEm
    chars = frozenset(ch for ch in chars if _winansi(ch) is not None and ord(ch) in cmap)
    advances = {ch: font["hmtx"][cmap[ord(ch)]][0] * scale for ch in chars}

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [1, 2]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in chars])
    from fontTools.ttLib import TTFont

    part = TTFont(str(path))  # tables load lazily: those deleted here are never parsed
    for tag in UNUSED_TABLES:
        if tag in part:
            del part[tag]
    subsetter.subset(part)
    buffer = io.BytesIO()
    part.save(buffer)
    program = buffer.getvalue()

    name = (f"{_tag(path, chars)}+{path.stem}").encode()
    codes = {_winansi(ch): ch for ch in chars}
    widths = b" ".join(
        b"%d" % round(advances[codes[code]]) if code in codes else b"0"
        for code in range(FIRST_CODE, LAST_CODE + 1)
    )
    head, os2 = font["head"], font["OS/2"]
    bbox = b"[%d %d %d %d]" % tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
    ascent, descent = round(os2.sTypoAscender * scale), round(os2.sTypoDescender * scale)
    cap = round(getattr(os2, "sCapHeight", 0) * scale) or ascent
    n = first_number
    bodies = (
        b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /FirstChar %d /LastChar %d /Widths [%s] "
        b"/Encoding /WinAnsiEncoding /FontDescriptor %d 0 R /ToUnicode %d 0 R >>"
        % (name, FIRST_CODE, LAST_CODE, widths, n + 1, n + 2),
        b"<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox %s /ItalicAngle 0 /Ascent %d "
        b"/Descent %d /CapHeight %d /StemV %d /FontFile2 %d 0 R >>"
        % (name, 32 | (1 << 18 if bold else 0), bbox, ascent, descent, cap, 120 if bold else 80, n + 3),
        _stream(_to_unicode(codes)),
        _stream(program, b" /Length1 %d" % len(program)),
    )
    return OverlayFont(bold=bold, chars=chars, advances=advances, bodies=bodies, first_number=n)
