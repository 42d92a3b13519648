# Navigation, metadata, fonts and options: the outline nests the headings,
# links become link annotations, the Info dictionary and /Lang hold the
# metadata, only the faces used are embedded, missing glyphs are warned
# about once per character, and bad options are refused.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
qdf() { qpdf --qdf --object-streams=disable "$1" "$1.qdf" && cat "$1.qdf"; }

# --- outline and links (the long test book) ---
python3 "$QUIRE_SRC/tests/pdf/make-long.py" "$T/long.md"
"$QUIRE" -q "$T/long.md" -o "$T/long.pdf" || fail "long: exit $?"
qpdf --json --json-key=outlines "$T/long.pdf" > "$T/outlines.json"
check "outline: 6 chapters, sections nested under them, pages in order" python3 - "$T/outlines.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))["outlines"]
assert len(o) == 6, len(o)
assert o[0]["title"] == "Chapter 1: Gnu General Public License", o[0]["title"]
assert any(k["title"] == "Preamble" for k in o[0]["kids"])
terms = [k for k in o[0]["kids"] if k["title"] == "TERMS AND CONDITIONS"][0]
assert terms["kids"][0]["title"] == "0. Definitions.", terms["kids"][0]["title"]
pages = [x["destpageposfrom1"] for x in o]
assert pages == sorted(pages) and pages[0] >= 1 and pages[-1] > 20, pages
PY
qdf "$T/long.pdf" > "$T/long.txt"
check "internal links to headings" grep -aq "/Subtype /Link" "$T/long.txt"
check "internal link has a destination" grep -aqE "/Dest ([[]|[0-9]+ 0 R)" "$T/long.txt"
check "URI link annotations" grep -aq "/URI (https://www.debian.org/legal/licenses/)" "$T/long.txt"
check "page mode shows the outline" grep -aq "/PageMode /UseOutlines" "$T/long.txt"

# Footnotes: five references to four notes, four numbers linking back, one URL.
"$QUIRE" -q "$QUIRE_SRC/tests/corpus/footnotes.md" -o "$T/fn.pdf" || fail "footnotes: exit $?"
check "footnote links both ways" test "$(qdf "$T/fn.pdf" | grep -ac "/Subtype /Link")" -eq 10

"$QUIRE" -q "$QUIRE_SRC/tests/corpus/xml-hostile.md" -o "$T/xh.pdf" || fail "xml-hostile: exit $?"
qdf "$T/xh.pdf" > "$T/xh.txt"
check "URIs are percent-encoded ASCII" grep -aq "/URI (https://example.com/a%20b%20c)" "$T/xh.txt"
check "no javascript: link" test "$(grep -aci "javascript" "$T/xh.txt")" -eq 0

# --- metadata ---
"$QUIRE" -q "$QUIRE_SRC/tests/corpus/front-matter.md" -o "$T/fm.pdf" || fail "fm: exit $?"
pdfinfo "$T/fm.pdf" > "$T/fm.info"
check "Info title (UTF-8)" grep -q "^Title: *Quire: a document converter$" "$T/fm.info"
check "Info author" grep -q "^Author: *Ada Writer, Ben Editor$" "$T/fm.info"
check "Info subject" grep -q "^Subject: *A document that sets" "$T/fm.info"
check "Info keywords" grep -q "^Keywords: *markdown, converter, front matter$" "$T/fm.info"
check "Info creator" grep -q "^Creator: *quire" "$T/fm.info"
check "Info producer" grep -q "^Producer: *quire" "$T/fm.info"
qdf "$T/fm.pdf" > "$T/fm.txt"
check "/Lang from the metadata" grep -aq "/Lang (en-GB)" "$T/fm.txt"
printf -- '---\ntitle: "Ελληνικά — Кириллица"\nauthor: Zoë\n---\n\n# Überschrift\n\nText.\n' > "$T/utf8.md"
"$QUIRE" -q "$T/utf8.md" -o "$T/utf8.pdf" || fail "utf8: exit $?"
check "Info title in Greek and Cyrillic" grep -q "^Title: *Ελληνικά — Кириллица$" <(pdfinfo "$T/utf8.pdf")
check "Info author with diaeresis" grep -q "^Author: *Zoë$" <(pdfinfo "$T/utf8.pdf")
check "outline title in UTF-8" grep -q '"title": "Überschrift"' <(qpdf --json --json-key=outlines "$T/utf8.pdf")
check "/Lang defaults to en-US" grep -aq "/Lang (en-US)" <(qdf "$T/utf8.pdf")

# --- fonts: only what is drawn ---
printf 'Plain text only.\n' > "$T/plain.md"
"$QUIRE" -q "$T/plain.md" -o "$T/plain.pdf" || fail "plain: exit $?"
check "a plain paragraph embeds one face" test "$(pdffonts "$T/plain.pdf" | tail -n +3 | wc -l)" -eq 1
printf 'Plain, *italic*, **bold** and `code`.\n' > "$T/styles.md"
"$QUIRE" -q "$T/styles.md" -o "$T/styles.pdf" || fail "styles: exit $?"
check "four styles embed four faces" test "$(pdffonts "$T/styles.pdf" | tail -n +3 | wc -l)" -eq 4

