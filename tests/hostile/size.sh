# Hostile inputs: sizes. A 100 MB single line, made here at test time, an
# empty file and a blank one, and input that never ends.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

: > empty.md
hostile "empty file" 0 'empty.md: warning: the input is empty' empty.md empty.tree \
  "$QUIRE" empty.md -o empty.tree
hostile "empty file, fatal" 4 'the input is empty' empty.md empty.txt \
  "$QUIRE" --fail-on-warning empty.md -o empty.txt
printf '  \n\t\n\r\n   \n' > blank.md
hostile "only white space" 0 'blank.md: warning: the input holds only white space' blank.md \
  blank.tree "$QUIRE" blank.md -o blank.tree
hostile "empty standard input" 0 'warning: the input is empty' "" "" \
  sh -c "'$QUIRE' - < /dev/null"

# 100 MB on one line: words, so that the text writer has to wrap them.
yes 'word' | head -c 100000000 | tr '\n' ' ' > line.md
hostile "100 MB single line" 0 '' line.md line.txt "$QUIRE" line.md -o line.txt
check "100 MB: wrapped to 72 columns" sh -c 'awk "length > 72 { bad = 1 } END { exit bad }" line.txt'
check "100 MB: every word kept" test "$(tr -s ' \n' '\n\n' < line.txt | grep -c word)" -eq 20000000
rm -f line.txt
# And as one word: nothing to wrap at.
head -c 100000000 /dev/zero | tr '\0' 'a' > word.md
hostile "100 MB single word" 0 '' word.md word.txt "$QUIRE" word.md -o word.txt
rm -f word.md word.txt line.md

hostile "named device as input" 3 '/dev/zero: cannot read input: it is a device' "" never.txt \
  "$QUIRE" /dev/zero -o never.txt
hostile "endless standard input" 1 '<stdin>: cannot read input: larger than 512 MB' "" never.txt \
  sh -c "'$QUIRE' - -o never.txt < /dev/zero"

end_suite
