#!/usr/bin/env python3
"""Checks the TrueType subsets embedded in a PDF: every composite glyph
that is kept has all its components kept too (libharu alone drops some).

  glyphs.py PDF     (prints the number of composite glyphs checked)
"""
import re, struct, subprocess, sys, tempfile, os


def font_streams(pdf):
    with tempfile.TemporaryDirectory() as d:
        qdf = os.path.join(d, "x.qdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--decode-level=all", pdf, qdf], check=True)
        data = open(qdf, "rb").read()
    ids = set(re.findall(rb"/FontFile2 (\d+) 0 R", data))
    for i in ids:
        m = re.search(rb"\n" + i + rb" 0 obj\n<<(.*?)>>\nstream\n", data, re.S)
        start = m.end()
        ref = re.search(rb"/Length (\d+) 0 R", m.group(1))
        if ref:
            length = int(re.search(rb"\n" + ref.group(1) + rb" 0 obj\n(\d+)", data).group(1))
        else:
            length = int(re.search(rb"/Length (\d+)\s", m.group(1)).group(1))
        yield data[start:start + length]


def check(font):
    n = struct.unpack(">H", font[4:6])[0]
    tables = {}
    for k in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", font[12 + 16 * k:28 + 16 * k])
        tables[tag] = (off, ln)
    head = tables[b"head"][0]
    long_loca = struct.unpack(">h", font[head + 50:head + 52])[0] == 1
    nglyphs = struct.unpack(">H", font[tables[b"maxp"][0] + 4:tables[b"maxp"][0] + 6])[0]
    lo = tables[b"loca"][0]
    if long_loca:
        loca = struct.unpack(">%dI" % (nglyphs + 1), font[lo:lo + 4 * (nglyphs + 1)])
    else:
        loca = [2 * x for x in struct.unpack(">%dH" % (nglyphs + 1), font[lo:lo + 2 * (nglyphs + 1)])]
    glyf = tables[b"glyf"][0]
    checked = 0
    for g in range(nglyphs):
        a, b = loca[g], loca[g + 1]
        if b - a < 10 or struct.unpack(">h", font[glyf + a:glyf + a + 2])[0] >= 0:
            continue
        checked += 1
        p = glyf + a + 10
        while True:
            flags, gi = struct.unpack(">HH", font[p:p + 4])
            p += 4 + (4 if flags & 1 else 2) + (2 if flags & 8 else 4 if flags & 64 else 8 if flags & 128 else 0)
            assert gi < nglyphs and loca[gi + 1] > loca[gi], "glyph %d: component %d is empty" % (g, gi)
            if not flags & 32:
                break
    return checked


total = sum(check(f) for f in font_streams(sys.argv[1]))
print("%d composite glyphs, every component embedded" % total)
