# Article text without a title: as pandoc does, the title is the input's
# file name (without folder and extension), with a warning naming it, and
# no title page is drawn; the book still passes epubcheck.
. "$(dirname "$0")/../lib.sh"
jar=${QUIRE_EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
in=$QUIRE_TMP/car-parks.txt
printf '%s\n\n%s\n' \
  'Walk through the centre of almost any mid-sized European town and you will find at least one multi-storey car park, usually built in the seventies and half empty on a weekday.' \
  'Planners have known for decades that every new parking space brings more traffic, yet the buildings keep going up as part of shopping developments.' > "$in"
"$QUIRE" "$in" -o "$QUIRE_TMP/book.epub" 2> "$QUIRE_TMP/err" || fail "quire exited $?"
python3 -m zipfile -e "$QUIRE_TMP/book.epub" "$QUIRE_TMP/book" || fail "unzip"
d=$QUIRE_TMP/book/EPUB
check "warning names the file" grep -qF "car-parks.txt: warning: no title; using 'car-parks' from the file name" "$QUIRE_TMP/err"
check "dc:title is the file name" grep -qF '<dc:title id="title">car-parks</dc:title>' "$d/content.opf"
check "no title page" test ! -e "$d/title.xhtml"
check "no title page in the spine" test "$(grep -c 'idref="title-page"' "$d/content.opf")" -eq 0
check "no title page landmark" test "$(grep -c 'epub:type="titlepage"' "$d/nav.xhtml")" -eq 0
check "no Untitled" test "$(grep -rl Untitled "$d" | wc -l)" -eq 0
# From standard input there is no name: no warning of this kind, and still no "Untitled" page.
"$QUIRE" -t epub - < "$in" -o "$QUIRE_TMP/stdin.epub" 2> "$QUIRE_TMP/err2" || fail "stdin: quire exited $?"
python3 -m zipfile -e "$QUIRE_TMP/stdin.epub" "$QUIRE_TMP/stdin" || fail "unzip stdin"
check "stdin: no title page" test ! -e "$QUIRE_TMP/stdin/EPUB/title.xhtml"
check "stdin: no file-name warning" test "$(grep -c 'from the file name' "$QUIRE_TMP/err2")" -eq 0
if command -v java > /dev/null && [ -r "$jar" ]; then
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1024k -cp "$jar" \
    "$QUIRE_SRC/tests/epub/EpubCheckMany.java" "$QUIRE_TMP/book.epub" "$QUIRE_TMP/stdin.epub" \
    > "$QUIRE_TMP/report" 2> "$QUIRE_TMP/epubcheck.err"
  for epub in "$QUIRE_TMP/book.epub" "$QUIRE_TMP/stdin.epub"; do
    check "epubcheck $(basename "$epub")" grep -qxF "$epub: 0 fatals / 0 errors / 0 warnings" "$QUIRE_TMP/report"
  done
else
  fail "java or $jar is missing"
fi
finish
