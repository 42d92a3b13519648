# Tables: the header row repeats at the top of each page a table runs
# onto; a table too wide for the measure is set in smaller type and stays
# inside the margins; alignment is honoured; rules are drawn.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
# Not in tests/corpus: the man backend sets no table wider than its line
# (groff warns there), and these are wide on purpose.
in=$QUIRE_SRC/tests/pdf/tables.md
"$QUIRE" -q "$in" -o "$T/t.pdf" || fail "tables: exit $?"
check "tables: qpdf --check" qpdf --check "$T/t.pdf" > /dev/null
check "header on page 1" sh -c "pdftotext -f 1 -l 1 -layout '$T/t.pdf' - | grep -q 'Planet *Moons *Notes on the planet'"
check "header again at the top of page 2" sh -c "pdftotext -f 2 -l 2 -layout '$T/t.pdf' - | grep -v '^ *$' | head -2 | grep -q 'Planet *Moons *Notes on the planet'"
check "header set twice in all" test "$(pdftotext -layout "$T/t.pdf" - | grep -c 'Notes on the planet')" = 2
check "no word in the margins" python3 "$QUIRE_SRC/tests/pdf/pdfcheck.py" geometry "$T/t.pdf" 99.2 margins-only
check "wide table set smaller, not below 60 %" python3 - "$T/t.pdf" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
h = {}
for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', out):
    h.setdefault(m.group(3), float(m.group(2)) - float(m.group(1)))
body, small = h["Columns"], h["Brazil"]
assert 0.59 * body <= small < 0.9 * body, (body, small)
print("body %.1f, wide table %.1f" % (body, small))
PY
check "right-aligned column" python3 - "$T/t.pdf" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
x = {m.group(3): (float(m.group(1)), float(m.group(2))) for m in
     re.finditer(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', out)}
# Right: "c" and "1,234.56" end at the same x; Centre: "b" and "middle" share a centre.
assert abs(x["c"][1] - x["1,234.56"][1]) < 0.5, (x["c"], x["1,234.56"])
cb, cm = sum(x["b"]) / 2, sum(x["middle"]) / 2
assert abs(cb - cm) < 0.5, (cb, cm)
PY
"$QUIRE" -q "$in" -t txt --columns 10000 -o "$T/t.txt"
"$QUIRE" -q "$in" -t tree -o "$T/t.tree"
check "the words of the txt backend, headers repeated" python3 "$QUIRE_SRC/tests/pdf/pdfcheck.py" words "$T/t.pdf" "$T/t.txt" 60 60 "$T/t.tree"
# A row taller than the page is cut between its lines, the header again
# above each piece, nothing past the foot of a page.
python3 - "$T/tall.md" <<'PY'
import sys
w = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()
cell = " ".join(w[i % len(w)] for i in range(1500))
open(sys.argv[1], "w").write("# Tall\n\n| A | B |\n|---|---|\n| short | %s end |\n| next | row |\n" % cell)
PY
"$QUIRE" -q "$T/tall.md" -o "$T/tall.pdf" || fail "tall: exit $?"
check "tall row: several pages" test "$(pdfinfo "$T/tall.pdf" | awk '/^Pages:/ {print $2}')" -ge 3
check "tall row: inside the page" python3 - "$T/tall.pdf" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
for page in out.split("<page ")[1:]:
    h = float(re.search(r'height="([\d.]+)"', page).group(1))
    for m in re.finditer(r'yMax="([\d.]+)">(?!\d+<)', page):
        assert float(m.group(1)) < h - 99.2 * 0.6, (m.group(1), h)
PY
check "tall row: header on every page" test "$(pdftotext -layout "$T/tall.pdf" - | grep -c '^[[:space:]]*A  *B *$')" = "$(pdfinfo "$T/tall.pdf" | awk '/^Pages:/ {print $2}')"
finish
