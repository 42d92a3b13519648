# SVG that could load files from outside the book or run scripts reaches
# neither EPUB nor HTML (issue 14, item 2). These passed before, written
# verbatim: @import and url(http:...) inside <![CDATA[ ]]>, URL( and
# @IMPORT in capitals, &#x75;rl(, <set attributeName="href" to="http:">
# and <animate attributeName="href" values="javascript:">. With them:
# xlink:href to http:, <image href="file:///etc/passwd">, <use
# href="other.svg#a">, url() in a style attribute, on* attributes,
# <script> and <SCRIPT>, foreignObject, CSS escapes, a comment opened
# inside a CSS string, image-set(), <?xml-stylesheet?>, xml:base. Each
# file is parsed and written out again: the drawing beside the attack
# stays, the attack goes, and one warning per image says what went
# (FILE:LINE). Files whose document type declares entities (one expands
# to a url(), one is a billion laughs, one is an external file) are
# refused with the alt text. An Inkscape file keeps its drawing and gives
# no warning. epubcheck takes the book, when it is installed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

command -v python3 > /dev/null || { echo "skipped: no python3"; exit 77; }
has_format epub && has_format html || { echo "skipped: no epub or html writer"; exit 77; }

ns='xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
keep='<rect id="keep" x="1" y="1" width="8" height="8" fill="#369"/>'
svg() { # svg NAME BODY [ROOT-ATTRIBUTES]: an attack beside a drawing that must stay
  printf '<?xml version="1.0"?>\n<svg %s width="10" height="10"%s>\n%s\n%s\n</svg>\n' \
    "$ns" "${3:+ $3}" "$keep" "$2" > "$1.svg"
}
# Cut: each loses its attack and keeps the rectangle.
svg cdata-import '<style><![CDATA[@import url(http://e.example/a.css); rect { fill: red }]]></style>'
svg cdata-url '<style><![CDATA[rect { fill: url(http://e.example/p.svg#g) }]]></style>'
svg upper-url '<circle r="2" fill="URL(http://e.example/p.svg#g)"/>'
svg upper-import '<style>@IMPORT "http://e.example/a.css";</style>'
svg charref-url '<circle r="2" fill="&#x75;rl(http://e.example/p.svg#g)"/>'
svg set-href '<use href="#keep"><set attributeName="href" to="http://e.example/x.svg#a"/></use>'
svg animate-js '<a href="#keep"><animate attributeName="href" values="javascript:alert(1)"/><text>t</text></a>'
svg xlink-http '<image xlink:href="http://e.example/i.png" width="2" height="2"/>'
svg file-image '<image href="file:///etc/passwd" width="2" height="2"/>'
svg use-other '<use href="other.svg#a"/>'
svg style-url '<circle r="2" style="fill:url(http://e.example/p.svg#g)"/>'
svg handlers '<circle r="2" onclick="alert(1)" onmouseover="alert(2)"/>' 'onload="alert(3)"'
svg script '<script>alert(1)</script><script xlink:href="http://e.example/s.js"/>'
svg script-caps '<SCRIPT>alert(1)</SCRIPT>'
svg css-escape '<style>rect { fill: \75 rl(http://e.example/p.svg#g) }</style>'
svg css-escape-attr '<circle r="2" style="fill:u\rl(http://e.example/p.svg#g)"/>'
svg foreign '<foreignObject width="5" height="5"><iframe xmlns="http://www.w3.org/1999/xhtml" src="http://e.example/"/></foreignObject>'
svg comment-string '<style>a { content: "/*" } rect { fill: url(http://e.example/p.svg#g) } /* " */</style>'
svg image-set '<circle r="2" style="fill: image-set(&quot;http://e.example/p.png&quot; 1x)"/>'
svg entity-charref '<circle r="2" fill="&#117;&#x52;&#108;(&#x68;ttp://e.example/p.svg#g)"/>'
svg xml-base '<use href="#keep"/>' 'xml:base="http://e.example/"'
{ printf '<?xml-stylesheet href="http://e.example/s.css" type="text/css"?>\n'; cat upper-url.svg | sed 1d; } > stylesheet-pi.svg
cut="cdata-import cdata-url upper-url upper-import charref-url set-href animate-js xlink-http
  file-image use-other style-url handlers script script-caps css-escape css-escape-attr foreign
  comment-string image-set entity-charref xml-base stylesheet-pi"
