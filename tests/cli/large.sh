# A large document (6 MB: the corpus repeated) in every format. Its parse
# tree and model outgrow 2 MB, so the arenas take huge-page blocks; under
# the sanitizers this is where they are checked. The outputs must be
# whole: every copy of the corpus is in the text, the EPUB's entries
# inflate with good CRCs, the PDF passes qpdf --check.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
python3 "$QUIRE_SRC/bench/corpus.py" 6 "$T/large.md" || fail "corpus.py"
# A paragraph of samples/field-notes.md, once in every copy.
mark='Task lists are kept too:'
copies=$(grep -c -x -F "$mark" "$T/large.md")
check "the input holds many copies of the corpus ($copies)" test "$copies" -ge 20
"$QUIRE" -q "$T/large.md" -t txt -o "$T/large.txt" || fail "txt: exit $?"
check "txt: every copy is there" test "$(grep -c -x -F "$mark" "$T/large.txt")" = "$copies"
"$QUIRE" -q "$T/large.md" -t tree -o "$T/large.tree" || fail "tree: exit $?"
check "tree: every copy is there" test "$(grep -c -F "\"$mark\"" "$T/large.tree")" = "$copies"
"$QUIRE" -q "$T/large.md" -t epub -o "$T/large.epub" || fail "epub: exit $?"
check "epub: every entry inflates with a good CRC" unzip -tq "$T/large.epub"
check "epub: every copy is there" \
  test "$(unzip -p "$T/large.epub" 'EPUB/*.xhtml' | grep -c -F "$mark")" = "$copies"
"$QUIRE" -q "$T/large.md" -t pdf -o "$T/large.pdf" || fail "pdf: exit $?"
check "pdf: qpdf --check" qpdf --check "$T/large.pdf"
check "pdf: every copy is in the text" \
  test "$(pdftotext "$T/large.pdf" - | grep -c -F "$mark")" = "$copies"
finish
