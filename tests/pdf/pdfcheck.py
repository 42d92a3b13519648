#!/usr/bin/env python3
"""Checks on quire's PDF output that need parsing: word equality with the
txt backend, margins and inter-word gaps from pdftotext -bbox.

  pdfcheck.py words PDF TXT TOP BOTTOM [TREE]
      (TOP, BOTTOM: points cropped away; TREE: the tree backend's output,
      whose link targets name the txt backend's reference lines)
  pdfcheck.py geometry PDF RIGHT_MARGIN [margins-only]
"""
import re
import unicodedata
import statistics
import subprocess
import sys

LETTERS = re.compile(r"[^\W\d_]+")
REF_LINE = re.compile(r"^\s*\[\d+\]\s+(https?://|ftp://|mailto:|www\.|#|/|\./|\.\./|file:)")


def run(args):
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0 or p.stderr.strip():
        sys.exit("%s failed: %s" % (args[0], p.stderr.strip()))
    return p.stdout


def page_size(pdf):
    info = run(["pdfinfo", pdf])
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    return float(m.group(1)), float(m.group(2))


def tokens(text, line_ends):
    """Whitespace-separated words reduced to their letters (markup,
    punctuation and digits such as note and link numbers dropped); with
    line_ends, each word says whether it ends a line."""
    out = []
    for line in text.split("\n"):
        ws = line.split()
        for k, w in enumerate(ws):
            # Superscript and subscript digits (the txt backend's forms
            # of <sup>/<sub>) are digits as much as the PDF's raised ones.
            w = "".join(ch for ch in w if unicodedata.category(ch) != "No")
            t = "".join(LETTERS.findall(w))
            if t:
                out.append((t, line_ends and k == len(ws) - 1))
            elif out and line_ends and k == len(ws) - 1:
                out[-1] = (out[-1][0], True)
    return out


def consume(got, i, words):
    """How far got[i:] runs along words (joining words broken at line
    ends): the new i and the number of words used."""
    k = 0
    while i < len(got) and k < len(words):
        if got[i][0] == words[k]:
            i, k = i + 1, k + 1
            continue
        m, joined = i, got[i][0]
        while got[m][1] and m + 1 < len(got) and words[k].startswith(joined) and joined != words[k]:
            m += 1
            joined += got[m][0]
        if joined != words[k]:
            break
        i, k = m + 1, k + 1
    return i, k


def align(got, want, optional=(), extra=frozenset(), inserts=(), repeats=()):
    """Walks both word lists; a word broken at the end of a PDF line
    (hyphenated, or a URL broken after a slash) is joined to the next.
    Words of want whose index is in optional may be missing from the PDF
    (an image's alt text where the image is drawn); words in extra may
    appear in the PDF only (image captions).
    Footnotes (inserts) may stand anywhere in the PDF, in pieces when a
    note continues on the next page.
    Returns None when equal, else a description of the first difference."""
    pend = [list(w) for w in inserts if w]
    i = j = 0
    while i < len(got) and j < len(want):
        t, end = got[i]
        if t == want[j]:
            i, j = i + 1, j + 1
            continue
        took = False
        for p in pend:
            if p:
                ni, k = consume(got, i, p)
                if k > 0:
                    del p[:k]
                    i, took = ni, True
                    break
        if took:
            continue
        for r in repeats:
            ni, k = consume(got, i, r)
            if r and k == len(r):
                i, took = ni, True
                break
        if took:
            continue
        if j in optional:
            j += 1
            continue
        if t in extra:
            i += 1
            continue
        k, joined = i, t
        while got[k][1] and k + 1 < len(got) and want[j].startswith(joined) and joined != want[j]:
            k += 1
            joined += got[k][0]
        if joined == want[j]:
            i, j = k + 1, j + 1
            continue
        return "word %d: pdf %s / txt %s" % (j, " ".join(x for x, _ in got[max(0, i - 4):i + 5]),
                                            " ".join(want[max(0, j - 4):j + 5]))
    while j < len(want) and j in optional:
        j += 1
    progress = True
    while i < len(got) and progress:
        progress = False
        for p in pend:
            if p:
                ni, k = consume(got, i, p)
                if k > 0:
                    del p[:k]
                    i, progress = ni, True
                    break
    left = [p for p in pend if p]
    if left and i >= len(got) and j >= len(want):
        return "footnote words not found: %s" % left[0][:6]
    while i < len(got) and got[i][0] in extra:
        i += 1
    if i < len(got) or j < len(want):
        return "left over: pdf %s / txt %s" % ([x for x, _ in got[i:i + 6]], want[j:j + 6])
    return None


