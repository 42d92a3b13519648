# The man backend and quire's own manual page: groff reads them without a
# warning, and the page documents every option of --help.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1

# -ww: all warnings; -z: no output, only the diagnostics; -t: run tbl,
# as man(1) does for pages that start with '\" t.
groff_clean() { # FILE DESCRIPTION
  groff -t -man -Tutf8 -ww -z "$1" > groff.txt 2>&1
  if [ -s groff.txt ]; then fail "$2: groff warns:"; sed 's/^/  /' groff.txt >&2; else pass; fi
}

page=$(dirname "$QUIRE")/quire.1
check "the build made quire.1" test -s "$page"
groff_clean "$page" "quire.1"
check "quire.1 header" grep -q '^\.TH "QUIRE" "1" "2026\\-11\\-28" "quire ' "$page"
for opt in $("$QUIRE" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  if grep -q -F -- "$(sed 's/-/\\-/g' <<< "$opt")" "$page"; then pass; else
    fail "quire.1 does not document $opt"; fi
done
check "quire.1 documents SOURCE_DATE_EPOCH" grep -q 'SOURCE_DATE_EPOCH' "$page"
check "quire.1 documents the exit codes" grep -q '^EXIT STATUS' "$page"
# The same source gives the same page (the date is in its front matter).
"$QUIRE" -q --no-smart -t man -M "source=quire $("$QUIRE" --version | cut -d' ' -f2)" \
  "$QUIRE_SRC/src/cli/quire.1.md" -o again.1
check "quire.1 is reproducible" cmp -s "$page" again.1

for input in "$QUIRE_SRC"/tests/corpus/*.md; do
  name=$(basename "$input")
  if "$QUIRE" -q -t man "$input" -o "$name.man"; then
    groff_clean "$name.man" "$name"
  else
    fail "$name: quire -t man exited $?"
  fi
done

# Escapes: roff requests, backslashes and dashes in text come out as text.
printf -- '---\ntitle: T\nsection: 7\n---\n\n.TH not a request\n\n%s\n' \
  "'quote, \\\\back, --option, ~tilde^" > esc.md
"$QUIRE" -q --no-smart -t man esc.md -o esc.7
check "section from metadata" grep -q '^\.TH "T" "7"' esc.7
check "leading dot defused" grep -qx '\\&\.TH not a request' esc.7
groff -man -Tutf8 esc.7 2> /dev/null | grep -q ".TH not a request" && pass || fail "dot line lost"
groff -man -Tutf8 esc.7 2> /dev/null | grep -q -- "'quote, \\\\back, --option, ~tilde^" && pass ||
  fail "special characters not printed as typed"
# A bullet list whose items start with "term<hard break>" is a list of
# tagged paragraphs, the way man pages list options; others stay bullets.
printf -- '- **-a**, **--all**\\\n  Show all.\n- **-b**\\\n  Be brief.\n\n  More about -b.\n\n' > terms.md
printf -- '* **-a**\\\n  Show all.\n* **-b**\n' >> terms.md
"$QUIRE" -q --no-smart -t man terms.md -o terms.man
check "term list: .TP" test "$(grep -c '^\.TP 7$' terms.man)" -eq 2
check "term list: the term is the tag line" grep -A1 -x '\.TP 7' terms.man | grep -q -x '\\fB\\-a\\fR, \\fB\\-\\-all\\fR'
check "term list: later paragraphs indented like the description" grep -q -x '\.RS 7' terms.man
check "a list with an item without a term stays bullets" grep -q '^\.IP \\(bu 2$' terms.man
groff_clean terms.man "term list"

# A table too wide for the page: its cells become text blocks that tbl
# fills within the line, so nothing runs past 80 columns; a narrow one
# keeps one line a row.
cat > wide.md <<'MD'
| Option | Default | Meaning | Notes |
|---|---|---|---|
| `--columns` | 72 | The width of the text output in display columns, counting wide characters twice | Applies to the plain text writer only; other formats ignore it |
| `--paper` | a4 | The paper size of the PDF, by name or as width by height with a unit | Letter and legal are the American sizes |

| a | b |
|---|---|
| 1 | 2 |
MD
"$QUIRE" -q -t man wide.md -o wide.man
check "wide table, not the narrow one: a text block a cell" test "$(grep -o 'T{' wide.man | wc -l)" -eq 12
groff_clean wide.man "wide table"
# (grotty overstrikes bold: "X\bX" is one column.)
widest=$(groff -t -man -Tutf8 wide.man 2> /dev/null |
  python3 -c 'import re, sys; print(max(len(re.sub(".\b", "", l)) for l in sys.stdin.read().split("\n")))')
check "wide table: no line over 80 columns ($widest)" test "$widest" -le 80
finish
