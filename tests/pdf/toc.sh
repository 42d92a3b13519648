# --toc: a contents page after the title block, whose page numbers are the
# pages the headings are set on, every entry a link to its heading; it
# lists the levels --toc-depth asks for; without --toc there is none.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
python3 "$QUIRE_SRC/tests/pdf/make-long.py" "$T/long.md"
"$QUIRE" -q "$T/long.md" --toc -o "$T/toc.pdf" || fail "toc: exit $?"
check "toc: qpdf --check" qpdf --check "$T/toc.pdf" > /dev/null
check "toc: page numbers match the headings' pages" python3 - "$T/toc.pdf" <<'PY'
import re, subprocess, sys
pdf = sys.argv[1]
def page(n):
    return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
p2 = page(2)
assert "Contents" in p2, p2[:200]
entries, pending, n = [], "", 2
while True:
    text = page(n)
    if "Contents" not in text and n > 2 and not re.search(r"\.\s\.\s\.\s.*\d+\s*$", text, re.M):
        break
    for line in text.split("\n"):
        m = re.match(r"^\s*(.*?)\s*(?:\.\s*){3,}\s*(\d+)\s*$", line)
        if m:
            entries.append(((pending + " " + m.group(1)).strip(), int(m.group(2))))
            pending = ""
        elif line.strip() and "Contents" not in line and "Free Licences" not in line and not line.strip().isdigit():
            pending = (pending + " " + line.strip()).strip()
    n += 1
assert len(entries) > 40, len(entries)
squash = lambda s: re.sub(r"\s+", "", s).rstrip(".")
for title, num in entries:
    assert squash(title) in squash(page(num)), (title, num)
    if num > 1:
        assert squash(title) not in squash(page(num - 1)) or title in ("Preamble", "NO WARRANTY") or "TERMS" in title or "How to Apply" in title, (title, num)
print(len(entries), "entries checked")
PY
qpdf --qdf --object-streams=disable "$T/toc.pdf" "$T/toc.qdf"
check "toc: entries are links" test "$(python3 - "$T/toc.qdf" <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read().decode("latin-1")
# the second page object's annotations
pages = re.findall(r"%% Page 2\n.*?/Annots \[(.*?)\]", d, re.S)
print(len(pages[0].split()) // 3 if pages else 0)
PY
)" -ge 30
"$QUIRE" -q "$T/long.md" --toc --toc-depth 1 -o "$T/toc1.pdf" || fail "toc1: exit $?"
check "toc-depth 1: chapters only" test "$(pdftotext -f 2 -l 2 "$T/toc1.pdf" - | grep -c "^Chapter")" = 6
check "toc-depth 1: no sections" sh -c "! pdftotext -f 2 -l 2 '$T/toc1.pdf' - | grep -q Preamble"
"$QUIRE" -q "$T/long.md" -o "$T/notoc.pdf" || fail "notoc: exit $?"
check "no --toc: no contents" sh -c "! pdftotext '$T/notoc.pdf' - | grep -q '^Contents$'"
printf 'No headings at all.\n' > "$T/plain.md"
"$QUIRE" -q "$T/plain.md" --toc -o "$T/plain.pdf" || fail "plain: exit $?"
check "no headings: no contents page" test "$(pdfinfo "$T/plain.pdf" | awk '/^Pages:/ {print $2}')" = 1
finish
