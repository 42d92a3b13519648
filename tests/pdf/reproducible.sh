# Two runs with the same SOURCE_DATE_EPOCH give byte-identical files, and
# the date in the Info dictionary is that epoch.
. "$(dirname "$0")/../lib.sh"
in=$QUIRE_SRC/tests/corpus/front-matter.md
SOURCE_DATE_EPOCH=1700000000 "$QUIRE" -q "$in" -o "$QUIRE_TMP/a.pdf" || fail "run 1: exit $?"
SOURCE_DATE_EPOCH=1700000000 "$QUIRE" -q "$in" -o "$QUIRE_TMP/b.pdf" || fail "run 2: exit $?"
check "same epoch, same bytes" cmp -s "$QUIRE_TMP/a.pdf" "$QUIRE_TMP/b.pdf"
check "creation date from SOURCE_DATE_EPOCH" \
  grep -q "^CreationDate: *2023-11-14T22:13:20" <(pdfinfo -isodates "$QUIRE_TMP/a.pdf")
SOURCE_DATE_EPOCH=1800000000 "$QUIRE" -q "$in" -o "$QUIRE_TMP/c.pdf" || fail "run 3: exit $?"
check "another epoch, another date" grep -q "^CreationDate: *2027-01-15" \
  <(pdfinfo -isodates "$QUIRE_TMP/c.pdf")
finish
