# tests/corpus/xml-hostile.md: markup characters, control characters,
# "]]>", quotes in attributes, URLs with spaces and quotes. The book is
# valid (validate.sh runs epubcheck on it); here: what became of each
# hostile piece, and the warnings.
. "$(dirname "$0")/../lib.sh"
has() { grep -qF -- "$2" "$1" || { echo "missing in $1: $2" >&2; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "unexpected in $1: $2" >&2; return 1; }; }
in=$QUIRE_SRC/tests/corpus/xml-hostile.md
"$QUIRE" "$in" -o "$QUIRE_TMP/h.epub" 2> "$QUIRE_TMP/w.txt"
check "quire exit status" test $? -eq 0
python3 -m zipfile -e "$QUIRE_TMP/h.epub" "$QUIRE_TMP/h"
d=$QUIRE_TMP/h/EPUB
ch=$d/ch001.xhtml
for f in "$d"/*.xhtml "$d"/toc.ncx "$d"/content.opf; do
  check "well-formed $(basename "$f")" xmllint --noout "$f"
done
w=$QUIRE_TMP/w.txt
check "warns about control characters" has "$w" "characters that XML does not allow"
check "warns about metadata characters" has "$w" "that XML does not allow from the metadata"
check "warns about javascript" has "$w" "link to a javascript: URL"
check "warns about the missing id" has "$w" "link to '#no-such-heading'"
check "warns about the other file" has "$w" "link to 'other file.md' is not part of the book"
# No control character other than tab and newline anywhere in the book.
check "no control characters" python3 -c '
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.endswith((".xhtml", ".opf", ".ncx")):
        t = z.read(n).decode("utf-8")
        bad = re.findall("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", t)
        if bad: sys.exit("%s: %r" % (n, bad))
' "$QUIRE_TMP/h.epub"
check "no raw script" lacks "$ch" "<script"
check "no raw div" lacks "$ch" '<div class="raw"'
check "heading text escaped, its script not shown" has "$ch" "Tom &amp; Jerry  ]]&gt;</h1>"
check "cdata end escaped" has "$ch" "]]&gt; and “double”"
check "url with spaces" has "$ch" '<a href="https://example.com/a%20b%20c" title="title with &quot;quotes&quot; &amp; &lt;angles&gt;">'
check "url with quotes" has "$ch" 'href="https://example.com/?q=%22x%22&amp;y='"'z'"'"'
check "url with braces" has "$ch" 'href="https://example.com/%7Ba%7D%7Cb%5Cc%5Ed%60e"'
check "stray percent" has "$ch" 'href="https://example.com/100%25/done%2Fok"'
check "link to the top" has "$ch" '<a href="#tom-jerry">back to the top</a>'
check "javascript dropped" lacks "$ch" "javascript:"
# (Highlighted as XML: tokens in spans, every piece still escaped.)
check "code block escaped" has "$ch" '&lt;![CDATA[ raw ]]&gt; <span class="pp">&amp;amp;</span>'
check "code block's tags escaped" has "$ch" '<span class="kw">&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;</span>bad()'
check "info string in attribute" has "$ch" '<code class="language-&quot;&gt;&lt;script&gt;">'
check "table cell" has "$ch" '<td class="align-left">]]&gt;</td>'
check "hostile note label" has "$ch" 'href="#fn-1" epub:type="noteref"'
check "alt text escaped" has "$ch" 'alt with “quotes” &amp;  ]]&gt;'
check "title escaped" has "$d/content.opf" '<dc:title id="title">Ampersands &amp; &lt;angle&gt; brackets, "quotes" and ]]&gt; too</dc:title>'
check "author escaped" has "$d/content.opf" ">O'Brien &amp; &lt;Sons&gt;</dc:creator>"
check "subject escaped" has "$d/content.opf" "<dc:subject>]]&gt;</dc:subject>"
check "ncx title" has "$d/toc.ncx" "<docTitle><text>Ampersands &amp; &lt;angle&gt;"
# The HTML page from the same renderer.
"$QUIRE" -q "$in" -o "$QUIRE_TMP/h.html"
check "html well-formed" xmllint --noout "$QUIRE_TMP/h.html"
check "html no raw script" test "$(grep -c '<script' "$QUIRE_TMP/h.html")" -eq 0
check "html keeps relative links" has "$QUIRE_TMP/h.html" '<a href="other%20file.md" title="Other &amp; more">'
finish