# Refused: a document type that declares anything stops the parser.
printf '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY u "url(http://e.example/p.svg#g)">\n]>\n<svg %s>%s<circle r="2" fill="&u;"/></svg>\n' "$ns" "$keep" > entity-url.svg
{ printf '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY l0 "lol">\n'
  for i in 1 2 3 4 5 6 7 8 9; do printf '<!ENTITY l%d "%s">\n' $i "$(printf '&l%d;' $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)))"; done
  printf ']>\n<svg %s>%s<text>&l9;</text></svg>\n' "$ns" "$keep"; } > laughs.svg
printf '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n<svg %s>%s<text>&x;</text></svg>\n' "$ns" "$keep" > external.svg
refused="entity-url laughs external"
# Benign: an Inkscape drawing (editor namespaces, RDF metadata, a gradient
# pointing at another, a style attribute, an embedded PNG) and the test
# book's diagram.
cat > inkscape.svg <<'SVG'
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="40mm" height="20mm" viewBox="0 0 40 20" version="1.1" id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="drawing.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" inkscape:zoom="2.5"/>
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="stops"><stop style="stop-color:#ff0000;stop-opacity:1" offset="0" id="s1"/><stop style="stop-color:#0000ff;stop-opacity:1" offset="1" id="s2"/></linearGradient>
    <linearGradient inkscape:collect="always" xlink:href="#stops" id="grad" x1="0" y1="0" x2="40" y2="0" gradientUnits="userSpaceOnUse"/>
  </defs>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format><cc:license rdf:resource="http://creativecommons.org/licenses/by/4.0/"/></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <path style="fill:url(#grad);stroke:#000000;stroke-width:0.5" d="M 2,2 H 38 V 18 H 2 Z" id="keep" sodipodi:nodetypes="ccccc"/>
    <text xml:space="preserve" style="font-size:6px;font-family:sans-serif" x="8" y="12" id="t1"><tspan sodipodi:role="line" id="ts1" x="8" y="12">Drawing</tspan></text>
  </g>
SVG
# Inkscape embeds bitmaps as data: URLs, which stay.
printf '  <image width="4" height="4" xlink:href="data:image/png;base64,%s" id="bitmap"/>\n</svg>\n' \
  "$(base64 -w0 "$QUIRE_SRC/tests/epub/book/img/chart.png")" >> inkscape.svg
sed 's/<rect /<rect id="keep" /' "$QUIRE_SRC/tests/epub/book/img/diagram.svg" > diagram.svg
benign="inkscape diagram"

# One image a line, so that each warning's line names its file.
{ echo "# SVG"; echo; for f in $cut $refused $benign; do echo "![$f]($f.svg)"; echo; done; } > doc.md
line_of() { grep -n "^!\[$1\]" doc.md | cut -d: -f1; }

for fmt in epub html; do
  hostile "$fmt" 0 warnings-only doc.md "doc.$fmt" "$QUIRE" doc.md -o "doc.$fmt"
  cp err.txt "err-$fmt.txt"
  # The warnings: one for each image cut, in the format of every image
  # warning (FILE:LINE, a column when there is one), none for the rest.
  for f in $cut; do
    n=$(grep -cE "^quire: doc\.md:$(line_of "$f"):[0-9]+: warning: image '$f\.svg': removed [0-9]+ parts? that could refer outside the file or run scripts \(.+\)\$" "err-$fmt.txt")
    check "$fmt: $f: one warning with its line (got $n)" test "$n" -eq 1
  done
  for f in $refused; do
    check "$fmt: $f: refused" grep -qE "^quire: doc\.md:$(line_of "$f"):[0-9]+: warning: image '$f\.svg' not used: the SVG file has a document type with declarations" "err-$fmt.txt"
  done
  for f in $benign; do
    check "$fmt: $f: no warning" test "$(grep -c "'$f\.svg'" "err-$fmt.txt")" -eq 0
  done
  check "$fmt: one warning per image" test "$(grep -c . "err-$fmt.txt")" -eq $(($(echo $cut $refused | wc -w)))
done

