# Syntax highlighting in EPUB and HTML (tests/corpus/code-highlight.md):
# tokens in <span class="..."> inside <pre><code>, the theme's rules in
# the stylesheet only when there is highlighted code, the text of every
# block the same as without highlighting, and a valid book (validate.sh
# runs epubcheck on the corpus; here too, on the mono style).
. "$(dirname "$0")/../lib.sh"
has() { grep -qF -- "$2" "$1" || { echo "missing in $1: $2" >&2; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "unexpected in $1: $2" >&2; return 1; }; }
in=$QUIRE_SRC/tests/corpus/code-highlight.md
cd "$QUIRE_TMP" || exit 1
"$QUIRE" -q "$in" -t html -o on.html
check "quire exit status" test $? -eq 0
"$QUIRE" -q --no-highlight "$in" -t html -o off.html
check "quire --no-highlight exit status" test $? -eq 0

check "js keyword" has on.html '<span class="kw">function</span> <span class="fu">show</span>'
check "js string" has on.html "<span class=\"st\">'node:fs'</span>"
check "js comment" has on.html '<span class="co">// Read a file, then print it.</span>'
check "python keyword" has on.html '<span class="kw">def</span> <span class="fu">size</span>'
check "c directive" has on.html '<span class="pp">#include</span> <span class="st">&lt;stdio.h&gt;</span>'
check "c type" has on.html '<span class="ty">int</span> <span class="fu">main</span>'
check "c escape" has on.html '<span class="sc">\n</span>'
check "sh keyword" has on.html '<span class="kw">for</span> f <span class="kw">in</span>'
check "json key" has on.html '<span class="pr">"name"</span>'
check "json literal" has on.html '<span class="kw">true</span>'
check "yaml comment" has on.html '<span class="co"># settings</span>'
check "diff lines" has on.html '<span class="de">-int x = 1;</span>'
check "diff lines" has on.html '<span class="in">+int x = 2;</span>'
check "unknown language plain" has on.html \
  '<pre><code class="language-klingon">function qaStaHvIS "not highlighted" 42'
check "no language plain" has on.html '<pre><code>function plain() { return "text"; }'
check "non-ASCII whole" has on.html '<span class="st">"naïve → café"</span>'
check "theme rules" has on.html 'pre code .kw { color: #1d3f8f; font-weight: bold; }'
check "no spans without highlighting" lacks off.html '<span class="'
check "no theme rules without highlighting" lacks off.html 'pre code .kw'

# The same text in every block, highlighted or not.
check "same text" python3 -c '
import re, sys, html
def blocks(p):
    t = open(p, encoding="utf-8").read()
    return [html.unescape(re.sub(r"<[^>]+>", "", b))
            for b in re.findall(r"<pre>(.*?)</pre>", t, re.S)]
a, b = blocks("on.html"), blocks("off.html")
if a != b or len(a) != 10:
    sys.exit("blocks differ: %d and %d" % (len(a), len(b)))
' 

# A document without highlighted code carries no theme rules.
printf '# T\n\n```\nplain\n```\n\n```nolang\nx\n```\n' > plain.md
"$QUIRE" -q plain.md -t html -o plain.html
check "no rules without code to colour" lacks plain.html 'pre code .'

# EPUB: the spans in the chapter, the rules in the book's stylesheet.
"$QUIRE" -q --highlight-style mono "$in" -o mono.epub
check "quire exit status (epub)" test $? -eq 0
python3 -m zipfile -e mono.epub m
check "epub spans" has m/EPUB/ch001.xhtml '<span class="kw">function</span>'
css=$(find m -name book.css)
check "mono rules" has "$css" 'pre code .kw { font-weight: bold; }'
check "mono has no colours" lacks "$css" 'pre code .st'
if command -v java >/dev/null && [ -e /usr/share/java/epubcheck.jar ]; then
  java -jar /usr/share/java/epubcheck.jar mono.epub > ec.txt 2>&1
  check "epubcheck (mono)" grep -q 'No errors or warnings detected' ec.txt
fi

# The command line.
"$QUIRE" --list-highlight-styles > styles.txt
check "styles listed" grep -q '^  quire ' styles.txt
check "mono listed" grep -q '^  mono ' styles.txt
"$QUIRE" --highlight-style nosuch "$in" -t html -o x.html 2> err.txt
check "unknown style is a usage error" test $? -eq 2
check "unknown style message" grep -q "unknown highlight style 'nosuch'" err.txt
finish
