# The Markdown reader through the command line: exit codes and the exact
# wording of its messages.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1

printf -- '---\ntitle: ok\nauthor: [unclosed\ndate: x\n---\nBody\n' > bad-yaml.md
"$QUIRE" bad-yaml.md -t tree -o out.tree 2> err.txt
check "malformed YAML exits 1" test $? -eq 1
check "malformed YAML message" grep -q '^quire: bad-yaml.md:4:[0-9]*: invalid YAML front matter: ' err.txt
check "no output on error" test ! -e out.tree

printf -- '---\na: &x [1]\nb: *x\n---\n' > alias.md
"$QUIRE" alias.md -t tree -o /dev/null 2> err.txt
check "alias exits 1" test $? -eq 1
check "alias message" grep -qx 'quire: alias.md:3:4: invalid YAML front matter: aliases are not allowed' err.txt

printf 'ok\nab\377c\n' > bad-utf8.md
"$QUIRE" bad-utf8.md -t tree -o out.tree 2> err.txt
check "bad UTF-8 is only a warning" test $? -eq 0
check "bad UTF-8 message" grep -qx 'quire: bad-utf8.md:2:3: warning: invalid UTF-8 replaced by U+FFFD (1 byte; first at 2:3)' err.txt
"$QUIRE" --fail-on-warning bad-utf8.md -t tree -o out2.tree 2> /dev/null
check "--fail-on-warning makes it fatal" test $? -eq 4

printf 'a <b>c</b>\n\n<div>\nx\n</div>\n\n<style>p {}</style>\n' > html.md
"$QUIRE" html.md -t tree -o /dev/null 2> err.txt
check "HTML into the model: no warning but the style sheet's" \
  grep -qx 'quire: html.md:7:1: warning: <style> element not shown: quire shows no scripts or style sheets' err.txt
check "one warning only" test "$(wc -l < err.txt)" -eq 1

printf '# Only Title\n\nText.\n' > title.md
"$QUIRE" --title-from-heading title.md -t tree -o title.tree
check "title promoted" grep -qx 'meta title "Only Title"' title.tree
check "heading removed" sh -c '! grep -q heading title.tree'

printf 'One[^n].\n\n[^n]: First.\n' > one.md
printf 'Two[^n].\n\n[^n]: Second.\n' > two.md
"$QUIRE" one.md two.md -t tree -o both.tree
check "two inputs, two notes" test "$(grep -c 'footnote_def' both.tree)" -eq 2
check "second note numbered 2" grep -q 'footnote_def label="n" number=2' both.tree

finish