def link_targets(tree):
    """The url="..." values of the tree backend's output."""
    urls = set()
    with open(tree, encoding="utf-8") as f:
        for m in re.finditer(r'url="((?:[^"\\]|\\.)*)"', f.read()):
            urls.add(re.sub(r"\\(.)", r"\1", m.group(1)))
    return urls


def words(pdf, txt, top, bottom, tree=None):
    """The words of the PDF's text equal the txt backend's, in order.

    Words are compared by their letters, which leaves out the txt
    backend's own markup (_emphasis_, **strong**, `code`, [n] link and
    note numbers, [x] task boxes, "image:"), and a word the PDF broke at a
    line end is joined again. The link reference list and the running
    header and footer are left out."""
    w, h = page_size(pdf)
    with open(txt, encoding="utf-8") as f:
        lines = [l for l in f.read().split("\n") if not REF_LINE.match(l)]
    if tree:
        urls = link_targets(tree)
        lines = [l for l in lines
                 if not (re.match(r"^\s*\[\d+\] ", l) and re.sub(r"^\s*\[\d+\] ", "", l) in urls)]
    # Footnotes: the txt backend sets them at the end, the PDF at the foot
    # of a page.
    inserts = []
    if tree:
        with open(tree, encoding="utf-8") as f:
            nums = {int(n) for n in re.findall(r"^\s*footnote_def .*number=(\d+)", f.read(), re.M)}
        start = next((k for k, l in enumerate(lines) if nums and re.match(r"^\[%d\] " % min(nums), l)), None)
        if start is not None:
            blocks, cur = [], None
            for l in lines[start:]:
                m = re.match(r"^\[(\d+)\] ", l)
                if m and int(m.group(1)) in nums:
                    cur = []
                    blocks.append(cur)
                    l = l[m.end():]
                cur.append(l)
            inserts = [[t for t, _ in tokens(re.sub(r"\[[xX ]\] ", "", "\n".join(b)), False)] for b in blocks]
            lines = lines[:start]
    # A table's header rows are set again on each page the table runs on.
    repeats = []
    if tree:
        cur = None
        with open(tree, encoding="utf-8") as f:
            for l in f:
                m = re.match(r"^(\s*)table_row( header)?", l)
                if m:
                    cur = [] if m.group(2) else None
                    if cur is not None:
                        repeats.append(cur)
                elif cur is not None and re.match(r"^\s*(table\s|paragraph|heading)", l):
                    cur = None
                elif cur is not None:
                    t = re.match(r'^\s*(?:text|code) "((?:[^"\\]|\\.)*)"', l)
                    if t:
                        cur.extend(w for w, _ in tokens(t.group(1), False))
    ref = re.sub(r"\[[xX ]\] ", "", "\n".join(lines))
    # An image's alt text is in the PDF only when the image is missing or
    # it is a block image's caption; a caption may be the title instead.
    want, optional = [], set()
    for k, part in enumerate(re.split(r"\[image(?:: ((?:[^\]]|\n)*))?\]", ref)):
        if part is None:
            continue
        words_ = [t for t, _ in tokens(part, False)]
        if k % 2 == 1:
            optional.update(range(len(want), len(want) + len(words_)))
        want.extend(words_)
    extra = set()
    if tree:
        with open(tree, encoding="utf-8") as f:
            for m in re.finditer(r'^\s*image url="(?:[^"\\]|\\.)*" title="((?:[^"\\]|\\.)*)"', f.read(), re.M):
                extra.update(t for t, _ in tokens(m.group(1), False))
    # pdftotext's reading order first; content-stream order (-raw) when
    # its column detection reorders table cells.
    for mode in ([], ["-raw"]):
        text = run(["pdftotext"] + mode + ["-nopgbrk", "-x", "0", "-y", str(int(top)), "-W",
                    str(int(w) + 1), "-H", str(int(h - top - bottom)), pdf, "-"])
        got = tokens(text, True)
        diff = align(got, want, optional, extra, inserts, repeats)
        if diff is None:
            break
    if diff is not None:
        sys.exit("words differ at " + diff)
    print("words: %d txt words equal the pdf's (%d before joining broken words)%s" %
          (len(want), len(got), " (-raw)" if mode else ""))


