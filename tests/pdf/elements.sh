# Other elements: raw HTML is set as the model it becomes, with no
# warning; a hard line break ends the line; task
# boxes are drawn, not glyphs; a thematic break draws and sets no text.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
in=$QUIRE_SRC/tests/corpus/pdf-nesting.md
"$QUIRE" "$in" -o "$T/n.pdf" 2> "$T/n.err" || fail "nesting: exit $?"
check "nesting: qpdf --check" qpdf --check "$T/n.pdf" > /dev/null
check "raw HTML: no warning" test "$(grep -c -i 'html' "$T/n.err")" = 0
check "raw HTML: text of inline HTML kept, tags gone" sh -c "pdftotext '$T/n.pdf' - | grep -qx 'Raw HTML is part of the page: only the tags go.'"
check "raw HTML: a block is set" sh -c "pdftotext '$T/n.pdf' - | grep -qx 'A block of raw HTML is set as a paragraph.'"
check "hard break: ends the line" sh -c "pdftotext '$T/n.pdf' - | grep -A1 'second point, with a hard line break\$' | tail -1 | grep -qx 'right here'"
check "task boxes: no box glyphs in the text" sh -c "! pdftotext '$T/n.pdf' - | grep -q '[☐☑]'"
check "task boxes: the items' text" sh -c "pdftotext '$T/n.pdf' - | grep -qx 'a task inside a list'"
qpdf --qdf --object-streams=disable "$T/n.pdf" "$T/n.qdf"
check "task boxes: two drawn squares" test "$(grep -ac ' re$' "$T/n.qdf")" -ge 2
printf 'Above.\n\n***\n\nBelow.\n' > "$T/hr.md"
"$QUIRE" -q "$T/hr.md" -o "$T/hr.pdf" || fail "hr: exit $?"
check "thematic break: no text" test "$(pdftotext "$T/hr.pdf" - | grep -c '[A-Za-z]')" = 2
qpdf --qdf --object-streams=disable "$T/hr.pdf" "$T/hr.qdf"
check "thematic break: two rules and a filled lozenge" sh -c "grep -aq '^f$' '$T/hr.qdf' && test \$(grep -ac ' l$' '$T/hr.qdf') -ge 5"
finish