# --- the bundled faces cover Latin, Greek and Cyrillic in every style ---
cat > "$T/lgc.md" <<'MD'
Łódź Ελληνικά Русский, *Łódź Ελληνικά Русский*, **Łódź Ελληνικά Русский**,
***Łódź Ελληνικά Русский*** and `Łódź Ελληνικά Русский` and **`Ελληνικά Русский`**.
MD
"$QUIRE" -q "$T/lgc.md" -o "$T/lgc.pdf" || fail "lgc: exit $?"
check "Latin, Greek, Cyrillic need no fallback face" \
  test "$(pdffonts "$T/lgc.pdf" | tail -n +3 | grep -c -v -e GentiumBookPlus -e DejaVuSansMono)" -eq 0
check "... in six faces" test "$(pdffonts "$T/lgc.pdf" | tail -n +3 | wc -l)" -eq 6

# --- missing glyphs and characters beyond the BMP ---
printf 'PUA \xee\x80\x80 and \xee\x80\x80 again, \xee\x83\xbf once; \xf0\x9f\x98\x80 \xf0\x9f\x98\x81.\n' > "$T/pua.md"
"$QUIRE" "$T/pua.md" -o "$T/pua.pdf" 2> "$T/pua.err" || fail "pua: exit $?"
check "one warning per missing character" test "$(grep -c 'no font has a glyph' "$T/pua.err")" -eq 2
check "characters beyond U+FFFF set, not replaced" sh -c "pdftotext '$T/pua.pdf' - | grep -q '$(printf '\360\237\230\200 \360\237\230\201')'"

# --- fonts from the options ---
"$QUIRE" -q --mainfont "$QUIRE_SRC/fonts/DejaVuSans.ttf" "$T/plain.md" -o "$T/mf.pdf" || fail "mainfont file"
check "--mainfont FILE" grep -q "DejaVuSans" <(pdffonts "$T/mf.pdf")
if fc-list | grep -q "DejaVu Sans Mono"; then
  "$QUIRE" -q --monofont "DejaVu Sans Mono" --mainfont "DejaVu Sans" "$T/styles.md" -o "$T/fc.pdf" ||
    fail "fontconfig family"
  check "--mainfont FAMILY" grep -q "DejaVuSans-Bold" <(pdffonts "$T/fc.pdf")
fi
"$QUIRE" --mainfont /etc/hostname "$T/plain.md" -o "$T/bad.pdf" 2> "$T/bad.err"
check "a non-TrueType --mainfont is refused with a warning" grep -q "not a TrueType font" "$T/bad.err"
check "... and the bundled font is used" grep -q "GentiumBookPlus" <(pdffonts "$T/bad.pdf")
mkdir -p "$T/fontdir"
cp "$QUIRE_SRC/fonts/DejaVuSans.ttf" "$T/fontdir/GentiumBookPlus-Regular.ttf"
QUIRE_FONT_DIR=$T/fontdir "$QUIRE" -q "$T/plain.md" -o "$T/env1.pdf" || fail "QUIRE_FONT_DIR: exit $?"
check "QUIRE_FONT_DIR is searched first" grep -q "DejaVuSans" <(pdffonts "$T/env1.pdf")
QUIRE_FONT_DIR=/nonexistent "$QUIRE" -q "$T/plain.md" -o "$T/env.pdf"
check "a wrong QUIRE_FONT_DIR falls back to the build tree" test -s "$T/env.pdf"

# --- paper, margins, size ---
"$QUIRE" -q --paper letter "$T/plain.md" -o "$T/letter.pdf" || fail "letter"
check "--paper letter" grep -q "612 x 792 pts" <(pdfinfo "$T/letter.pdf")
"$QUIRE" -q --paper 210x297mm "$T/plain.md" -o "$T/wxh.pdf" || fail "WxH"
check "--paper 210x297mm" grep -q "595.27. x 841.89 pts" <(pdfinfo "$T/wxh.pdf")
"$QUIRE" -q --paper 5inx8in --margin 0.5in --fontsize 10 "$T/long.md" -o "$T/small.pdf" || fail "5x8in"
check "--paper 5inx8in" grep -q "360 x 576 pts" <(pdfinfo "$T/small.pdf")
"$QUIRE" -q --paper nonsense "$T/plain.md" -o "$T/x.pdf"
check "bad --paper: usage error" test $? -eq 2
"$QUIRE" -q --margin 5furlongs "$T/plain.md" -o "$T/x.pdf"
check "bad --margin: usage error" test $? -eq 2
"$QUIRE" -q --paper a5 --margin 100mm "$T/plain.md" -o "$T/x.pdf"
check "margins wider than the page: usage error" test $? -eq 2
finish