def geometry(pdf, right_margin, gaps=True):
    w, h = page_size(pdf)
    right = w - right_margin
    out = run(["pdftotext", "-bbox", pdf, "-"])
    pages = out.split("<page ")[1:]
    over = []
    lines = {}
    for pno, page in enumerate(pages):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', page):
            x0, y0, x1, y1 = map(float, m.groups())
            if x1 > right + 0.5 or x0 < right_margin - 0.5:
                over.append((pno + 1, x1 if x1 > right + 0.5 else x0, y0))
            lines.setdefault((pno, round(y1, 1)), []).append((x0, x1, round(y1 - y0, 1)))
    if over:
        sys.exit("%d words in the margins (text from %.1f to %.1f), first: page %d x %.1f y %.1f" %
                 ((len(over), right_margin, right) + over[0]))
    if not gaps:
        print("geometry: no margin overflow")
        return
    # Body text: the most common word height.
    heights = [h for ws in lines.values() for _, _, h in ws]
    body = statistics.mode(heights)
    natural, justified = [], []
    for ws in lines.values():
        ws = sorted(x for x in ws if abs(x[2] - body) < 0.05 * body)
        if len(ws) < 3:
            continue
        gaps = [b[0] - a[1] for a, b in zip(ws, ws[1:])]
        if ws[-1][1] > right - 0.5:
            justified.extend(gaps)
        else:
            natural.extend(gaps)
    # No page ends with a heading (a line set larger than the body), the
    # footer aside.
    for pno in sorted({p for p, _ in lines}):
        body_lines = [(y, ws) for (p, y), ws in lines.items() if p == pno and y < h - right_margin * 0.7]
        if not body_lines:
            continue
        y, ws = max(body_lines)
        if max(x[2] for x in ws) > body * 1.1 and pno + 1 < len(pages):
            sys.exit("page %d ends with a heading (line at y %.1f)" % (pno + 1, y))
    if not natural or not justified:
        print("geometry: no margin overflow; too few lines to measure gaps")
        return
    space = statistics.median(natural)
    justified.sort()
    p95 = justified[int(0.95 * (len(justified) - 1))]
    print("geometry: no margin overflow; natural space %.2f pt, justified gaps p50 %.2f p95 %.2f "
          "(%.2fx) over %d gaps" % (space, justified[len(justified) // 2], p95, p95 / space,
                                    len(justified)))
    if p95 > 1.6 * space:
        sys.exit("95th-percentile gap %.2f exceeds 1.6 x natural %.2f" % (p95, space))


if __name__ == "__main__":
    if len(sys.argv) in (6, 7) and sys.argv[1] == "words":
        words(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]),
              sys.argv[6] if len(sys.argv) == 7 else None)
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "geometry":
        geometry(sys.argv[2], float(sys.argv[3]), len(sys.argv) == 4)
    else:
        sys.exit(__doc__)
