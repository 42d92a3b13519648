# Footnotes at the foot of the page: each note begins on the page of its
# first reference, below the text; a note too long for the room left
# continues on the next page; reference and note link to each other.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
python3 - "$T/notes.md" <<'PY'
import sys
words = ("the quick brown fox jumps over the lazy dog while a patient typesetter "
         "measures every line and every page of the book ").split()
out = ["# Notes at the foot of the page", ""]
for n in range(1, 61):
    body = " ".join(words[(n * 7 + k) % len(words)] for k in range(45 + n % 17))
    # After the long note, two paragraphs without: a note waits for the
    # end of the one before it, as in TeX.
    if n % 4 == 0 and n not in (24, 28):
        out.append("Paragraph%d %s.[^n%d]" % (n, body, n))
        out.append("")
        if n == 20:
            long = " ".join(words[k % len(words)] for k in range(400))
            out.append("[^n%d]: Notetext%d %s Endoflongnote." % (n, n, long))
        else:
            out.append("[^n%d]: Notetext%d is the note to paragraph %d." % (n, n, n))
    else:
        out.append("Paragraph%d %s." % (n, body))
    out.append("")
open(sys.argv[1], "w").write("\n".join(out))
PY
"$QUIRE" -q "$T/notes.md" -o "$T/notes.pdf" || fail "notes: exit $?"
check "notes: qpdf --check" qpdf --check "$T/notes.pdf" > /dev/null
check "notes: each note starts on its reference's page, below the text; the long one continues" python3 - "$T/notes.pdf" <<'PY'
import re, subprocess, sys
pdf = sys.argv[1]
n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
pages = [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True,
                        text=True, check=True).stdout for p in range(1, n + 1)]
def where(word):
    return [k for k, t in enumerate(pages) if re.search(r"\b%s\b" % word, t)]
checked = 0
for k in [k for k in range(4, 61, 4) if k not in (24, 28)]:
    p, q = where("Paragraph%d" % k), where("Notetext%d" % k)
    assert len(p) == 1 and len(q) == 1, (k, p, q)
    if p != q:
        # The reference ends the paragraph, which may start a page earlier.
        assert q[0] == p[0] + 1 and not where("Paragraph%d" % (k + 1)) < q, (k, p, q)
    t = pages[q[0]]
    assert t.index("Notetext%d" % k) > max(t.rfind("Paragraph%d" % m) for m in range(1, 61) if "Paragraph%d" % m in t), k
    checked += 1
e = where("Endoflongnote")
assert e and e[0] > where("Notetext20")[0], (e, where("Notetext20"))
print(checked, "notes on their pages; the long note continues from page", where("Notetext20")[0] + 1, "to", e[0] + 1)
PY
qpdf --qdf --object-streams=disable "$T/notes.pdf" "$T/notes.qdf"
check "notes: 13 references and 13 numbers linked" test "$(grep -ac "/Subtype /Link" "$T/notes.qdf")" = 26
finish
