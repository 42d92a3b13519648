#!/usr/bin/env python3
"""Writes the test PNGs by hand (zlib + struct): the corpus images under
tests/corpus/img/ and, with --hostile DIR, the awkward ones for
tests/pdf/images.sh. The JPEGs in tests/corpus/img/ were made once with
libjpeg (tests/pdf/make-jpeg.c) and are committed."""
import struct, sys, zlib, os


def chunk(t, data):
    c = struct.pack(">I", len(data)) + t + data
    return c + struct.pack(">I", zlib.crc32(t + data) & 0xFFFFFFFF)


def png(w, h, depth, ctype, rows, interlace=0, plte=None, trns=None):
    """rows: list of bytes per row (already packed), for non-interlaced;
    for interlaced, a function (x, y) -> packed pixel bytes (depth 8/16)."""
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, interlace))
    if plte:
        out += chunk(b"PLTE", plte)
    if trns is not None:
        out += chunk(b"tRNS", trns)
    raw = b""
    if interlace:
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        for x0, y0, dx, dy in passes:
            xs = range(x0, w, dx)
            if not xs:
                continue
            for y in range(y0, h, dy):
                raw += b"\0" + b"".join(rows(x, y) for x in xs)
    else:
        for r in rows:
            raw += b"\0" + r
    return out + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def rgb_rows(w, h, alpha=False):
    rows = []
    for y in range(h):
        r = bytearray()
        for x in range(w):
            # a warm gradient with a dark diagonal band
            band = abs((x - y * w / h)) < w / 12
            px = (40, 40, 60) if band else (200 - x * 120 // w, 90 + y * 120 // h, 60 + x * 150 // w)
            r += bytes(px)
            if alpha:
                r.append(255 if (x - w / 2) ** 2 + (y - h / 2) ** 2 < (min(w, h) / 2) ** 2 else 0)
        rows.append(bytes(r))
    return rows


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def corpus(d):
    write(os.path.join(d, "gradient.png"), png(360, 240, 8, 2, rgb_rows(360, 240)))
    write(os.path.join(d, "disc.png"), png(120, 120, 8, 6, rgb_rows(120, 120, True)))
    # a 16 px gray icon for inline use
    rows = [bytes(0 if (x + y) % 5 == 0 else 160 for x in range(16)) for y in range(16)]
    write(os.path.join(d, "icon.png"), png(16, 16, 8, 0, rows))
    # 1200 px wide: scaled down to the measure
    write(os.path.join(d, "wide.png"), png(1200, 150, 8, 2, rgb_rows(1200, 150)))


def hostile(d):
    w, h = 40, 30
    # 16-bit RGB
    rows = [b"".join(struct.pack(">HHH", x * 1600, y * 2000, 30000) for x in range(w)) for y in range(h)]
    write(os.path.join(d, "rgb16.png"), png(w, h, 16, 2, rows))
    # 16-bit gray + alpha
    rows = [b"".join(struct.pack(">HH", x * 1600, 65535 if x > 5 else 0) for x in range(w)) for y in range(h)]
    write(os.path.join(d, "ga16.png"), png(w, h, 16, 4, rows))
    # interlaced RGBA
    write(os.path.join(d, "interlaced.png"),
          png(w, h, 8, 6, lambda x, y: bytes((x * 6, y * 8, 100, 255 if x > y else 80)), interlace=1))
    # interlaced 16-bit RGB
    write(os.path.join(d, "interlaced16.png"),
          png(w, h, 16, 2, lambda x, y: struct.pack(">HHH", x * 1600, y * 2000, 9000), interlace=1))
    # 4-bit palette with tRNS
    plte = b"".join(bytes((i * 16, 255 - i * 16, 128)) for i in range(16))
    rows = [bytes(((x * 2) % 16) << 4 | ((x * 2 + 1) % 16) for x in range(w // 2)) for y in range(h)]
    write(os.path.join(d, "pal4-trns.png"), png(w, h, 4, 3, rows, plte=plte, trns=bytes([0, 128, 255])))
    # 8-bit RGB with tRNS (a colour key)
    rows = [b"".join(bytes((255, 0, 0)) if x < 10 else bytes((x * 6, 50, 50)) for x in range(w)) for y in range(h)]
    write(os.path.join(d, "rgb-trns.png"), png(w, h, 8, 2, rows, trns=struct.pack(">HHH", 255, 0, 0)))
    # 1-bit gray
    rows = [bytes(0xAA if y % 2 else 0x55 for x in range(w // 8)) for y in range(h)]
    write(os.path.join(d, "gray1.png"), png(w, h, 1, 0, rows))
    # truncated: cut in the IDAT
    full = png(w, h, 8, 2, rgb_rows(w, h))
    write(os.path.join(d, "truncated.png"), full[: len(full) // 2])
    # a bad CRC
    bad = bytearray(full)
    bad[40] ^= 0xFF
    write(os.path.join(d, "badcrc.png"), bytes(bad))
    # a text file with a .png name
    write(os.path.join(d, "text.png"), b"This is not an image.\n")
    # an empty file
    write(os.path.join(d, "empty.png"), b"")
    # an absurd size in the header
    write(os.path.join(d, "huge.png"), b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--hostile":
        hostile(sys.argv[2])
    else:
        corpus(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "img"))
