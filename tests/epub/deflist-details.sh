# Definition lists and details in HTML and EPUB: dl/dt/dd and
# details/summary from Markdown and from HTML, Markdown between HTML
# tags inside them, no raw tags left, dl groups complete; their CSS only
# in documents that have them. (epubcheck and xmllint check the corpus
# books in validate.sh.)
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
for name in definition-lists details; do
  in=$QUIRE_SRC/tests/corpus/$name.md
  "$QUIRE" -q "$in" -o "$T/$name.html" || fail "$name html: exit $?"
  "$QUIRE" -q "$in" -o "$T/$name.epub" || fail "$name epub: exit $?"
  mkdir -p "$T/$name.d" && (cd "$T/$name.d" && unzip -q ../$name.epub) || fail "$name: unzip"
  cat $(find "$T/$name.d" -name '*.xhtml' ! -name 'nav.xhtml') > "$T/$name.xhtml"
done
for ext in html xhtml; do
  d=$T/definition-lists.$ext
  check "$ext: Markdown terms" grep -qzE '<dl>
<dt>Apple</dt>
<dd><p>A fruit that grows on trees.</p>
</dd>
<dd><p>A company that makes computers.</p>
</dd>
<dt>Orange</dt>
<dt>Tangerine</dt>' "$d"
  check "$ext: a tight list's definitions have no p" grep -q '^<dd>Nested definition.</dd>$' "$d"
  check "$ext: in a list item" grep -q '^<li><p>A list item holding a definition list:</p>$' "$d"
  check "$ext: HTML dl" grep -qzE '<dt>HTML term</dt>
<dd>HTML definition.</dd>
<dd>A second HTML definition.</dd>
<dt>Term without a definition</dt>
<dd></dd>
</dl>' "$d"
  check "$ext: dd without dt, an empty dt first (HTML's content model)" grep -qzE '<dl>
<dt></dt>
<dd>A definition without a term.</dd>' "$d"
  check "$ext: Markdown inside an HTML dd" grep -qzE '<dd><p>Some <strong>Markdown</strong> between the tags.</p>
<ul>' "$d"
  check "$ext: colon lines that are text" grep -q '^<p>:no space after the colon stays text.</p>$' "$d"
  check "$ext: six lists" test "$(grep -c '^<dl>$' "$d")" = 6
  s=$T/details.$ext
  check "$ext: details with Markdown inside" grep -qzE '<details>
<summary>Click to open</summary>
<p><strong>Markdown</strong> between the tags, as GitHub READMEs write it.</p>
<ul>' "$s"
  check "$ext: no summary gives Details" grep -qzE '<details>
<summary>Details</summary>
<p>No summary' "$s"
  check "$ext: nested details" grep -qzE '<summary>Inner</summary>
<p>Inner text.</p>
</details>
<p>After the inner one.</p>
</details>' "$s"
  check "$ext: in a list item" grep -qzE '<li><p>A list item with details:</p>
<details>
<summary>In a list</summary>' "$s"
  check "$ext: eight details, all closed" test "$(grep -c '^<details>$' "$s")" = 8 -a "$(grep -c '^</details>$' "$s")" = 8
  check "$ext: no raw tag shows" sh -c "! grep -q '&lt;' '$s' '$d'"
done
check "css: dl styled" grep -q '^dd {' "$T/definition-lists.html"
check "css: summary styled" sh -c "find '$T/details.d' -name book.css | xargs grep -q '^summary {'"
"$QUIRE" -q "$QUIRE_SRC/tests/corpus/tables.md" -t html -o "$T/t.html" || fail "tables: exit $?"
check "css: not in a document without them" sh -c "! grep -q '^dd {' '$T/t.html'"
finish
