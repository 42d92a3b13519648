# French typography (issue 18): narrow no-break spaces inside guillemets
# and before ; : ! ?, in every writer; code and URLs untouched; none of
# it in a document in another language.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
n=$(printf '\342\200\257')
printf -- '---\nlang: fr\n---\n# Essai\n\nIl a dit : « Bonjour » puis «salut» ; vraiment ? Oui ! Voir http://example.org et `a : b`.\n' > "$T/fr.md"
sed 's/lang: fr/lang: en/' "$T/fr.md" > "$T/en.md"
for f in txt html man; do
  "$QUIRE" -q "$T/fr.md" -t $f -o "$T/fr.$f" || fail "fr to $f"
done
check "txt: dit${n}:" grep -q "dit${n}:" "$T/fr.txt"
check "txt: «${n}Bonjour${n}»" grep -q "«${n}Bonjour${n}»" "$T/fr.txt"
check "txt: added inside «salut»" grep -q "«${n}salut${n}»${n};" "$T/fr.txt"
check "txt: before ? and !" grep -q "vraiment${n}? Oui${n}!" "$T/fr.txt"
check "txt: URL and code untouched" grep -q 'http://example.org et `a : b`' "$T/fr.txt"
check "html: the same" grep -q "«${n}Bonjour${n}»" "$T/fr.html"
check "man: groff's name for it" grep -q 'u202F' "$T/fr.man"
check "man: groff -ww silent" sh -c "groff -ww -man -Tutf8 '$T/fr.man' 2>&1 >/dev/null | grep -q . && exit 1 || exit 0"
# PDF: at many measures, no line starts with » ; : ! ? nor ends with «
# (the PDF draws the narrow space as a gap, so it extracts as a space).
sed 's/ et `a : b`//' "$T/fr.md" > "$T/fr-nocode.md" # code keeps its spaces
bad=0
for w in 60 65 70 75 80 85 90 95 100; do
  "$QUIRE" -q "$T/fr-nocode.md" --paper ${w}mmx200mm --margin 8mm -o "$T/fr.pdf"
  pdftotext -layout "$T/fr.pdf" - | grep -qE '^ *[»;:!?]|«$' && bad=$((bad + 1))
done
check "pdf: » ; : ! ? never start a line, « never ends one ($bad measures)" test "$bad" -eq 0
"$QUIRE" -q "$T/en.md" -t txt -o "$T/en.txt"
check "English: untouched" sh -c "! grep -q '${n}' '$T/en.txt'"
finish
