# Table cell spans in HTML and EPUB: a cell's colspan and rowspan become
# its attributes, clamped to the table (rowspan="0" resolved to the end of
# its row group), and a cell's own alignment its class. (epubcheck and
# xmllint check the corpus book in validate.sh.)
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
in=$QUIRE_SRC/tests/corpus/html-table-spans.md
"$QUIRE" -q "$in" -o "$T/a.html" || fail "html: exit $?"
"$QUIRE" -q "$in" -o "$T/a.epub" || fail "epub: exit $?"
mkdir -p "$T/a.d" && (cd "$T/a.d" && python3 -m zipfile -e ../a.epub .) || fail "epub: unzip"
cat $(find "$T/a.d" -name '*.xhtml' | sort) > "$T/a.xhtml"
for out in "$T/a.html" "$T/a.xhtml"; do
  what=$(basename "$out")
  check "$what: colspan" grep -q '<th scope="col" colspan="2">Range</th>' "$out"
  check "$what: rowspan" grep -q '<td rowspan="2">width</td>' "$out"
  check "$what: both, and the column's alignment" \
    grep -q '<td class="align-left" colspan="2" rowspan="2">a wide and tall cell</td>' "$out"
  check "$what: rowspan=0 ends with its tbody" grep -q '<td rowspan="3">to the end</td>' "$out"
  check "$what: a cell's own alignment" grep -q '<td class="align-right">right</td>' "$out"
  check "$what: rowspan past the table clamped" grep -q '<td rowspan="4">tall</td>' "$out"
  check "$what: a cell that would overlap one from above narrowed" grep -q '<td>narrowed</td>' "$out"
  check "$what: no span of 1 written" sh -c "! grep -qE '<t[dh][^>]*(col|row)span=\"1\"' '$out'"
  check "$what: no rowspan=0 written" sh -c "! grep -qE '<t[dh][^>]*rowspan=\"0\"' '$out'"
  check "$what: in a list item" grep -q '<td rowspan="2">two rows</td>' "$out"
done
finish
