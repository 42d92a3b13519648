# A book of three files in folders of their own: each file's images are
# found in its own folder (then --resource-path), each file's folder is a
# sandbox for that file only, standard input has none, and every warning
# about a place names the file and line of the place, in every format.
. "$(dirname "$0")/../lib.sh"
has() { grep -qF -- "$2" "$1" || { echo "missing in $1: ${2:0:60}" >&2; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "unexpected in $1: $2" >&2; return 1; }; }
count() { # FILE TEXT: how many lines have TEXT
  grep -cF -- "$2" "$1"
}
cd "$QUIRE_TMP" || exit 1
img=$QUIRE_SRC/tests/corpus/img
mkdir -p d1/img d2/sub/img
cp "$QUIRE_SRC/tests/epub/book/img/chart.png" d1/img/chart.png
cp "$img/gradient.png" d2/pic.png
cp "$img/wide.png" d2/secret.png
cp "$img/icon.png" d2/sub/img/icon.png
# The same name as d1's image, another file: each input's own.
cp "$img/disc.png" d2/sub/img/chart.png
# A pic.png beside the first input: no other input may take it for its own.
cp "$img/gray.jpg" d1/pic.png
cat > d1/a.md <<'MD'
# Alpha

Alpha's chart: ![chart](img/chart.png).

Out of its folder: ![escape](../d2/secret.png).
MD
cat > d2/b.md <<'MD'
# Beta

![pic](pic.png)

Into the first input's folder: ![sneak](../d1/img/chart.png).
MD
cat > d2/sub/c.md <<'MD'
# Gamma

![icon](img/icon.png) and ![disc](img/chart.png)

![missing](img/none.png)

| a | b |
|---|---|
| 1 | 2 | 3 |
MD
printf '\nA control character \001 XML does not allow.\n' >> d2/sub/c.md
book="d1/a.md d2/b.md d2/sub/c.md"

# Messages: "quire: FILE:LINE:COL: warning: ..." with the file of the place.
placed() { # WARNINGS FORMAT
  check "$2: escape from d1/a.md refused, named" \
    grep -qE "^quire: d1/a\.md:5:[0-9]+: warning: image '\.\./d2/secret\.png' not used: it is outside the resource path" "$1"
  check "$2: escape from d2/b.md into d1 refused, named" \
    grep -qE "^quire: d2/b\.md:5:[0-9]+: warning: image '\.\./d1/img/chart\.png' not used: it is outside the resource path" "$1"
  check "$2: missing image in c.md named" \
    grep -qE "^quire: d2/sub/c\.md:5:1: warning: image 'img/none\.png' not used: no such file" "$1"
  check "$2: three image warnings" test "$(count "$1" "' not used: ")" -eq 3
  check "$2: no warning without its file" test "$(grep -c 'warning: line ' "$1")" -eq 0
}
xml_warned() { # WARNINGS FORMAT: the XHTML renderer's, at write time
  check "$2: renderer's warning names c.md" \
    grep -qE "^quire: d2/sub/c\.md:11: warning: removed 1 character that XML does not allow" "$1"
}
table_warned() { # WARNINGS FORMAT: the reader's, at read time
  check "$2: reader's warning names c.md" \
    grep -qE "^quire: d2/sub/c\.md:9:[0-9]+: warning: table row has more cells" "$1"
}

