# GitHub's alerts in HTML and EPUB: each is a div with the class
# "admonition TYPE", role="note" and its title first, the marker gone;
# quotes that are not alerts stay blockquotes. (epubcheck and xmllint
# check the corpus book in validate.sh.)
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
in=$QUIRE_SRC/tests/corpus/alerts.md
"$QUIRE" -q "$in" -o "$T/a.html" || fail "html: exit $?"
"$QUIRE" -q "$in" -o "$T/a.epub" || fail "epub: exit $?"
mkdir -p "$T/a.d" && (cd "$T/a.d" && unzip -q ../a.epub) || fail "epub: unzip"
cat "$T"/a.d/*/*.xhtml > "$T/a.xhtml" 2> /dev/null || cat $(find "$T/a.d" -name '*.xhtml') > "$T/a.xhtml"
for out in "$T/a.html" "$T/a.xhtml"; do
  what=$(basename "$out")
  for t in note:Note tip:Tip important:Important warning:Warning caution:Caution; do
    check "$what: $t has its div and title" grep -qzE \
      "<div class=\"admonition ${t%%:*}\" role=\"note\">
<p class=\"admonition-title\">${t#*:}</p>" "$out"
  done
  check "$what: eleven admonitions" test "$(grep -c '<div class="admonition ' "$out")" = 11
  awk '/<div class="admonition /,/<\/div>/' "$out" > "$T/inside"
  check "$what: no marker left in an admonition" sh -c "! grep -q '\[!' '$T/inside'"
  check "$what: the nested alert's text inside" grep -q 'Nested inside a list item' "$T/inside"
  check "$what: content after the title" grep -qzE \
    'admonition-title">Important</p>
<p>Key information users need' "$out"
  check "$what: four quotes stay quotes" test "$(grep -c '<blockquote>' "$out")" = 4
  check "$what: same-line marker stays in its quote" grep -q '^<p>\[!NOTE\] text on the same line$' "$out"
  check "$what: unknown type stays" grep -q '^<p>\[!FOO\]$' "$out"
done
check "css: admonitions are styled" grep -q '^\.admonition\.caution {' "$T/a.html"
check "css: in the EPUB's stylesheet" sh -c "find '$T/a.d' -name book.css | xargs grep -q '^\.admonition\.note {'"
"$QUIRE" -q "$QUIRE_SRC/tests/corpus/tables.md" -t html -o "$T/t.html" || fail "tables: exit $?"
check "css: not in a document without alerts" sh -c "! grep -q admonition '$T/t.html'"
finish
