"""Checks for tests/cli/book-links.sh: where each link of a book lands.

The books' links are written "to MARKER", and the heading each should
land on is followed by "Marker MARKER.": a link is right when the first
marker after its target is its own.

  book-links.py xhtml N FILE...      every internal href of an EPUB's or an
                                     HTML page's files: its id exists in the
                                     file it names, and the link lands right;
                                     N: how many links say "to MARKER"
  book-links.py pdf N FILE.pdf       the same for the PDF's GoTo links, by page
  book-links.py node DIR INPUT...    the Node.js docs: trees of each input
                                     alone (DIR/alone/NAME.tree) against the
                                     book's (DIR/book.tree), and the book's
                                     EPUB unpacked in DIR/epub
Prints what is wrong and the figures; exits 1 when anything is wrong."""
import html, json, os, re, subprocess, sys

bad = []


def xhtml(files, marked=True):
    texts = {os.path.basename(f): open(f, encoding="utf-8").read() for f in files}
    ids = {name: set(re.findall(r'\bid="([^"]+)"', t)) for name, t in texts.items()}
    links = 0
    for name, t in texts.items():
        for href, inner in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', t, re.S):
            href = html.unescape(href)
            if re.match(r"[a-z]+:", href) or "#" not in href:
                continue
            target, _, frag = href.partition("#")
            target = target or name
            if target not in ids or frag not in ids[target]:
                bad.append(f"{name}: href {href}: no such id in {target}")
                continue
            m = re.match(r"to (\S+)$", re.sub(r"<[^>]*>", "", inner))
            if not m or not marked:
                continue
            links += 1
            at = texts[target].index(f'id="{frag}"')
            found = re.search(r"Marker (\S+?)\.", texts[target][at:])
            if not found or found.group(1) != m.group(1):
                bad.append(f"{name}: 'to {m.group(1)}' ({href}) lands at "
                           f"{found.group(1) if found else 'nothing'}")
    print(f"{links} marked links checked")
    return links


def pdf(path):
    j = json.loads(subprocess.run(["qpdf", "--json=2", path], capture_output=True,
                                  check=True).stdout)
    objs = j["qpdf"][1]
    pages = [p["object"] for p in j["pages"]]
    height = {}
    for i, ref in enumerate(pages):
        box = objs["obj:" + ref]["value"]["/MediaBox"]
        height[ref] = box[3]

    def text(page, x, y, w, h):
        return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-x", str(int(x)),
                               "-y", str(int(y)), "-W", str(int(w)), "-H", str(int(h)),
                               "-layout", path, "-"], capture_output=True, text=True).stdout

    links = 0
    for i, ref in enumerate(pages):
        for annot in objs["obj:" + ref]["value"].get("/Annots", []):
            a = objs["obj:" + annot]["value"]
            dest = a.get("/Dest")
            if dest is None:
                continue
            if isinstance(dest, str):
                dest = objs["obj:" + dest]["value"]
            x1, y1, x2, y2 = a["/Rect"]
            h = height[ref]
            label = " ".join(text(i + 1, x1 - 1, h - y2 - 1, x2 - x1 + 2, y2 - y1 + 2).split())
            if label.startswith("["):
                continue  # a note's number
            to = dest[0]
            page = pages.index(to) + 1
            top = dest[3] if len(dest) > 3 and isinstance(dest[3], (int, float)) else height[to]
            below = text(page, 0, height[to] - top - 2, 10000, top + 2)
            found = re.search(r"Marker (\S+?)\.", below)
            m = re.search(r"to (\S+)", label)
            if not m:
                continue  # a note's number or back-link
            links += 1
            if not found or found.group(1) != m.group(1):
                bad.append(f"page {i + 1}: '{label}' goes to page {page} at "
                           f"{found.group(1) if found else 'nothing'}")
    print(f"{links} PDF links checked")
    return links


