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
python3 - "$QUIRE" "$spec" <<'EOF_PY'
import html.parser, json, re, subprocess, sys
from collections import Counter
quire, spec = sys.argv[1], sys.argv[2]

class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0
    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)

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
    ref = Text()
    ref.feed(e["html"])
    ref.close()
    txt = run("txt", src)
    lost = words("".join(ref.out)) - words(txt.stdout.decode())
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
