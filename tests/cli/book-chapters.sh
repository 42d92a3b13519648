# A book from three files (issue 16): each file is a chapter in EPUB and
# starts a page in PDF, running heads name the page's chapter, and a later
# file's front matter is that chapter's title, never the book's.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
cd "$T" || exit 1
# One file starts with "# Title", one has only "##" headings and a front
# matter title, one has no heading at all.
printf -- '---\ntitle: The Book\nauthor: Ann Author\n---\n\n# Alpha\n\nAlpha text.\n\n## Alpha sub\n\nMore alpha.\n' >a.md
printf -- '---\ntitle: Beta Chapter\nauthor: Someone Else\n---\n\n## Beta one\n\nBeta text.\n\n## Beta two\n\nMore beta.\n' >b.md
printf 'Gamma has no heading at all.\n\nMore gamma.\n' >c.md
has() { grep -qF -- "$2" "$1" || { echo "missing in $1: $2" >&2; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "unexpected in $1: $2" >&2; return 1; }; }

# ---- EPUB ----
"$QUIRE" -q a.md b.md c.md -o book.epub || fail "epub: quire exited $?"
python3 -m zipfile -e book.epub book || fail "epub: unzip"
d=book/EPUB
check "epub: three chapter files" test "$(ls "$d"/ch*.xhtml 2>/dev/null | wc -l)" -eq 3
check "epub: book title from the first file" has "$d/content.opf" '<dc:title id="title">The Book</dc:title>'
check "epub: later front matter is not the book's" lacks "$d/content.opf" 'Beta Chapter'
check "epub: nor its author" lacks "$d/content.opf" 'Someone Else'
check "epub: front matter title heads chapter 2" has "$d/ch002.xhtml" '<h1 id="beta-chapter">Beta Chapter</h1>'
check "epub: front matter not shown as text" lacks "$d/ch002.xhtml" 'author:'
check "epub: gamma is chapter 3" has "$d/ch003.xhtml" 'Gamma has no heading'
check "epub: chapter 3 named by its file" has "$d/ch003.xhtml" '<title>c</title>'
nav=$(sed -n '/<nav epub:type="toc"/,/<\/nav>/p' "$d/nav.xhtml" | tr -d '\n')
want='<ol><li><a href="ch001.xhtml#alpha">Alpha</a><ol><li><a href="ch001.xhtml#alpha-sub">Alpha sub</a></li></ol></li>'
want=$want'<li><a href="ch002.xhtml#beta-chapter">Beta Chapter</a><ol><li><a href="ch002.xhtml#beta-one">Beta one</a></li>'
want=$want'<li><a href="ch002.xhtml#beta-two">Beta two</a></li></ol></li><li><a href="ch003.xhtml">c</a></li></ol>'
check "epub: nav entries in order and nested" has <(echo "$nav") "$want"
# A file whose first heading is level 2 (no front matter) opens its own entry.
printf '## Delta\n\n### Delta sub\n\nText.\n' >d.md
"$QUIRE" -q a.md d.md -o two.epub || fail "epub two: quire exited $?"
python3 -m zipfile -e two.epub two || fail "epub two: unzip"
nav2=$(sed -n '/<nav epub:type="toc"/,/<\/nav>/p' two/EPUB/nav.xhtml | tr -d '\n')
check "epub: a file's first ## heading is a top entry" has <(echo "$nav2") \
  '</li><li><a href="ch002.xhtml#delta">Delta</a><ol><li><a href="ch002.xhtml#delta-sub">'
"$QUIRE" -q a.md b.md c.md --split-level 2 -o split.epub || fail "epub split: quire exited $?"
python3 -m zipfile -e split.epub split || fail "epub split: unzip"
check "epub: --split-level 2 splits inside files too" test "$(ls split/EPUB/ch*.xhtml | wc -l)" -eq 6
jar=/usr/share/java/epubcheck.jar
if command -v java >/dev/null && [ -f "$jar" ]; then
  for e in book two split; do
    check "epubcheck $e 0/0/0" sh -c "java -jar $jar $e.epub 2>&1 | grep -q 'Messages: 0 fatals / 0 errors / 0 warnings'"
  done
