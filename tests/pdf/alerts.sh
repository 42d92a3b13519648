# GitHub's alerts in the PDF: each label on a line of its own, in bold
# capitals (the txt output's words), right above its content, the marker
# gone; quotes that are not alerts keep their first line as text; the
# label's bar is shaded.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
in=$QUIRE_SRC/tests/corpus/alerts.md
"$QUIRE" -q "$in" -o "$T/a.pdf" || fail "exit $?"
check "qpdf --check" sh -c "qpdf --check '$T/a.pdf' > /dev/null"
pdftotext "$T/a.pdf" "$T/a.txt"
above() { # LABEL TEXT: the line after LABEL's starts with TEXT
  grep -A1 -x "$1" "$T/a.txt" | grep -q "^$2"
}
check "note" above NOTE "Useful information"
check "tip" above TIP "Helpful advice"
check "important" above IMPORTANT "Key information"
check "warning" above WARNING "Urgent info"
check "caution" above CAUTION "Advises about risks"
check "hard break after the marker" above WARNING "A hard break after"
check "nested in a list item" above TIP "Nested inside a list item"
check "in a footnote" above IMPORTANT "Inside the footnote"
check "no marker of an alert left" test "$(grep -ci '\[!\(note\|tip\|important\|warning\|caution\)\]' "$T/a.txt")" = 3
check "unknown type stays" grep -q '^\[!FOO\] An unknown type' "$T/a.txt"
check "same line stays" grep -q '^\[!NOTE\] text on the same line' "$T/a.txt"
# The labels are set in the bold face.
pdftotext -bbox "$T/a.pdf" "$T/a.bbox.html"
check "labels: eleven" test "$(grep -cE '>(NOTE|TIP|IMPORTANT|WARNING|CAUTION)</word>' "$T/a.bbox.html")" = 11
pdffonts "$T/a.pdf" > "$T/fonts"
check "a bold face is used" grep -qi 'bold' "$T/fonts"
qpdf --qdf --object-streams=disable "$T/a.pdf" "$T/a.qdf"
check "the labels' bars are shaded" test "$(grep -ac ' re$' "$T/a.qdf")" -ge 11
finish
