# Text shaped by HarfBuzz (issue 18): kerning pairs close up inside a
# word (a move to the left inside a TJ array, which placing words alone
# never makes), ligatures are single glyphs whose ToUnicode entry gives
# all their characters, code has no ligature, combining accents sit on
# their letters, and the extracted text is the txt output's, whatever
# the glyphs.
. "$(dirname "$0")/../lib.sh"

T=$QUIRE_TMP
cat > "$T/shape.md" <<'EOF'
# AVATAR

WAVE Toyota office affine flight: The difficult official offer. Combining
accents: e&#x301; a&#x300; o&#x308;. A long word broken where it may:
incomprehensibilities, definition, indefinitely, officially, affirmatively.

`office affine fi`
EOF
"$QUIRE" -q "$T/shape.md" -o "$T/shape.pdf" || fail "conversion failed"
"$QUIRE" -q "$T/shape.md" -o "$T/shape.txt"
qpdf --qdf --object-streams=disable "$T/shape.pdf" "$T/shape.qdf"

check "pdftotext gives the txt output's words" python3 "$QUIRE_SRC/tests/pdf/pdfcheck.py" words \
  "$T/shape.pdf" "$T/shape.txt" 60 60
check "qpdf --check" qpdf --check "$T/shape.pdf"

python3 - "$T/shape.qdf" > "$T/shape.facts" <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read().decode("latin-1")
# A positive number between two strings of one TJ array: a kern
# pulling a glyph back (the moves between words go right: negative).
# (qpdf --qdf writes the strings in hex.)
kerns = len(re.findall(r"[)>] ?(\d+(?:\.\d+)?) ?[(<]", d))
print("kerns", kerns)
# ToUnicode entries mapping one code to two characters or more.
ligs = re.findall(r"<([0-9A-F]{4})> <((?:[0-9A-F]{4}){2,})>", d)
print("ligatures", " ".join(bytes.fromhex(t).decode("utf-16-be") for _, t in ligs))
# The monospaced font's ToUnicode: none of those.
PY
check "kerning inside words ($(awk '/^kerns/ {print $2}' "$T/shape.facts") pulls)" \
  test "$(awk '/^kerns/ {print $2}' "$T/shape.facts")" -gt 3
check "ligatures map to their letters ($(grep '^ligatures' "$T/shape.facts"))" \
  grep -qE '^ligatures.*(fi|ffi|ff)' "$T/shape.facts"
# Code: "office" in the monospaced face shows six glyphs.
check "no ligature in code" sh -c "pdftotext -bbox '$T/shape.pdf' - | grep -c '>office<' | grep -q 2"

# The same words and the same lines with every ligature drawn or not:
# the layout measures what it draws.
pdftotext -layout "$T/shape.pdf" "$T/shape.layout"
check "combining accents kept in the text" grep -q "$(printf 'e\xcc\x81 a\xcc\x80 o\xcc\x88')" "$T/shape.layout"

finish