else
  echo "epubcheck not found: skipped"
fi

# ---- PDF ----
page() { pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null; }
first_line() { page "$1" "$2" | grep -v '^[[:space:]]*$' | head -1 | sed 's/^ *//; s/ *$//'; }
# The title block opens page 1 (no running head there), then each file on
# a page of its own.
"$QUIRE" -q a.md b.md c.md -o book.pdf || fail "pdf: quire exited $?"
check "pdf: three pages" test "$(pdfinfo book.pdf | awk '/^Pages:/{print $2}')" = 3
check "pdf: Info title from the first file" sh -c "pdfinfo book.pdf | grep -q '^Title: *The Book$'"
check "pdf: Info author from the first file" sh -c "pdfinfo book.pdf | grep -q '^Author: *Ann Author$'"
check "pdf: alpha on page 1" sh -c "pdftotext -f 1 -l 1 book.pdf - | grep -q 'Alpha text'"
check "pdf: beta on page 2" sh -c "pdftotext -f 2 -l 2 book.pdf - | grep -q 'Beta text'"
check "pdf: beta not on page 1" sh -c "! pdftotext -f 1 -l 1 book.pdf - | grep -q 'Beta'"
check "pdf: gamma on page 3" sh -c "pdftotext -f 3 -l 3 book.pdf - | grep -q 'Gamma has no heading'"
check "pdf: gamma not on page 2" sh -c "! pdftotext -f 2 -l 2 book.pdf - | grep -q 'Gamma'"
check "pdf: running head page 2" test "$(first_line book.pdf 2)" = "Beta Chapter"
check "pdf: running head page 3" test "$(first_line book.pdf 3)" = "c"
# With a contents page the first chapter has a running head too.
"$QUIRE" -q a.md b.md c.md --toc -o toc.pdf || fail "pdf toc: quire exited $?"
check "pdf --toc: five pages" test "$(pdfinfo toc.pdf | awk '/^Pages:/{print $2}')" = 5
check "pdf --toc: contents lists the chapters" sh -c \
  "pdftotext -f 2 -l 2 toc.pdf - | tr '\n' ' ' | grep -q 'Alpha .*Beta Chapter .*Beta one'"
check "pdf --toc: running head page 3" test "$(first_line toc.pdf 3)" = "Alpha"
check "pdf --toc: running head page 4" test "$(first_line toc.pdf 4)" = "Beta Chapter"
check "pdf --toc: running head page 5" test "$(first_line toc.pdf 5)" = "c"
"$QUIRE" -q a.md b.md c.md --no-chapter-break -o run.pdf || fail "pdf run: quire exited $?"
check "pdf: --no-chapter-break runs on" test "$(pdfinfo run.pdf | awk '/^Pages:/{print $2}')" = 1
check "pdf: --no-chapter-break, all on page 1" sh -c \
  "pdftotext -f 1 -l 1 run.pdf - | tr '\n' ' ' | grep -q 'Alpha text.*Beta text.*Gamma has'"
"$QUIRE" -q a.md b.md c.md --no-chapter-break --chapter-break -o again.pdf || fail "pdf again: $?"
check "pdf: --chapter-break breaks again" test "$(pdfinfo again.pdf | awk '/^Pages:/{print $2}')" = 3

# ---- txt: later front matter is a chapter title, not the book's ----
"$QUIRE" -q a.md b.md c.md -t txt -o book.txt || fail "txt: quire exited $?"
check "txt: book title" sh -c "head -3 book.txt | grep -q 'The Book'"
check "txt: chapter title" has book.txt 'Beta Chapter'
check "txt: no front matter text" lacks book.txt 'Someone Else'
finish
