# No text is lost from real Markdown full of raw HTML: every Node.js API
# doc (Debian's nodejs-doc) converted to txt has every word that
# cmark-gfm --unsafe's HTML shows (its text content, scripts and style
# sheets left out). Words are compared as letters, so the txt backend's
# markup and its superscript digits (2³¹) do not count. Prints the total.
. "$(dirname "$0")/../lib.sh"
docs=/usr/share/doc/nodejs/api
if ! ls "$docs"/*.md* > /dev/null 2>&1 || ! command -v cmark-gfm > /dev/null; then
  echo "skipped: needs nodejs-doc and cmark-gfm"; exit 77
fi
python3 - "$QUIRE" "$docs" "$QUIRE_SRC/tests" <<'EOF_PY'
import glob, gzip, os, re, subprocess, sys, unicodedata
from collections import Counter
quire, docs = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
from html_text import shown_text

# CJK breaks between any two characters in txt: each is a word.
CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
WORD = re.compile(r"[%s]|[^\W\d_%s]+" % (CJK, CJK))

def words(text):
    text = "".join(ch for ch in text if unicodedata.category(ch) != "No")
    return Counter(WORD.findall(text))

total, files = 0, 0
for path in sorted(glob.glob(docs + "/*.md") + glob.glob(docs + "/*.md.gz")):
    src = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    ref_html = subprocess.run(["cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough",
                               "-e", "autolink", "-e", "tasklist"], input=src,
                              capture_output=True).stdout.decode("utf-8", "replace")
    got = subprocess.run([quire, "-q", "-f", "markdown", "-t", "txt", "-"], input=src,
                         capture_output=True)
    if got.returncode != 0:
        print("FAIL: %s: quire exited %d" % (os.path.basename(path), got.returncode))
        total += 1
        continue
    lost = words(shown_text(ref_html, " ")) - words(got.stdout.decode("utf-8"))
    n = sum(lost.values())
    files += 1
    if n:
        print("FAIL: %s: %d words lost: %s" % (os.path.basename(path), n,
              ", ".join("%s x%d" % kv for kv in lost.most_common(8))))
    total += n
print("%d docs, %d words lost" % (files, total))
sys.exit(1 if total or files == 0 else 0)
EOF_PY