# EPUB: every image in the manifest, each file once.
"$QUIRE" $book -o book.epub 2> epub.err
check "epub: exit status" test $? -eq 0
placed epub.err epub
xml_warned epub.err epub
table_warned epub.err epub
python3 -m zipfile -e book.epub book
opf=book/EPUB/content.opf
check "epub: four images" test "$(count "$opf" 'media-type="image/png"')" -eq 4
for f in d1/img/chart.png d2/pic.png d2/sub/img/icon.png d2/sub/img/chart.png; do
  found=0
  for e in book/EPUB/images/*; do cmp -s "$e" "$f" && found=1; done
  check "epub: carries $f" test $found -eq 1
done
check "epub: not the secret" test "$(for e in book/EPUB/images/*; do cmp -s "$e" d2/secret.png && echo x; done)" = ""

# HTML: each image inline as a data: URL with its own bytes.
"$QUIRE" $book -t html -o book.html 2> html.err
check "html: exit status" test $? -eq 0
placed html.err html
xml_warned html.err html
check "html: four data: URLs" test "$(grep -o 'src="data:image/png;base64,' book.html | wc -l)" -eq 4
for f in d1/img/chart.png d2/pic.png d2/sub/img/icon.png d2/sub/img/chart.png; do
  check "html: has $f" has book.html "$(base64 -w0 "$f")"
done

# PDF: four images embedded (one of d1's chart.png and one of d2/sub's).
"$QUIRE" $book -o book.pdf 2> pdf.err
check "pdf: exit status" test $? -eq 0
placed pdf.err pdf
pdfimages -list book.pdf > pdf.list 2>&1
check "pdf: four images" test "$(awk '$3 == "image"' pdf.list | wc -l)" -eq 4
check "pdf: the 120x120 disc of d2/sub" test "$(awk '$3 == "image" && $4 == 120 && $5 == 120' pdf.list | wc -l)" -eq 1
check "pdf: the 360x240 picture of d2" test "$(awk '$3 == "image" && $4 == 360 && $5 == 240' pdf.list | wc -l)" -eq 1

# One file named from two inputs (through --resource-path) is embedded once.
mkdir -p common
cp "$img/icon.png" common/shared.png
printf '# One\n\n![s](shared.png)\n' > d1/one.md
printf '# Two\n\n![s](shared.png)\n' > d2/two.md
"$QUIRE" d1/one.md d2/two.md --resource-path common -o shared.pdf 2> shared.err
check "shared: exit status" test $? -eq 0
check "shared: no warning" test ! -s shared.err
pdfimages -list shared.pdf > shared.list 2>&1
check "shared: shown twice" test "$(awk '$3 == "image"' shared.list | wc -l)" -eq 2
check "shared: one object" test "$(awk '$3 == "image" { print $11 }' shared.list | sort -u | wc -l)" -eq 1

# The PDF's own place-bound warnings (a bookmark too long) name the file.
{ printf '# '; head -c 16400 /dev/zero | tr '\0' 'a'; printf '\n'; } > d2/sub/long.md
"$QUIRE" d1/a.md d2/sub/long.md -o long.pdf 2> long.err
check "pdf: bookmark warning names d2/sub/long.md" \
  grep -qE "^quire: d2/sub/long\.md:1:1: warning: heading is 16400 characters" long.err

# txt and man load no images; their warnings are the reader's.
for t in txt man; do
  "$QUIRE" $book -t $t -o book.$t 2> $t.err
  check "$t: exit status" test $? -eq 0
  table_warned $t.err $t
  check "$t: no warning without its file" test "$(grep -c 'warning: line ' $t.err)" -eq 0
done

# Standard input has no folder: only --resource-path, even beside a named
# input whose folder has a file of that name.
cat d2/b.md | "$QUIRE" -f markdown - -o stdin.epub 2> stdin.err
check "stdin: exit status" test $? -eq 0
check "stdin: pic.png refused, named '-'" \
  grep -qE "^quire: -:3:1: warning: image 'pic\.png' not used: a document from standard input reads files only from --resource-path folders" stdin.err
python3 -m zipfile -l stdin.epub > stdin.list
check "stdin: no image" test "$(grep -c 'images/' stdin.list)" -eq 0
cat d2/b.md | "$QUIRE" d1/a.md - -o mixed.epub 2> mixed.err
check "stdin after a file: exit status" test $? -eq 0
check "stdin after a file: pic.png not from d1" \
  grep -qE "^quire: -:3:1: warning: image 'pic\.png' not used" mixed.err
python3 -m zipfile -l mixed.epub > mixed.list
check "stdin after a file: only a.md's image" test "$(grep -c 'images/' mixed.list)" -eq 1
cat d2/b.md | "$QUIRE" -f markdown - --resource-path d2 -o rp.epub 2> rp.err
check "stdin with --resource-path: found" test "$(grep -c "pic.png" rp.err)" -eq 0
python3 -m zipfile -l rp.epub > rp.list
check "stdin with --resource-path: one image" test "$(grep -c 'images/' rp.list)" -eq 1

finish
