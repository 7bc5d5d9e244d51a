#!/usr/bin/env python3
"""Draws Mlango's app icons (the PWA manifest's and the home-screen icon) into public/icons/.

The design is the favicon's (public/favicon.svg): the white "M" of the header's brand mark on
the site's green (#0b6e4f, style/main.css --green). Drawn here, with the standard library only
(no network, no image libraries), so anyone can change the design and run it again:

    python3 scripts/make-icons.py

Each shape is filled with exact horizontal coverage on 8 sub-scanlines per pixel (anti-aliased
edges), and the PNGs are written with zlib, palette-free RGBA, the smallest filter per row.
"""

import os
import struct
import zlib

GREEN = (0x0B, 0x6E, 0x4F)
WHITE = (0xFF, 0xFF, 0xFF)
SUBROWS = 8

# The favicon's "M" on its 32x32 grid: M7 25V8h4l5 8 5-8h4v17h-4V15l-5 8-5-8v10z
M_GLYPH = [(7, 25), (7, 8), (11, 8), (16, 16), (21, 8), (25, 8), (25, 25), (21, 25), (21, 15), (16, 23), (11, 15), (11, 25)]


def polygon_spans(points, y):
    """The x intervals inside `points` (even-odd rule) on the horizontal line at `y`."""
    xs = []
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        if (y0 <= y < y1) or (y1 <= y < y0):
            xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    xs.sort()
    return list(zip(xs[0::2], xs[1::2]))


def rounded_rect_spans(size, radius, y):
    """The x interval of a `size` square with corners of `radius` on the line at `y`."""
    if y < 0 or y >= size:
        return []
    inset = 0.0
    dy = max(radius - y, y - (size - radius), 0.0)
    if dy > 0:
        inset = radius - (radius * radius - dy * dy) ** 0.5
    return [(inset, size - inset)]


def coverage_row(spans_at, y, width):
    """How much of each pixel of row `y` the shape covers (0..1), from its spans."""
    row = [0.0] * width
    for k in range(SUBROWS):
        for a, b in spans_at(y + (k + 0.5) / SUBROWS):
            a, b = max(a, 0.0), min(b, float(width))
            if a >= b:
                continue
            first, last = int(a), min(int(b), width - 1)
            for x in range(first, last + 1):
                row[x] += (min(b, x + 1) - max(a, x)) / SUBROWS
    return row


def draw(size, maskable):
    """RGBA rows: a green tile (rounded, or full bleed when maskable) with the white M."""
    # A maskable icon may be cut to a circle of 80% of its width: the M is drawn smaller.
    glyph_scale = size / 32 * (0.72 if maskable else 1.0)
    centre = size / 2
    glyph = [(centre + (x - 16) * glyph_scale, centre + (y - 16.5) * glyph_scale) for x, y in M_GLYPH]
    radius = 0 if maskable else size * 4 / 32
    rows = []
    for y in range(size):
        tile = coverage_row(lambda yy: rounded_rect_spans(size, radius, yy), y, size)
        mark = coverage_row(lambda yy: polygon_spans(glyph, yy), y, size)
        row = bytearray()
        for t, m in zip(tile, mark):
            m = min(m, t)
            colour = [round(g + (w - g) * (m / t)) if t else 0 for g, w in zip(GREEN, WHITE)]
            row += bytes(colour) + bytes([round(255 * min(t, 1.0))])
        rows.append(bytes(row))
    return rows


def png(rows, size):
    """A PNG file of RGBA `rows`, each row with whichever filter (none or Sub) packs best."""
    raw = bytearray()
    for row in rows:
        sub = bytes((row[i] - (row[i - 4] if i >= 4 else 0)) & 0xFF for i in range(len(row)))
        none_cost, sub_cost = sum(min(b, 256 - b) for b in row), sum(min(b, 256 - b) for b in sub)
        raw += b"\x01" + sub if sub_cost < none_cost else b"\x00" + row

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


ICONS = [
    # (file, size, maskable): the manifest's two sizes, its maskable one, and the home-screen
    # icon iOS and older Android browsers read from <link rel="apple-touch-icon">.
    ("icon-192.png", 192, False),
    ("icon-512.png", 512, False),
    ("maskable-512.png", 512, True),
    ("apple-touch-icon.png", 180, True),
]


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "icons")
    os.makedirs(out, exist_ok=True)
    for name, size, maskable in ICONS:
        data = png(draw(size, maskable), size)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print(f"public/icons/{name}: {size}x{size}, {len(data)} bytes")


if __name__ == "__main__":
    main()
