# The CommonMark spec's raw HTML examples (sections "HTML blocks" and "Raw
# HTML", the ones GFM's spec shares), as Debian packages them in
# goldmark's test data: for each, every word of the text the reference HTML
# shows (scripts and style sheets left out) is in quire's txt output, and
# quire's HTML output is well-formed XML, so no raw HTML passed through.
. "$(dirname "$0")/../lib.sh"
spec=/usr/share/gocode/src/github.com/yuin/goldmark/_test/spec.json
if [ ! -r "$spec" ] || ! command -v xmllint > /dev/null; then
  echo "skipped: needs golang-github-yuin-goldmark-dev's spec.json and xmllint"; exit 77
fi
python3 - "$QUIRE" "$spec" "$QUIRE_SRC/tests" <<'EOF_PY'
import json, re, subprocess, sys
from collections import Counter
quire, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
from html_text import shown_text

WORD = re.compile(r"[^\W\d_]+|\d+")
def words(text):
    return Counter(WORD.findall(text))

def run(fmt, src):
    return subprocess.run([quire, "-q", "-f", "markdown", "-t", fmt, "-"], input=src,
                          capture_output=True)

examples = [e for e in json.load(open(spec, encoding="utf-8"))
            if e["section"] in ("HTML blocks", "Raw HTML")]
failed = 0
for e in examples:
    src = e["markdown"].encode()
    txt = run("txt", src)
    lost = words(shown_text(e["html"])) - words(txt.stdout.decode())
    page = run("html", src)
    xml = subprocess.run(["xmllint", "--noout", "-"], input=page.stdout, capture_output=True)
    if txt.returncode or page.returncode or lost or xml.returncode:
        failed += 1
        print("FAIL: example %d (spec line %d): exit %d/%d, lost %s, xmllint: %s"
              % (e["example"], e["start_line"], txt.returncode, page.returncode,
                 dict(lost), xml.stderr.decode()[:200]))
print("%d examples, %d passed, %d failed" % (len(examples), len(examples) - failed, failed))
sys.exit(1 if failed or len(examples) < 60 else 0)
EOF_PY