# Every SVG embedded, by the alt text of its <img>: EPUB's files and
# HTML's data: URLs.
python3 - $cut -- $refused -- $benign <<'PY' > embedded.txt || fail "cannot read the embedded SVG"
import base64, re, sys, zipfile
args = " ".join(sys.argv[1:]).split(" -- ")
cut, refused, benign = (a.split() for a in args)
def imgs(page):
    return {m.group(2): m.group(1) for m in re.finditer(r'<img src="([^"]*)" alt="([^"]*)"', page)}
z = zipfile.ZipFile("doc.epub")
epub_page = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
html_page = open("doc.html", encoding="utf-8").read()
found = {}
for name, src in imgs(epub_page).items():
    found[("epub", name)] = z.read("EPUB/" + src).decode()
for name, src in imgs(html_page).items():
    prefix = "data:image/svg+xml;base64,"
    if src.startswith(prefix):
        found[("html", name)] = base64.b64decode(src[len(prefix):]).decode()
namespaces = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")
bad = re.compile(r'http|javascript|file:|@import|<script|foreignObject|\son[a-z]+=|url\((?!#)|'
                 r'\\|passwd|e\.example|other\.svg|image-set|xml-stylesheet|xml:base|'
                 r'sodipodi|inkscape|metadata|rdf|<!DOCTYPE', re.I)
for fmt in ("epub", "html"):
    for name in cut + benign:
        svg = found.get((fmt, name))
        if svg is None:
            print(f"FAIL {fmt}: {name}: not embedded")
            continue
        text = svg
        for ns in namespaces:
            text = text.replace(f'"{ns}"', '""')
        m = bad.search(text)
        if m:
            print(f"FAIL {fmt}: {name}: embedded SVG holds {m.group(0)!r}")
        if not svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'):
            print(f"FAIL {fmt}: {name}: not written out by quire: {svg[:80]!r}")
        if 'id="keep"' not in svg:
            print(f"FAIL {fmt}: {name}: the drawing beside the attack is gone")
    for name in refused:
        if (fmt, name) in found:
            print(f"FAIL {fmt}: {name}: embedded")
    ink = found.get((fmt, "inkscape"), "")
    for part in ('<linearGradient xlink:href="#stops" id="grad"', '<stop style="stop-color:#ff0000',
                 'style="fill:url(#grad);', '<tspan id="ts1" x="8" y="12">Drawing</tspan>',
                 'xml:space="preserve"', '<image width="4" height="4" xlink:href="data:image/png;base64,iVBOR'):
        if part not in ink:
            print(f"FAIL {fmt}: inkscape: lost {part!r}")
    print(f"checked {fmt}")
PY
check "embedded SVG checked" test "$(grep -c '^checked' embedded.txt)" -eq 2
while IFS= read -r l; do case $l in FAIL*) fail "${l#FAIL }" ;; esac; done < embedded.txt
check "python found no fault" test "$(grep -c '^FAIL' embedded.txt)" -eq 0

# A cover is sanitised the same way, with its own warning.
hostile "cover" 0 warnings-only doc.md cover.epub "$QUIRE" doc.md --epub-cover-image cdata-url.svg -o cover.epub
check "cover warning" grep -qE "^quire: cdata-url\.svg: warning: the cover: removed 1 part that could refer outside the file or run scripts \(url\(\)\)\$" err.txt
check "cover sanitised" test "$(python3 -c 'import zipfile; print(zipfile.ZipFile("cover.epub").read("EPUB/images/cover.svg").decode().count("e.example"))')" -eq 0

# epubcheck takes a book full of sanitised drawings.
jar=${QUIRE_EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
if command -v java > /dev/null && [ -r "$jar" ]; then
  java -jar "$jar" doc.epub > epubcheck.txt 2>&1
  if grep -q "0 fatals / 0 errors / 0 warnings" epubcheck.txt; then pass; else
    fail "epubcheck: doc.epub"; grep -E '^(ERROR|FATAL|WARNING)' epubcheck.txt | head -10 >&2
  fi
  java -jar "$jar" cover.epub > epubcheck.txt 2>&1
  check "epubcheck: svg cover" grep -q "0 fatals / 0 errors / 0 warnings" epubcheck.txt
else
  echo "epubcheck not installed: not run"
fi
end_suite
