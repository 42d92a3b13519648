# Manual pages from articles: .TH gets a short name (the input file's
# name without its extension, upper-cased, or the title's first word when
# there is no file), never the headline, which groff would print at both
# ends of the header line until they overlapped; the headline goes to a
# NAME section instead. URLs are never hyphenated: they break only at
# their own break points (\:), and groff -ww says nothing.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1

# render FILE.man: groff's page in FILE.out, its warnings in FILE.err,
# bold and underlining undone.
render() {
  groff -t -man -Tutf8 -ww "$1" 2> "$1.err" | sed 's/.\x08//g' > "$1.out"
  if [ -s "$1.err" ]; then fail "$1: groff warns:"; head -5 "$1.err" | sed 's/^/  /' >&2; else pass; fi
}

cat > flood-plan.txt <<'TXT'
Council approves a new flood protection plan for the whole of the river valley after a year of meetings

RIVERTON, 14 October 2021 - The town council on Thursday approved a flood protection plan.

The plan is at https://www.riverton.example.gov/council/decisions/2021/flood-protection-plan-approved-unanimously-by-the-council.html and the minutes at https://www.riverton.example.gov/council/minutes/extraordinary-meeting-on-the-flood-protection-plan.pdf for everyone to read.

The engineers' report (https://engineering.example.org/reports/riverton/embankment-reinforcement-and-pumping-station-feasibility) explains the choices.
TXT
"$QUIRE" -q flood-plan.txt -t man -o flood-plan.man
check ".TH: the file's name, upper-cased" grep -q '^\.TH "FLOOD\\-PLAN" "1" ' flood-plan.man
check "the headline in a NAME section" grep -A1 -x '\.SH NAME' flood-plan.man |
  grep -q -x 'flood\\-plan \\- Council approves a new flood protection plan .*meetings'
render flood-plan.man
header=$(head -1 flood-plan.man.out)
check "groff's header: the name at both ends ($header)" \
  grep -q -x 'FLOOD-PLAN(1) .* FLOOD-PLAN(1)' <<< "$header"
check "groff's header fits the line" test "${#header}" -le 80
# Joined back, the page holds every URL whole, with no hyphen added.
joined=$(sed 's/^ *//' flood-plan.man.out | tr -d '\n')
for url in https://www.riverton.example.gov/council/decisions/2021/flood-protection-plan-approved-unanimously-by-the-council.html \
  https://www.riverton.example.gov/council/minutes/extraordinary-meeting-on-the-flood-protection-plan.pdf \
  https://engineering.example.org/reports/riverton/embankment-reinforcement-and-pumping-station-feasibility; do
  check "URL whole, not hyphenated: $url" grep -q -F "$url" <<< "$joined"
done

# Without a file (standard input): the title's first word.
"$QUIRE" -q -f article - -t man -o stdin.man < flood-plan.txt
check ".TH from standard input: the title's first word" grep -q '^\.TH "COUNCIL" "1" ' stdin.man
render stdin.man

# A title of one word is the page's name already, as in quire.1.
printf -- '---\ntitle: frob\n---\n\n# NAME\n\nfrob - frobnicate\n' > frob.md
"$QUIRE" -q frob.md -t man -o frob.man
check "a one-word title kept as it is" grep -q '^\.TH "frob" "1" ' frob.man
check "no NAME section added to one" test "$(grep -c -x -e '\.SH NAME' -e NAME frob.man)" -eq 1
# A Markdown page with a headline and its own NAME section gets no second.
printf -- '---\ntitle: Frob the widgets\n---\n\n# NAME\n\nfrob - frobnicate\n' > frob2.md
"$QUIRE" -q frob2.md -t man -o frob2.man
check "a headline title: the file's name" grep -q '^\.TH "FROB2" "1" ' frob2.man
check "the document's own NAME section only" \
  test "$(grep -c -x -e '\.SH NAME' -e NAME frob2.man)" -eq 1

# Links in Markdown, in a list and a quote, where the line is shorter.
cat > links.md <<'MD'
- See [`String.prototype.toLowerCase()`](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/String/toLowerCase) and <https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/String/toUpperCase>.
  - Deeper: [`Intl`](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Intl/Collator/compare), (<https://tc39.es/ecma402/#sec-collator-comparestrings>).

> Quoted: <https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Statements/import>
MD
"$QUIRE" -q links.md -t man -o links.man
render links.man
joined=$(sed 's/^ *//' links.man.out | tr -d '\n')
for url in https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/String/toLowerCase \
  https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/String/toUpperCase \
  https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Intl/Collator/compare \
  https://tc39.es/ecma402/#sec-collator-comparestrings \
  https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Statements/import; do
  check "URL whole, not hyphenated: $url" grep -q -F "$url" <<< "$joined"
done
finish
