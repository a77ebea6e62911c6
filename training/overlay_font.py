"""The glyphs the certificates' own values are drawn with (names, dates, codes, addresses).

Each certificate file draws its Latin values itself, as a few PDF operators (see
`training.certificate_pdf`). They used to name the standard Helvetica, which a file does not
carry: readers substitute whatever they have, and its inline font dictionary made poppler
rebuild the cross-reference table ("xref num … not found, try to reconstruct"). Now the one
WeasyPrint pass of the batch also draws, on a "charset" page of its own, every character
those values use, one at a time (so no ligature hides a letter), in the regular and the bold
weight. WeasyPrint embeds those glyphs in the subset fonts it writes anyway (Amiri, as
`pdf/base.html` asks), and this module reads back, from that page's content stream and the
fonts' ToUnicode maps and widths, which glyph of which font draws each character. The
certificate files then show their values with the same embedded fonts as the rest of the
page: nothing more to embed, every font an indirect object.

Latin text drawn this way is not shaped (no kerning or ligatures, which names do without);
values that need shaping (Arabic) stay WeasyPrint's own snippets.
"""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Glyph:
    font: int  # the object number of the font in the rendered document
    cid: int
    width: float  # per 1000 em


def can_draw(text: str) -> bool:
    """`text` reads left to right without shaping: Latin letters, digits and punctuation."""
    for ch in text:
        if unicodedata.bidirectional(ch) in ("R", "AL", "AN", "NSM", "RLE", "RLO", "RLI", "AL"):
            return False
        if unicodedata.combining(ch) or unicodedata.category(ch)[0] == "C" or ord(ch) >= 0x2E80:
            return False
    return True


def charset_text(chars: set[str]) -> str:
    """The characters to draw on the charset page, each one alone between spaces."""
    return " ".join(sorted(ch for ch in chars if not ch.isspace())) + " a b"


_TOKENS = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9A-Fa-f]+)>\s*Tj")


def _unicode_map(font) -> dict[int, str]:
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            text = bytes.fromhex(target).decode("utf-16-be", "replace")
            if len(text) == 1:
                mapping[int(cid, 16)] = text
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, target in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(target, 16)
            for offset in range(int(last, 16) - int(first, 16) + 1):
                mapping[int(first, 16) + offset] = chr(start + offset)
    return mapping


def _widths(font) -> dict[int, float]:
    descendant = font["/DescendantFonts"][0].get_object()
    entries = list(descendant.get("/W", []))
    widths: dict[int, float] = {}
    i = 0
    while i < len(entries):
        first = int(entries[i])
        if isinstance(entries[i + 1], list):
            for offset, width in enumerate(entries[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for cid in range(first, int(entries[i + 1]) + 1):
                widths[cid] = float(entries[i + 2])
            i += 3
    widths[-1] = float(descendant.get("/DW", 1000))
    return widths


def glyph_map(page) -> dict[str, Glyph]:
    """Character → glyph, for every character drawn on `page` (a rendered charset page)."""
    fonts = page["/Resources"]["/Font"].get_object()
    content = page.get_contents().get_data()
    found: dict[str, Glyph] = {}
    cache: dict[str, tuple[int, dict[int, str], dict[int, float]]] = {}
    current = None
    for match in _TOKENS.finditer(content):
        if match.group(1):
            name = "/" + match.group(1).decode()
            if name not in cache:
                font = fonts[name].get_object()
                cache[name] = (fonts.raw_get(name).idnum, _unicode_map(font), _widths(font))
            current = cache[name]
            continue
        if current is None:
            continue
        number, unicode_map, widths = current
        hexes = re.findall(rb"<([0-9A-Fa-f]+)>", match.group(2)) if match.group(2) else [match.group(3)]
        for chunk in hexes:
            for start in range(0, len(chunk) - 3, 4):
                cid = int(chunk[start : start + 4], 16)
                ch = unicode_map.get(cid)
                if ch is not None and ch not in found:
                    found[ch] = Glyph(font=number, cid=cid, width=widths.get(cid, widths[-1]))
    return found


def text_width(text: str, glyphs: dict[str, Glyph], size: float) -> float:
    return sum(glyphs[ch].width for ch in text) * size / 1000


def show_text(text: str, glyphs: dict[str, Glyph], size: float, names: dict[int, bytes]) -> bytes:
    """The operators showing `text` (inside BT … ET, after the text matrix), font by font."""
    ops, font = [], None
    for ch in text:
        glyph = glyphs[ch]
        if glyph.font != font:
            font = glyph.font
            ops.append(b"%s %.1f Tf " % (names[font], size))
        ops.append(b"<%04X> Tj " % glyph.cid)
    return b"".join(ops)
