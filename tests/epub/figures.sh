# Figures in HTML and EPUB (tests/corpus/figures.md): an HTML figure keeps
# its figcaption where it was; a paragraph that is one image with a title
# or alt text is a <figure> with a <figcaption>, as the PDF sets it (the
# same predicate, quire_lone_image_caption); an image in text is not; the
# size an <img> asks for is kept; a missing image is a framed box with its
# alt text and file name. (epubcheck and xmllint check the corpus book in
# validate.sh.)
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
in=$QUIRE_SRC/tests/corpus/figures.md
"$QUIRE" "$in" -o "$T/f.html" 2> "$T/w.txt" || fail "html: exit $?"
"$QUIRE" -q "$in" -o "$T/f.epub" || fail "epub: exit $?"
mkdir -p "$T/f.d" && (cd "$T/f.d" && unzip -q ../f.epub) || fail "epub: unzip"
cat $(find "$T/f.d" -name 'ch*.xhtml' | sort) > "$T/f.xhtml"
# One element a line; data: URLs shortened.
for out in "$T/f.html" "$T/f.xhtml"; do
  sed -E 's/src="[^"]*"/src=""/g' "$out" > "$out.s"
  what=$(basename "$out")
  s=$out.s
  check "$what: caption after" grep -qzF '<figure>
<p><img src="" alt="A gradient"/></p>
<figcaption>Figure 1: a gradient, <em>captioned</em> after it</figcaption>
</figure>' "$s"
  check "$what: caption before, two images" grep -qzF '<figure>
<figcaption>Figure 2: two pictures, captioned before them</figcaption>
<p><img src="" alt="Disc"/> <img src="" alt="Photograph"/></p>
</figure>' "$s"
  check "$what: a stray figcaption is a paragraph" grep -qxF '<p>Not a caption</p>' "$s"
  check "$what: lone image with a title" grep -qzF "<figure>
<img src=\"\" alt=\"A gradient\" title=\"Figure 3: the gradient's title\"/>
<figcaption>Figure 3: the gradient's title</figcaption>
</figure>" "$s"
  check "$what: lone image with alt text" grep -qzF '<figure>
<img src="" alt="A disc on a transparent ground"/>
<figcaption>A disc on a transparent ground</figcaption>
</figure>' "$s"
  check "$what: lone image without either" grep -qxF '<p><img src="" alt=""/></p>' "$s"
  check "$what: image in text" grep -qF '<p>An image inside text, <img src="" alt="an icon" title="Icon"/>, is no figure.</p>' "$s"
  check "$what: eleven lone images, one missing, two HTML figures" test "$(grep -c '^<figure>' "$s")" = 14
  check "$what: pixels" grep -qF 'alt="Half size" width="180" height="120"/>' "$s"
  check "$what: width alone" grep -qF 'alt="Width alone" width="300"/>' "$s"
  check "$what: height alone" grep -qF 'alt="Height alone" height="60" style="height: 60px; width: auto"/>' "$s"
  check "$what: percentage" grep -qF 'alt="Half the text" style="width: 50%"/>' "$s"
  check "$what: pandoc's width" grep -qF 'alt="A quarter of the text" style="width: 25%"/>' "$s"
  check "$what: pandoc's height in inches" grep -qF 'alt="Half an inch" height="48" style="height: 48px; width: auto"/>' "$s"
  check "$what: pandoc's attributes leave the text" grep -qF '<img src="" alt="an icon" width="32"/> then text' "$s"
  check "$what: bogus sizes left out" grep -qF '<img src="" alt="Bogus"/>' "$s"
  check "$what: too big left out" grep -qF '<img src="" alt="Too big"/>' "$s"
  check "$what: missing lone image, a box" grep -qxF '<div class="missing-image"><span class="missing-alt">The missing diagram</span><br/><span class="missing-file">img/missing.png</span></div>' "$s"
  check "$what: missing image with a title, a box in a figure" grep -qzF '<figure>
<div class="missing-image"><span class="missing-alt">The missing chart</span><br/><span class="missing-file">img/missing-chart.png</span></div>
<figcaption>Figure 4: a chart that is not there</figcaption>
</figure>' "$s"
  check "$what: missing inline image, a box in the line" grep -qF 'And inline, <span class="missing-image"><span class="missing-alt">a missing icon</span> <span class="missing-file">img/nowhere.png</span></span> sits' "$s"
done
check "css: figures and boxes styled" grep -q '^div\.missing-image {' "$T/f.html"
check "css: in the EPUB's stylesheet" sh -c "find '$T/f.d' -name book.css | xargs grep -q '^figcaption {'"
"$QUIRE" -q "$QUIRE_SRC/tests/corpus/code-blocks.md" -t html -o "$T/t.html" || fail "tables: exit $?"
check "css: not in a document without images" sh -c "! grep -q figcaption '$T/t.html'"
# Warnings name FILE:LINE:COL.
check "warns: missing image" grep -qF 'figures.md:54:1: warning: image '"'"'img/missing.png'"'"' not used' "$T/w.txt"
check "warns: inline missing image" grep -qF 'figures.md:58:13: warning: image '"'"'img/nowhere.png'"'"' not used' "$T/w.txt"
check "warns: bogus width" grep -qF 'figures.md:48:1: warning: <img> width="abc" ignored' "$T/w.txt"
check "warns: pandoc's bogus width" grep -qF 'figures.md:67:1: warning: image width="wide" ignored' "$T/w.txt"
check "warns: percentage height" grep -qF 'figures.md:50:1: warning: <img> height="150%" ignored' "$T/w.txt"
finish
