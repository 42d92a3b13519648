# Table cell spans in PDF: every cell's text is kept; a cell across
# columns is set in their summed width, a cell down several rows beside
# the rows it covers; a group of rows that cells span stays on one page
# when it fits on one, and one taller than a page breaks between its rows
# without losing a word.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
in=$QUIRE_SRC/tests/corpus/html-table-spans.md
"$QUIRE" -q "$in" -o "$T/s.pdf" || fail "spans: exit $?"
check "spans: qpdf --check" qpdf --check "$T/s.pdf" > /dev/null
"$QUIRE" -q "$in" -t txt --columns 10000 -o "$T/s.txt"
"$QUIRE" -q "$in" -t tree -o "$T/s.tree"
check "spans: the words of the txt backend, in order" \
  python3 "$QUIRE_SRC/tests/pdf/pdfcheck.py" words "$T/s.pdf" "$T/s.txt" 60 60 "$T/s.tree"
check "spans: every cell's text" python3 - "$in" "$T/s.pdf" <<'PY'
import re, subprocess, sys
src = open(sys.argv[1], encoding="utf-8").read()
cells = re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", src)
text = subprocess.run(["pdftotext", sys.argv[2], "-"], capture_output=True, text=True).stdout
words = text.split()
for c in cells:
    for w in c.split():
        assert w in words, (c, w)
        words.remove(w)
print(len(cells), "cells")
PY
check "spans: geometry" python3 - "$T/s.pdf" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
words = [(m.group(5), tuple(float(v) for v in m.group(1, 2, 3, 4))) for m in
         re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out)]
def table(first, last):
    """The words' boxes from the table word first to last."""
    a = [w for w, _ in words].index(first)
    b = a + [w for w, _ in words[a:]].index(last)
    return dict(words[a:b + 1])
box = table("Key", "footer")
# "a wide and tall cell" spans the columns Key and A: it runs on past
# where A's column starts, and B's "b1" sits to its right on its line.
assert box["tall"][2] > box["A"][0] - 4, (box["tall"], box["A"])
assert box["b1"][0] > box["cell"][2] and abs(box["b1"][1] - box["wide"][1]) < 0.5
# "to the end" (rowspan="0") starts on the line of "b1", and the rows it
# spans follow below, in the other columns.
assert abs(box["end"][1] - box["b1"][1]) < 0.5
assert box["b2"][1] > box["b1"][1] + 5 and box["k"][1] > box["b2"][1] + 5
# "width" (rowspan 2) is beside "0" and its row is followed by "1".
box = table("Name", "height")
assert abs(box["width"][1] - box["0"][1]) < 0.5 and box["1"][1] > box["0"][1] + 5
assert box["height"][1] > box["1"][1] + 5
PY
# Groups of rows that cells span, near the foot of a page.
python3 - "$T/groups.md" <<'PY'
import sys
out = ["# Groups", ""]
out += ["Filler paragraph %d with some words to take up room on the page.\n" % i for i in range(30)]
out += ["<table>", "<tr><th>K</th><th>V</th><th>W</th></tr>"]
for g in range(3):
    out.append('<tr><td rowspan="8">group%d spans eight rows</td><td>g%dr0</td><td>w</td></tr>' % (g, g))
    out += ['<tr><td>g%dr%d</td><td>w</td></tr>' % (g, r) for r in range(1, 8)]
out.append('<tr><td rowspan="80">huge group of eighty rows</td><td>h0</td><td>x</td></tr>')
out += ['<tr><td>h%d</td><td>x</td></tr>' % r for r in range(1, 80)]
out.append("</table>")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
"$QUIRE" -q "$T/groups.md" -o "$T/groups.pdf" || fail "groups: exit $?"
check "groups: each group of 8 rows on one page, the huge one over several" python3 - "$T/groups.pdf" <<'PY'
import subprocess, sys
pages = subprocess.run(["pdftotext", sys.argv[1], "-"], capture_output=True, text=True).stdout.split("\f")
where = {}
for n, p in enumerate(pages):
    for w in p.split():
        where.setdefault(w, n)
for g in range(3):
    rows = {where["g%dr%d" % (g, r)] for r in range(8)}
    assert len(rows) == 1 and where["group%d" % g] in rows, (g, rows)
huge = {where["h%d" % r] for r in range(80)}
assert len(huge) >= 2, huge
assert where["huge"] == where["h0"]
print("pages", len(pages) - 1)
PY
finish
