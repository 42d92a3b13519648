# Syntax highlighting in the PDF (tests/corpus/code-highlight.md): the
# code's tokens in the theme's colours, and exactly the same text as
# without highlighting (pdftotext, plain and with -layout).
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
in=$QUIRE_SRC/tests/corpus/code-highlight.md
"$QUIRE" -q "$in" -o "$T/on.pdf"
check "quire exit status" test $? -eq 0
"$QUIRE" -q --no-highlight "$in" -o "$T/off.pdf"
check "quire --no-highlight exit status" test $? -eq 0
check "qpdf --check" sh -c "qpdf --check '$T/on.pdf' > /dev/null"
for mode in raw layout; do
  opt=; [ $mode = layout ] && opt=-layout
  pdftotext $opt "$T/on.pdf" "$T/on-$mode.txt"
  pdftotext $opt "$T/off.pdf" "$T/off-$mode.txt"
  check "same text ($mode)" cmp "$T/on-$mode.txt" "$T/off-$mode.txt"
done
check "the text is there" grep -q 'readFileSync(path' "$T/on-raw.txt"
# Fill colours (rg, and g for a gray) other than black and the code box's
# shade.
colours() {
  qpdf --qdf --object-streams=disable "$1" "$1.qdf"
  grep -aoE '^[0-9.]+( [0-9.]+ [0-9.]+ rg| g)$' "$1.qdf" |
    grep -v -e '^0 0 0 rg$' -e '^0 g$' -e '^0.945 0.945 0.94 rg$' | sort -u | wc -l
}
n=$(colours "$T/on.pdf")
check "at least three token colours (got $n)" test "$n" -ge 3
n=$(colours "$T/off.pdf")
check "no token colours without highlighting (got $n)" test "$n" -eq 0
# One block alone uses three colours or more by itself; and one word of
# three tokens (function, operator, string) too, each in its colour.
printf '```js\nconst x = "a"; // b\nfunction f() { return 1; }\n```\n' > "$T/one.md"
"$QUIRE" -q "$T/one.md" -o "$T/one.pdf"
n=$(colours "$T/one.pdf")
check "one block, at least three colours (got $n)" test "$n" -ge 3
printf '```js\nf("a");\n```\n' > "$T/word.md"
"$QUIRE" -q "$T/word.md" -o "$T/word.pdf"
n=$(colours "$T/word.pdf")
check "one word of three tokens, three colours (got $n)" test "$n" -ge 3
# mono: bold keywords (the mono bold face), no colours.
"$QUIRE" -q --highlight-style mono "$T/one.md" -o "$T/mono.pdf"
n=$(colours "$T/mono.pdf")
check "mono has no colours (got $n)" test "$n" -eq 0
check "mono uses two faces" test "$(pdffonts "$T/mono.pdf" | grep -c Mono)" -ge 2
finish
