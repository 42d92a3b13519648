# The article reader through the command line: format detection for files
# and standard input, -f article, the seed, and the UTF-8 warning.
. "$(dirname "$0")/../lib.sh"
seed=$QUIRE_SRC/tests/corpus/article-seed-un-syria.txt
t=$QUIRE_TMP

# .txt files are articles with -f auto (the default).
"$QUIRE" "$seed" -t tree -o "$t/seed.tree" || fail "seed -> tree: exit $?"
check "txt file read as article (title)" \
  grep -q '^meta title "Incremental progress but ‘we’re not yet there,’ UN mediator on Syria reports"$' "$t/seed.tree"
check "dateline date" grep -q '^meta date "2017-03-31"$' "$t/seed.tree"
check "title not in body" sh -c "! grep -q 'text \"Incremental' '$t/seed.tree'"
check "final paragraph repaired" grep -q 'humanitarian assistance and reconstruction efforts\."$' "$t/seed.tree"
check "placeholder links are text" sh -c "! grep -q '^ *link' '$t/seed.tree'"
check "[...] stays" grep -q 'no doubt about that \[…\] In any' "$t/seed.tree"

# The txt rendering shows the same: title block, date, curly quotes, the
# repaired paragraph, links as plain text.
"$QUIRE" "$seed" -o "$t/seed.txt" || fail "seed -> txt: exit $?"
check "txt title" grep -q "Incremental progress but ‘we’re not yet there,’ UN mediator on Syria" "$t/seed.txt"
check "txt date" grep -q '^ *31 March 2017$' "$t/seed.txt"
check "txt title not repeated as body" test "$(grep -c 'Incremental progress' "$t/seed.txt")" = 1
check "txt repaired paragraph" sh -c "! grep -q '^efforts\.\$' '$t/seed.txt'"
check "txt links as text" sh -c "! grep -q -e '\[intra' -e '(#)' -e '\[1\]' '$t/seed.txt'"
check "txt curly quotes" grep -q '“we’re not yet there.”' "$t/seed.txt"

# The same file copied to .md is Markdown; -f article overrides.
cp "$seed" "$t/seed.md"
"$QUIRE" "$t/seed.md" -t tree -o "$t/md.tree" || fail "md: exit $?"
check ".md is not read as article" sh -c "! grep -q '^meta title' '$t/md.tree'"
"$QUIRE" -f article "$t/seed.md" -t tree -o "$t/forced.tree" || fail "-f article: exit $?"
check "-f article on .md" cmp -s "$t/seed.tree" "$t/forced.tree"

# Standard input without Markdown block syntax is an article...
"$QUIRE" - -t tree < "$seed" > "$t/stdin.tree" || fail "stdin: exit $?"
check "stdin article" cmp -s "$t/seed.tree" "$t/stdin.tree"
# ... and with it, Markdown.
printf '# Title\n\nSome text.\n' | "$QUIRE" - -t tree > "$t/stdin-md.tree" || fail "stdin md: exit $?"
check "stdin markdown" sh -c "! grep -q '^meta title \"# Title\"' '$t/stdin-md.tree'"
printf 'Title\n\nSome text.\n' | "$QUIRE" - -t tree > "$t/stdin-art.tree" || fail "stdin art: exit $?"
check "stdin plain text is an article" grep -q '^meta title "Title"$' "$t/stdin-art.tree"

# Invalid UTF-8: one warning with line and column, output still written.
printf 'Title\n\nab\377\376 and\000x\n' > "$t/bad.txt"
"$QUIRE" "$t/bad.txt" -t tree -o "$t/bad.tree" 2> "$t/bad.err" || fail "bad utf-8: exit $?"
check "one warning" test "$(grep -c warning "$t/bad.err")" = 1
check "warning position" grep -q 'bad.txt:3:3: warning' "$t/bad.err"
check "replacement character" grep -q 'ab��' "$t/bad.tree"
"$QUIRE" --fail-on-warning "$t/bad.txt" -t tree -o "$t/bad2.tree" 2>/dev/null
check "--fail-on-warning exits 4" test $? = 4

# --no-smart keeps the typed punctuation.
"$QUIRE" --no-smart "$seed" -t tree -o "$t/nosmart.tree" || fail "no-smart: exit $?"
check "--no-smart" grep -q "^meta title \"Incremental progress but 'we're not yet there,' UN" "$t/nosmart.tree"
finish
