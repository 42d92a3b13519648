# Images: media types from the bytes, one copy per file, the sandbox for
# paths, and a warning plus the alt text for an image that cannot be
# used. Also --css, --epub-cover-image and --epub-embed-font, and the
# standalone HTML page with its images inline.
. "$(dirname "$0")/../lib.sh"
has() { grep -qF -- "$2" "$1" || { echo "missing in $1: $2" >&2; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "unexpected in $1: $2" >&2; return 1; }; }
src=$QUIRE_SRC/tests/epub/book
mkdir -p "$QUIRE_TMP/doc" "$QUIRE_TMP/elsewhere"
cp -r "$src/img" "$QUIRE_TMP/doc/img"
cp "$src/img/photo.jpg" "$QUIRE_TMP/elsewhere/only-here.jpg"
cp "$src/img/chart.png" "$QUIRE_TMP/secret.png"
cat > "$QUIRE_TMP/doc/pics.md" <<'MD'
# Pictures

A PNG ![chart](img/chart.png), again ![chart again](img/chart.png),
a JPEG ![photo](img/photo.jpg), a GIF ![dot](img/dot.gif), an SVG
![diagram](img/diagram.svg), a PNG named .jpg ![liar](img/lying.jpg),
a space ![spaced](img/my%20chart.png).

From a resource path: ![found elsewhere](only-here.jpg).

Refused: ![up and out](../secret.png), ![absolute](/etc/passwd),
![remote](https://example.com/x.png), ![text file](img/not-an-image.png).

Missing: ![A lighthouse & the sea](img/lighthouse.jpg).

Broken: ![cut short](img/cut.png), and cut down: ![linked drawing](img/linked.svg).
MD
head -c 500 "$src/img/chart.png" > "$QUIRE_TMP/doc/img/cut.png"
printf '<svg xmlns="http://www.w3.org/2000/svg"><image href="photo.jpg"/></svg>\n' > "$QUIRE_TMP/doc/img/linked.svg"
cp "$src/img/chart.png" "$QUIRE_TMP/doc/img/my chart.png"
"$QUIRE" "$QUIRE_TMP/doc/pics.md" --resource-path "$QUIRE_TMP/elsewhere" \
  -o "$QUIRE_TMP/pics.epub" 2> "$QUIRE_TMP/warnings.txt"
check "quire exit status" test $? -eq 0
w=$QUIRE_TMP/warnings.txt
# Wording of quire_resource_load() (src/core/resource.c).
check "warns: missing" has "$w" "image 'img/lighthouse.jpg' not used: no such file in the resource path"
check "warns: escape" has "$w" "image '../secret.png' not used: it is outside the resource path"
check "warns: absolute" has "$w" "image '/etc/passwd' not used: it is outside the resource path"
check "warns: remote" has "$w" "image 'https://example.com/x.png' not used: remote files are never fetched"
check "warns: not an image" has "$w" "image 'img/not-an-image.png' not used: not a PNG, JPEG, GIF or SVG image"
check "warns: truncated" has "$w" "image 'img/cut.png' not used: the PNG file is truncated"
check "warns: linked svg" has "$w" "image 'img/linked.svg': removed 1 part that could refer outside the file or run scripts (href)"
check "seven warnings" test "$(grep -c warning "$w")" -eq 7
python3 -m zipfile -e "$QUIRE_TMP/pics.epub" "$QUIRE_TMP/pics"
d=$QUIRE_TMP/pics/EPUB
opf=$d/content.opf
check "png" has "$opf" 'href="images/img0001.png" media-type="image/png"'
check "jpeg" has "$opf" 'href="images/img0002.jpg" media-type="image/jpeg"'
check "gif" has "$opf" 'href="images/img0003.gif" media-type="image/gif"'
check "svg" has "$opf" 'href="images/img0004.svg" media-type="image/svg+xml"'
check "type from the bytes" has "$opf" 'href="images/img0005.png" media-type="image/png"'
check "same file once" test "$(grep -c 'media-type="image/' "$opf")" -eq 8
check "linked svg without its link" lacks "$d/images/img0008.svg" 'photo.jpg'
check "the bytes are the file's" cmp "$d/images/img0002.jpg" "$src/img/photo.jpg"
ch=$d/ch001.xhtml
check "img element" has "$ch" '<img src="images/img0001.png" alt="chart"/>'
check "second use shares the file" has "$ch" '<img src="images/img0001.png" alt="chart again"/>'
check "percent-decoded name" has "$ch" 'alt="spaced"'
check "resource path" has "$ch" 'alt="found elsewhere"'
check "alt text in place" has "$ch" '<span class="missing-image"><span class="missing-alt">A lighthouse &amp; the sea</span> <span class="missing-file">img/lighthouse.jpg</span></span>'
check "refused shows alt" has "$ch" '<span class="missing-alt">up and out</span> <span class="missing-file">../secret.png</span>'
check "no secret" lacks "$opf" 'secret'
check "accessibility: alt text" has "$opf" 'alternativeText'

# The standalone page embeds its images.
"$QUIRE" -q "$QUIRE_TMP/doc/pics.md" -o "$QUIRE_TMP/pics.html"
h=$QUIRE_TMP/pics.html
check "html data URL" has "$h" '<img src="data:image/png;base64,iVBORw0KGgo'
check "html svg" has "$h" 'data:image/svg+xml;base64,'
check "html alt in place" has "$h" '<span class="missing-image"><span class="missing-alt">A lighthouse &amp; the sea</span>'
check "html inline style" has "$h" '<style>'
check "html well-formed" xmllint --noout "$h"

# Cover, font and stylesheet.
printf 'p { text-indent: 1em; }\n' > "$QUIRE_TMP/extra.css"
"$QUIRE" "$src/book.md" --epub-cover-image "$src/img/photo.jpg" --css "$QUIRE_TMP/extra.css" \
  --epub-embed-font "$QUIRE_TMP/extra.css" -o "$QUIRE_TMP/dressed.epub" 2> "$QUIRE_TMP/w2.txt"
check "font that is no font warns" has "$QUIRE_TMP/w2.txt" "not a TrueType, OpenType or WOFF font"
python3 -m zipfile -e "$QUIRE_TMP/dressed.epub" "$QUIRE_TMP/dressed"
d=$QUIRE_TMP/dressed/EPUB
check "cover-image property" has "$d/content.opf" 'href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"'
check "cover page first" has "$d/content.opf" '<spine toc="ncx">
<itemref idref="cover"/>'
check "cover page" has "$d/cover.xhtml" '<img src="images/cover.jpg" alt="Cover: A Field Guide to Small Documents"/>'
check "cover landmark" has "$d/nav.xhtml" 'epub:type="cover" href="cover.xhtml"'
check "user css" cmp "$d/css/user.css" "$QUIRE_TMP/extra.css"
check "user css linked" has "$d/ch002.xhtml" 'href="css/user.css"'
"$QUIRE" "$src/book.md" --epub-cover-image "$QUIRE_TMP/none.png" -o "$QUIRE_TMP/nocover.epub" 2> "$QUIRE_TMP/w3.txt"
check "missing cover is an I/O error" test $? -eq 3
check "missing cover named" grep -q "none.png: cannot read the cover image" "$QUIRE_TMP/w3.txt"
check "missing cover: no output" test ! -e "$QUIRE_TMP/nocover.epub"
"$QUIRE" -q "$src/book.md" --css "$QUIRE_TMP/none.css" -o "$QUIRE_TMP/nocss.epub" 2>/dev/null
check "missing --css is an I/O error" test $? -eq 3
finish
