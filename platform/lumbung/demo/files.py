"""Small but real evidence files for the demo: a one-page PDF text document and a PNG image, both
built with the standard library only. They pass the same content check as a user's upload
(tenants.assessment.evidence_files sniffs the bytes), open in any viewer, and say plainly that
they are demo documents, not official ones."""

from __future__ import annotations

import struct
import textwrap
import zlib
from hashlib import sha256

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
DEMO_FOOTER = "Dokumen contoh untuk demo Lumbung Inovasi; bukan dokumen resmi pemerintah daerah."


def _pdf_text(value: str) -> bytes:
    """A PDF string literal in WinAnsi (cp1252) encoding, escaped."""
    raw = value.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_document(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF with a bold title, the given lines (wrapped) and the demo footer."""
    title_lines = textwrap.wrap(title, 60)[:3] or [""]
    content = [b"BT", b"/F2 14 Tf", b"56 780 Td", b"18 TL", _pdf_text(title_lines[0]) + b" Tj"]
    content += [_pdf_text(part) + b" '" for part in title_lines[1:]]
    content += [b"/F1 10 Tf", b"14 TL T*"]
    y_budget = 44 - 2 * len(title_lines)  # lines that fit between the title and the footer
    for line in lines:
        for part in textwrap.wrap(line, 95) or [""]:
            if y_budget <= 0:
                break
            content.append(_pdf_text(part) + b" ' ")
            y_budget -= 1
    content.append(b"ET")
    content.append(b"BT /F1 8 Tf 56 40 Td " + _pdf_text(DEMO_FOOTER) + b" Tj ET")
    stream = b"\n".join(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % (PAGE_WIDTH, PAGE_HEIGHT)
        + b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title " + _pdf_text(title) + b" /Producer (Lumbung Inovasi demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# A 5x7 bitmap font (rows of 5 bits, top to bottom) for the captions of demo photos.
_FONT = {
    "A": (14, 17, 17, 31, 17, 17, 17),
    "B": (30, 17, 17, 30, 17, 17, 30),
    "C": (14, 17, 16, 16, 16, 17, 14),
    "D": (30, 17, 17, 17, 17, 17, 30),
    "E": (31, 16, 16, 30, 16, 16, 31),
    "F": (31, 16, 16, 30, 16, 16, 16),
    "G": (14, 17, 16, 23, 17, 17, 15),
    "H": (17, 17, 17, 31, 17, 17, 17),
    "I": (14, 4, 4, 4, 4, 4, 14),
    "J": (7, 2, 2, 2, 2, 18, 12),
    "K": (17, 18, 20, 24, 20, 18, 17),
    "L": (16, 16, 16, 16, 16, 16, 31),
    "M": (17, 27, 21, 21, 17, 17, 17),
    "N": (17, 17, 25, 21, 19, 17, 17),
    "O": (14, 17, 17, 17, 17, 17, 14),
    "P": (30, 17, 17, 30, 16, 16, 16),
    "Q": (14, 17, 17, 17, 21, 18, 13),
    "R": (30, 17, 17, 30, 20, 18, 17),
    "S": (15, 16, 16, 14, 1, 1, 30),
    "T": (31, 4, 4, 4, 4, 4, 4),
    "U": (17, 17, 17, 17, 17, 17, 14),
    "V": (17, 17, 17, 17, 17, 10, 4),
    "W": (17, 17, 17, 21, 21, 21, 10),
    "X": (17, 17, 10, 4, 10, 17, 17),
    "Y": (17, 17, 10, 4, 4, 4, 4),
    "Z": (31, 1, 2, 4, 8, 16, 31),
    "0": (14, 17, 19, 21, 25, 17, 14),
    "1": (4, 12, 4, 4, 4, 4, 14),
    "2": (14, 17, 1, 2, 4, 8, 31),
    "3": (31, 2, 4, 2, 1, 17, 14),
    "4": (2, 6, 10, 18, 31, 2, 2),
    "5": (31, 16, 30, 1, 1, 17, 14),
    "6": (6, 8, 16, 30, 17, 17, 14),
    "7": (31, 1, 2, 4, 8, 8, 8),
    "8": (14, 17, 17, 14, 17, 17, 14),
    "9": (14, 17, 17, 15, 1, 2, 12),
    "-": (0, 0, 0, 31, 0, 0, 0),
    ".": (0, 0, 0, 0, 0, 12, 12),
    "/": (1, 2, 2, 4, 8, 8, 16),
    " ": (0, 0, 0, 0, 0, 0, 0),
}
_SCALE = 2
_CELL = 6 * _SCALE  # glyph width plus one column of spacing


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_image(caption: list[str], *, width: int = 320, height: int = 200) -> bytes:
    """An RGB PNG: a coloured background (derived from the caption, so photos differ), a light
    band, and up to five caption lines in a bitmap font."""
    seed = sha256("|".join(caption).encode()).digest()
    background = (60 + seed[0] % 120, 80 + seed[1] % 120, 90 + seed[2] % 120)
    band = (245, 245, 240)
    ink = (30, 40, 60)
    pixels = [[background] * width for _ in range(height)]
    top, bottom = 24, height - 24
    for y in range(top, bottom):
        pixels[y] = [band] * width
    per_line = (width - 16) // _CELL
    for index, line in enumerate(caption[:5]):
        text = line.upper()[:per_line]
        y0 = top + 10 + index * (7 * _SCALE + 10)
        for position, char in enumerate(text):
            rows = _FONT.get(char, _FONT[" "])
            x0 = 8 + position * _CELL
            for row, bits in enumerate(rows):
                for col in range(5):
                    if bits & (16 >> col):
                        for dy in range(_SCALE):
                            line_pixels = pixels[y0 + row * _SCALE + dy]
                            for dx in range(_SCALE):
                                line_pixels[x0 + col * _SCALE + dx] = ink
    raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 6))
        + _chunk(b"IEND", b"")
    )
