# Definition lists and details in the PDF: each term on a line of its own
# in bold, its definition on the next line, indented; a details' summary
# in bold runs into its first paragraph.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
for name in definition-lists details; do
  "$QUIRE" -q "$QUIRE_SRC/tests/corpus/$name.md" -o "$T/$name.pdf" || fail "$name: exit $?"
  check "$name: qpdf --check" sh -c "qpdf --check '$T/$name.pdf' > /dev/null"
  pdftotext -layout "$T/$name.pdf" "$T/$name.txt"
  pdftotext -bbox "$T/$name.pdf" "$T/$name.bbox.html"
done
d=$T/definition-lists.txt
above() { # FILE TERM TEXT: the line after TERM's is TEXT, indented further
  awk -v t="$2" -v d="$3" '
    found { n = match($0, /[^ ]/); exit !(index($0, d) == n && n > tn) }
    { i = index($0, t) } i && $0 ~ "^ *" t { found = 1; tn = i }
    END { if (!found) exit 1 }' "$1"
}
check "term then its definition, indented" above "$d" Apple "A fruit that grows on trees."
check "two terms, one definition" above "$d" Tangerine "Two terms for one definition"
check "HTML term" above "$d" "HTML term" "HTML definition."
check "nested in a list item" above "$d" "Nested term" "Nested definition."
check "Markdown in an HTML dd" above "$d" "Markdown in an HTML definition" "Some Markdown between"
check "colon text stays" grep -q ':no space after the colon stays text.' "$d"
# Terms in the bold face: the word "Apple" is set in a font whose name
# says bold (pdftotext -bbox gives no fonts: compare with pdffonts).
pdffonts "$T/definition-lists.pdf" > "$T/fonts"
check "a bold face is used" grep -qi 'bold' "$T/fonts"
s=$T/details.txt
check "summary runs into its paragraph" grep -q 'Click to open Markdown between the tags' "$s"
check "no summary: Details" grep -q 'Details No summary' "$s"
check "summary alone when a list follows" grep -qx ' *Starts with a list' "$s"
check "in a list item" grep -q 'In a list Content in the item.' "$s"
finish
