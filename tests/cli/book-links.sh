# Books of several inputs (issue 16): each input keeps its own heading
# names and footnote labels, and links between the inputs land on the
# right heading in every writer. book-links.py does the reading back.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1
py=$QUIRE_SRC/tests/cli/book-links.py
has() { grep -qF -- "$2" "$1" || { echo "missing in $1: $2" >&2; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "unexpected in $1: $2" >&2; return 1; }; }
# Enough text that each heading starts its own page in the PDF.
filler() { for i in $(seq 1 45); do printf 'Filler paragraph %s of the book.\n\n' "$i"; done; }

mkdir -p book/sub
{
  printf '# Alpha\n\nMarker alpha-top.\n\n'
  printf '[to alpha-usage](#usage)\n\n[to beta-usage](b.md#usage)\n\n[to beta-top](./b.md)\n\n'
  printf '[to gamma-deep](sub/c.md#deep-part) [gone](nothere.md#x) [gone again](./nothere.md)\n'
  printf '[web](https://example.com/x.md)\n\n'
  printf 'Alpha note[^1] and reference [x].\n\n[^1]: Alpha note text.\n\n[x]: http://a.example/\n\n'
  filler
  printf '## Usage\n\nMarker alpha-usage.\n\n'
  filler
} > book/a.md
{
  printf '# Beta\n\nMarker beta-top.\n\n'
  printf '[to beta-usage](#usage)\n\n[to alpha-top](a.md)\n\n[to alpha-usage](a.md#usage)\n\n'
  printf '[to beta-usage](#Usage)\n\n[to gamma-deep](sub/c.md)\n\n[to alpha-usage](%%2E/a.md#usage)\n\n'
  printf 'Beta note[^1] and reference [x].\n\n[^1]: Beta note text.\n\n[x]: http://b.example/\n\n'
  filler
  printf '## Usage\n\nMarker beta-usage.\n\n'
  filler
} > book/b.md
{
  printf 'This file has no heading before its first section.\n\n'
  printf '## Deep part\n\nMarker gamma-deep.\n\n'
  printf '[to beta-usage](../b.md#usage)\n\n[to alpha-top](../a.md)\n\n'
  printf 'Not [here](#alpha): only a.md has that id.\n'
} > book/sub/c.md
cd book || exit 1

# ---- the model: urls rewritten, notes and references by file ----
"$QUIRE" a.md b.md sub/c.md -t tree > three.tree 2> three.err
check "tree exits 0" test $? -eq 0
urls=$(grep -o 'link url="[^"]*"' three.tree | sed 's/link url=//; s/"//g' | tr '\n' ' ')
want='#usage #usage-1 #beta #deep-part https://example.com/x.md http://a.example/ #usage-1 #alpha #usage #usage-1 #deep-part #usage http://b.example/ #usage-1 #alpha '
check "tree urls ($urls)" test "$urls" = "$want"
check "the second Usage is usage-1" has three.tree 'heading level=2 id="usage-1"'
check "links to a missing file are text" lacks three.tree 'nothere'
check "the link texts stay" has three.tree 'text "gone again"'
n=$(grep -c 'nothere.md' three.err)
check "one warning for the missing file ($n)" test "$n" -eq 1
check "the warning names where" has three.err "a.md:11:37: warning: link to 'nothere.md#x'"
check "another file's id is not this file's" has three.err "sub/c.md:11:5: warning: link to '#alpha': no heading of this file"
check "its text stays" has three.tree 'text "here"'
check "note 1 is alpha's" test "$(grep -A2 'footnote_def label="1" number=1' three.tree | grep -c 'Alpha note text')" -eq 1
check "note 2 is beta's" test "$(grep -A2 'footnote_def label="1" number=2' three.tree | grep -c 'Beta note text')" -eq 1
check "references numbered by file" test "$(grep -c 'footnote_ref label="1" number=[12]' three.tree)" -eq 2

# Two files: c.md is not an input, so the links to it are text.
"$QUIRE" a.md b.md -t tree > two.tree 2> two.err
check "two files: sub/c.md is missing once" test "$(grep -c "sub/c.md" two.err)" -eq 1
check "two files: no link to it" lacks two.tree 'sub/c.md'
check "two files: the rest resolves" has two.tree 'link url="#usage-1"'

# ---- plain text: see "Title" for another file's section ----
"$QUIRE" -q a.md b.md sub/c.md -t txt -o three.txt
check "txt: another file's section" has three.txt 'to beta-usage (see "Usage")'
check "txt: another file's top" has three.txt 'to beta-top (see "Beta")'
check "txt: a file without a first heading" has three.txt 'to gamma-deep (see "Deep part")'
tr '\n' ' ' < three.txt > three.line
check "txt: its own section has no see" has three.line 'to alpha-usage  to beta-usage (see "Usage")'
check "txt: notes by file" has three.txt '[2] Beta note text.'

# ---- EPUB and HTML: every internal href has its id, in the right file ----
"$QUIRE" -q a.md b.md sub/c.md -o three.epub
python3 -m zipfile -e three.epub epub || fail "unzip"
check "epub: hrefs land right" python3 "$py" xhtml 12 epub/EPUB/*.xhtml
jar=${QUIRE_EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
if [ -r "$jar" ] && command -v java > /dev/null; then
  java -jar "$jar" three.epub > epubcheck.txt 2>&1
  check "epubcheck 0/0/0" grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' epubcheck.txt
else
  echo "epubcheck skipped: $jar or java is missing"
fi
"$QUIRE" -q a.md b.md sub/c.md -o three.html
check "html: hrefs land right" python3 "$py" xhtml 12 three.html

# ---- PDF: every GoTo on the page of the right heading ----
if command -v qpdf > /dev/null && command -v pdftotext > /dev/null; then
  "$QUIRE" -q a.md b.md sub/c.md -o three.pdf
  check "pdf: links land right" python3 "$py" pdf 12 three.pdf
else
  echo "PDF checks skipped: qpdf or pdftotext is missing"
fi

# ---- the Node.js API docs as one book ----
api=/usr/share/doc/nodejs/api
if ls "$api"/*.md* > /dev/null 2>&1; then
  mkdir -p "$QUIRE_TMP/node/alone" && cd "$QUIRE_TMP/node" || exit 1
  for f in "$api"/*.md "$api"/*.md.gz; do
    case $f in
      *.gz) [ -f "$f" ] && gunzip -c "$f" > "$(basename "$f" .gz)" ;;
      *) [ -f "$f" ] && cp "$f" . ;;
    esac
  done
  inputs=$(ls *.md | LC_ALL=C sort)
  for f in $inputs; do "$QUIRE" -q "$f" -t tree -o "alone/$f.tree"; done
  # shellcheck disable=SC2086
  "$QUIRE" -q $inputs -t tree -o book.tree
  # shellcheck disable=SC2086
  "$QUIRE" $inputs -o book.epub 2> epub.err
  python3 -m zipfile -e book.epub epub || fail "node: unzip"
  n=$(grep -c "\.md[#']" epub.err)
  echo "Node.js EPUB: $n warnings about .md links"
  check "node: no .md link left as text ($n)" test "$n" -eq 0
  # shellcheck disable=SC2086
  check "node: every link in its chapter" python3 "$py" node . $inputs
else
  echo "Node.js docs skipped: $api is missing (Debian's nodejs-doc)"
fi
finish
