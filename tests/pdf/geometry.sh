# Word boxes from pdftotext -bbox: no word enters the margins, and on
# justified lines the 95th-percentile gap between words is at most 1.6
# times the natural space. Also for ragged text, a narrow page, and
# unbreakable runs (a URL, a long code line) that must be broken.
. "$(dirname "$0")/../lib.sh"
geom() { # NAME PDF RIGHT_MARGIN_PT [margins-only]
  if python3 "$QUIRE_SRC/tests/pdf/pdfcheck.py" geometry "$2" "$3" ${4:-} > "$QUIRE_TMP/geom.out" 2>&1; then
    pass
    echo "$1: $(cat "$QUIRE_TMP/geom.out")"
  else
    fail "$1: $(cat "$QUIRE_TMP/geom.out")"
  fi
}
python3 "$QUIRE_SRC/tests/pdf/make-long.py" "$QUIRE_TMP/long.md"
"$QUIRE" -q "$QUIRE_TMP/long.md" -o "$QUIRE_TMP/long.pdf" --margin 30mm || fail "long: exit $?"
geom long "$QUIRE_TMP/long.pdf" 85.04
pages=$(pdfinfo "$QUIRE_TMP/long.pdf" | awk '/^Pages:/ { print $2 }')
check "the long document has several dozen pages ($pages)" test "$pages" -ge 24
for s in "$QUIRE_SRC"/samples/*.txt "$QUIRE_SRC"/samples/*.md; do
  [ -e "$s" ] || continue
  "$QUIRE" -q "$s" -o "$QUIRE_TMP/sample.pdf" --margin 30mm || fail "$s: exit $?"
  geom "$(basename "$s")" "$QUIRE_TMP/sample.pdf" 85.04
done
"$QUIRE" -q "$QUIRE_TMP/long.md" -o "$QUIRE_TMP/ragged.pdf" --margin 1in --ragged || fail "ragged: exit $?"
geom ragged "$QUIRE_TMP/ragged.pdf" 72

cat > "$QUIRE_TMP/narrow.md" <<'MD'
# Unbreakable runs

A link written out: https://example.org/a/very/long/path/that/does/not/fit/on/one/line/of/this/narrow/page/at/all.html and then text.

Supercalifragilisticexpialidociousnessesandmoreandmoreandmoreletters in a row.

`an_inline_code_span_with_no_spaces_that_is_far_too_long_for_the_line_width_here`

```
a_code_line_that_is_much_too_long_for_the_measure(with, many, arguments, and_more, and_more_again);
```

- a list item nested
  - deeper
    - deeper still
      - and deepest of all, where the measure is narrow and words are long: internationalisation
MD
"$QUIRE" -q "$QUIRE_TMP/narrow.md" -o "$QUIRE_TMP/narrow.pdf" --paper 100x150mm --margin 12mm \
  --fontsize 11 || fail "narrow: exit $?"
geom narrow "$QUIRE_TMP/narrow.pdf" 34.01 margins-only
# Every corpus document on a small page with a large font: nothing passes
# the right margin, whatever the block (tables, code, deep lists, quotes).
for input in "$QUIRE_SRC"/tests/corpus/*.md "$QUIRE_SRC"/tests/corpus/*.txt; do
  [ -e "$input" ] || continue
  name=$(basename "$input")
  "$QUIRE" -q "$input" -o "$QUIRE_TMP/small.pdf" --paper a6 --margin 10mm --fontsize 14 ||
    { fail "$name on a6: exit $?"; continue; }
  geom "$name on a6" "$QUIRE_TMP/small.pdf" 28.35 margins-only
done
finish
