# Hostile inputs: pathological structure, after the cases cmark's authors
# keep in test/pathological_tests.py, plus 100,000-deep nesting. Each input
# goes through every output format; each must finish in near-linear time
# (the timeout is generous, for the sanitizer build) without a crash.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

# rep STRING N: STRING (awk escapes allowed) N times.
rep() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# through_all NAME CODE STDERR FILE [OPTIONS...]: one case per format.
# With STDERR "", warnings a writer gives about the content (the EPUB
# writer's links that lead out of the book) are allowed, errors are not.
through_all() {
  local name=$1 code=$2 pattern=$3 file=$4; shift 4
  for f in $formats; do
    hostile "$name ($f)" "$code" "${pattern:-warnings-only}" "$file" "$file.$f" \
      "$QUIRE" "$@" -t "$f" "$file" -o "$file.$f"
    rm -f "$file.$f"
  done
}

deep='warning: nesting deeper than 1000 levels flattened'

# 100,000 levels: flattened to 1,000 with a warning; with
# --fail-on-warning that warning stops the conversion.
{ rep '>' 100000; echo ' deep'; } > quotes.md
through_all "100,000 nested block quotes" 0 "quotes.md:1: $deep" quotes.md
hostile "100,000 nested block quotes, fatal" 4 "$deep" quotes.md quotes.txt \
  "$QUIRE" --fail-on-warning quotes.md -o quotes.txt
{ rep '- ' 100000; echo 'x'; } > lists.md
through_all "100,000 nested list levels" 0 "lists.md:1: $deep" lists.md
{ rep '1. ' 30000; echo 'x'; } > ordered.md
through_all "30,000 nested ordered lists" 0 "$deep" ordered.md
{ rep '*' 100000; printf 'a'; rep '*' 100000; echo; } > emph.md
through_all "100,000 nested emphasis markers" 0 "$deep" emph.md
{ rep '*a **a ' 50000; printf 'b'; rep ' a** a*' 50000; echo; } > strong-emph.md
through_all "nested strong emph" 0 "$deep" strong-emph.md
{ rep '[' 50000; printf 'a'; rep '](b)' 50000; echo; } > nested-links.md
through_all "nested links" 0 "" nested-links.md
{ rep '[' 50000; printf 'a'; rep ']' 50000; echo; } > nested-brackets.md
through_all "nested brackets" 0 "" nested-brackets.md

# The rest parse flat; they must simply not be slow or crash.
{ rep 'a_ ' 65000; echo; } > closers.md
through_all "many emph closers with no openers" 0 "" closers.md
{ rep '_a ' 65000; echo; } > openers.md
through_all "many emph openers with no closers" 0 "" openers.md
{ rep 'a]' 65000; echo; } > link-closers.md
through_all "many link closers with no openers" 0 "" link-closers.md
{ rep '[a' 65000; echo; } > link-openers.md
through_all "many link openers with no closers" 0 "" link-openers.md
{ rep '*a_ ' 50000; echo; } > mismatched.md
through_all "mismatched openers and closers" 0 "" mismatched.md
{ printf 'a**b'; rep 'c* ' 50000; echo; } > mult3.md
through_all "openers and closers multiple of 3" 0 "" mult3.md
{ rep '[ a_' 50000; echo; } > link-emph.md
through_all "link openers and emph closers" 0 "" link-emph.md
{ rep '[ (](' 80000; echo; } > brackets-parens.md
through_all "pattern [ (]( repeated" 0 "" brackets-parens.md
{ rep '[a](<b' 30000; echo; } > unclosed-a.md
through_all "unclosed links A" 0 "" unclosed-a.md
{ rep '[a](b' 30000; echo; } > unclosed-b.md
through_all "unclosed links B" 0 "" unclosed-b.md
awk 'BEGIN { for (i = 1; i < 5000; i++) { printf "e"; for (j = 0; j < i; j++) printf "`" } print "" }' > backticks.md
through_all "backticks" 0 "" backticks.md
{ rep '[a]: /u\n' 50000; rep '[a] ' 50000; echo; } > refdefs.md
through_all "many link reference definitions" 0 "" refdefs.md
{ printf '[x]: /'; rep 'u' 1000; printf '\n\n'; rep '[x]' 50000; echo; } > ref-expansion.md
through_all "reference expansion" 0 "" ref-expansion.md
{ rep '- a\n' 1; awk 'BEGIN { for (i = 1; i < 1000; i++) { for (j = 0; j < i; j++) printf "  "; print "- a" } }'; } > indented-lists.md
through_all "1,000 indented list levels" 0 "" indented-lists.md
{ printf '|'; rep ' a |' 10000; printf '\n|'; rep '---|' 10000; printf '\n'; rep '| b |\n' 10000; } > wide-table.md
# cmark-gfm would pad every row to 10,000 cells: 100 million cells, many GB.
# Cut to 1,000 columns first (tests/hostile/scaling-markdown.sh), it would
# still pad them to 10 million.
through_all "table: 10,000 columns and 10,000 short rows" 0 \
  "wide-table.md: warning: tables read as text: their rows would need 10002000 cells" wide-table.md
{ printf '|'; rep ' a |' 10000; printf '\n|'; rep '---|' 10000; printf '\n'; rep '|'"$(rep ' b |' 10000)"'\n' 3; } > full-table.md
through_all "table: 10,000 columns written out" 0 "" full-table.md
{ rep 'x [^n] ' 30000; printf '\n\n[^n]: The note.\n'; } > footnote-refs.md
through_all "30,000 references to one footnote" 0 "" footnote-refs.md
{ rep '# Same\n\n' 30000; } > same-headings.md
through_all "30,000 headings with one title" 0 "" same-headings.md

# The article reader's own syntax: inline links, quotes, lists, datelines.
if has_format txt && "$QUIRE" --list-formats | grep -q '^  article'; then
  { echo 'Title'; echo; rep '[a](' 50000; echo; } > art-unclosed.txt
  through_all "article: 50,000 unclosed links" 0 "" art-unclosed.txt
  { echo 'Title'; echo; rep '[' 50000; printf 'a'; rep '](u)' 50000; echo; } > art-nested.txt
  through_all "article: 50,000 nested links" 0 "" art-nested.txt
  { echo 'Title'; echo; rep '"\x27' 50000; echo; } > art-quotes.txt
  through_all "article: 100,000 quote marks" 0 "" art-quotes.txt
  { echo 'Title'; echo; rep '- item\n' 50000; } > art-list.txt
  through_all "article: 50,000 list items" 0 "" art-list.txt
  { echo 'Title'; echo; rep 'PARIS, Jan. 1 (Reuters) - ' 20000; echo; } > art-datelines.txt
  through_all "article: 20,000 datelines on one line" 0 "" art-datelines.txt
  { rep 'Title line\n' 1; rep '\n' 100000; echo 'Body.'; } > art-blank.txt
  through_all "article: 100,000 blank lines" 0 "" art-blank.txt
fi

end_suite
