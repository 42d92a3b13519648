# Characters beyond U+FFFF (issue 18): emoji, mathematical letters and
# the like are set from a font that has them, found as the CJK fallback is
# (the bundled DejaVu Sans has many emoji; fonts-symbola, in the test
# set-up, the rest), and extracted exactly; one no installed font has
# gets one warning and keeps its text.
. "$(dirname "$0")/../lib.sh"

T=$QUIRE_TMP
printf '# Emoji \360\237\230\200\n\nA grin \360\237\230\200, a party :tada:, bold math \360\235\220\200\360\235\220\201, twice \360\237\230\200; none: \363\277\277\275.\n' > "$T/astral.md"
"$QUIRE" "$T/astral.md" -o "$T/astral.pdf" 2> "$T/astral.err" || fail "conversion failed"
"$QUIRE" -q "$T/astral.md" -o "$T/astral.txt"
check "pdftotext gives the txt output's words" python3 "$QUIRE_SRC/tests/pdf/pdfcheck.py" words \
  "$T/astral.pdf" "$T/astral.txt" 60 60
check "the grin is in the text twice and in the heading" \
  test "$(pdftotext "$T/astral.pdf" - | grep -o "$(printf '\360\237\230\200')" | wc -l)" -eq 3
check "no U+FFFD in its place" sh -c "! pdftotext '$T/astral.pdf' - | grep -q '$(printf '\357\277\275')'"
check "the grin's font is embedded (DejaVu Sans)" sh -c "pdffonts '$T/astral.pdf' | grep -q DejaVuSans"
check "one warning, for the character no font has" \
  test "$(grep -c 'warning: no font has a glyph for U+FFFFD' "$T/astral.err")" -eq 1
check "no other warning" test "$(grep -c warning "$T/astral.err")" -eq 1
if fc-list ':charset=1f389' family | grep -q .; then
  check "the party popper from an installed font" sh -c "! grep -q 'U+1F389' '$T/astral.err'"
else
  echo "skipped: no installed font has U+1F389 (fonts-symbola)"
fi
finish
