# The language of article text without metadata is guessed (issue 18,
# CLD2) and written where each format says it: the PDF's /Lang, the
# EPUB's dc:language and its pages' lang, HTML's lang; the PDF is
# hyphenated with that language's patterns. -M lang= still decides, and
# a short text, where a guess would be wild, gets none.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
fr="$QUIRE_SRC/tests/corpus/article-french.txt"
ru="$QUIRE_SRC/tests/corpus/article-russian.txt"
"$QUIRE" -q "$fr" -o "$T/fr.pdf" && "$QUIRE" -q "$fr" -o "$T/fr.epub" && "$QUIRE" -q "$fr" -o "$T/fr.html" ||
  fail "conversion failed"
check "PDF /Lang fr" sh -c "qpdf --qdf --object-streams=disable '$T/fr.pdf' - | grep -aq '/Lang (fr)'"
check "EPUB dc:language fr" sh -c "unzip -p '$T/fr.epub' '*.opf' | grep -q '<dc:language>fr</dc:language>'"
check "EPUB page lang fr" sh -c "unzip -p '$T/fr.epub' '*.xhtml' | grep -q 'xml:lang=\"fr\"'"
check "HTML lang fr" grep -q '<html[^>]* lang="fr"' "$T/fr.html"
"$QUIRE" -q -t tree "$ru" -o "$T/ru.tree"
check "Russian guessed" grep -q 'meta lang "ru"' "$T/ru.tree"
"$QUIRE" -q -t tree -M lang=de "$fr" -o "$T/de.tree"
check "-M lang= decides" sh -c "grep -q 'meta lang \"de\"' '$T/de.tree' && ! grep -q 'meta lang \"fr\"' '$T/de.tree'"
printf 'A short note\n\nThe talks ended on Monday.\n' > "$T/short.txt"
"$QUIRE" -q -t tree "$T/short.txt" -o "$T/short.tree"
check "a short text: no guess" sh -c "! grep -q 'meta lang' '$T/short.tree'"

# Hyphenation in French: a narrow measure, French words broken where
# French patterns break them ("ré-ou-ver-ture" style points: a line ending
# in a hyphen inside a word), and no line starting with a lone closing
# guillemet.
if [ -r /usr/share/hyphen/hyph_fr.dic ]; then
  "$QUIRE" -q "$fr" --paper 110mmx200mm --margin 12mm -o "$T/fr-narrow.pdf"
  pdftotext -layout "$T/fr-narrow.pdf" "$T/fr-narrow.txt"
  check "French text hyphenated" grep -qE '[[:alpha:]]-$' "$T/fr-narrow.txt"
else
  echo "skipped: hyphen-fr is not installed"
fi
finish