def tree(path):
    """Top-level blocks, each a list of (kind, value): heading ids, link urls."""
    blocks = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("  ") and not line.startswith("   "):
            blocks.append([])
        m = re.match(r'\s*heading level=\d id="([^"]*)"', line)
        if m:
            blocks[-1].append(("h", m.group(1)))
        m = re.match(r'\s*link url="([^"]*)"', line)
        if m:
            blocks[-1].append(("l", m.group(1)))
    return blocks


def node(d, inputs):
    book = tree(os.path.join(d, "book.tree"))
    local, owner, pairs = {}, {}, []
    at = 0
    for name in inputs:
        alone = tree(os.path.join(d, "alone", name + ".tree"))
        part = book[at:at + len(alone)]
        at += len(alone)
        a = [x for b in alone for x in b]
        b = [x for b in part for x in b]
        ah = [v for k, v in a if k == "h"]
        bh = [v for k, v in b if k == "h"]
        if len(ah) != len(bh):
            bad.append(f"{name}: {len(ah)} headings alone, {len(bh)} in the book")
            continue
        local[name] = dict(zip(ah, bh))
        for g in bh:
            owner[g] = name
        al = [v for k, v in a if k == "l"]
        bl = [v for k, v in b if k == "l"]
        if len(al) != len(bl):
            bad.append(f"{name}: {len(al)} links alone, {len(bl)} in the book")
            continue
        pairs += [(name, u, v) for u, v in zip(al, bl)]
    if at != len(book):
        bad.append(f"the book has {len(book)} blocks, its inputs {at}")
    wrong = cross = resolved = unresolved = 0
    names = set(inputs)
    for name, u, v in pairs:
        if u.startswith("#"):
            if u[1:] not in local[name]:
                continue  # broken alone too
            if owner.get(v[1:]) != name:
                wrong += 1
                if wrong <= 5:
                    bad.append(f"{name}: '{u}' goes to '{v}' in {owner.get(v[1:])}")
            continue
        if re.match(r"[a-z]+:", u) or u.startswith("/"):
            continue
        path, _, frag = u.partition("#")
        path = os.path.normpath(path)
        if path.endswith(".html"):
            path = path[:-5] + ".md"
        if path not in names:
            continue
        cross += 1
        if not v.startswith("#"):
            unresolved += 1
            if unresolved <= 5:
                bad.append(f"{name}: '{u}' not resolved ('{v}')")
            continue
        resolved += 1
        want = local[path].get(frag) if frag else None
        if owner.get(v[1:]) != path or (want and want != v[1:]):
            wrong += 1
            if wrong <= 5:
                bad.append(f"{name}: '{u}' goes to '{v}' in {owner.get(v[1:])}")
    print(f"Node.js book: {len(inputs)} inputs, {len(pairs)} links; links into a wrong "
          f"chapter: {wrong}; links between the docs: {cross}, resolved {resolved}, "
          f"unresolved {unresolved}")
    if wrong or unresolved:
        bad.append(f"{wrong} links into a wrong chapter, {unresolved} between docs unresolved")
    epub = os.path.join(d, "epub", "EPUB")
    files = [os.path.join(epub, f) for f in os.listdir(epub) if f.endswith(".xhtml")]
    texts = "".join(open(f, encoding="utf-8").read() for f in files)
    md = re.findall(r'href="(?![a-z]+:)[^"#]*\.md(?:#[^"]*)?"', texts)
    print(f"Node.js EPUB: {len(md)} relative .md hrefs left")
    if md:
        bad.append(f"{len(md)} relative .md hrefs in the EPUB")
    xhtml(files, marked=False)


mode = sys.argv[1]
if mode in ("xhtml", "pdf"):
    want = int(sys.argv[2])
    got = xhtml(sys.argv[3:]) if mode == "xhtml" else pdf(sys.argv[3])
    if got != want:
        bad.append(f"{got} marked links, {want} expected")
else:
    node(sys.argv[2], sys.argv[3:])
for b in bad[:20]:
    print("  " + b)
sys.exit(1 if bad else 0)
