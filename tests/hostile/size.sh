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

# Over the 512 MB cap. A regular file (named, or redirected to standard
# input) is refused from its size, before it is read: a sparse one costs
# nothing to make, and quire's peak memory stays at its baseline (about
# 5 MB; 620 MB when the file was read first). A pipe has no size: up to
# the cap is held, never more (doubling the buffer past it cost 1 GB).
too_large='cannot read input: larger than 512 MB'
# "${measure[@]}" FILE COMMAND...: runs COMMAND, its peak memory (KB) into FILE.
if [ -x /usr/bin/time ]; then measure=(/usr/bin/time -f %M -o)
else measure=(sh -c 'shift; exec "$@"' sh); fi
truncate -s 600M sparse.md
hostile "600 MB sparse file" 1 "sparse\.md: $too_large" sparse.md never.txt \
  "${measure[@]}" peak-file.txt "$QUIRE" sparse.md -o never.txt
hostile "600 MB file as standard input" 1 "<stdin>: $too_large" sparse.md never.txt \
  "${measure[@]}" peak-redirect.txt "$QUIRE" - -o never.txt < sparse.md
rm -f sparse.md
hostile "600 MB pipe" 1 "<stdin>: $too_large" "" never.txt \
  "${measure[@]}" peak-pipe.txt "$QUIRE" - -o never.txt < <(head -c 600M /dev/zero)
hostile "endless standard input" 1 "<stdin>: $too_large" "" never.txt \
  "${measure[@]}" peak-endless.txt "$QUIRE" - -o never.txt < /dev/zero
# AddressSanitizer's shadow memory would blur the figures.
if [ -x /usr/bin/time ] && ! sanitized; then
  for run in file:100000 redirect:100000 pipe:560000 endless:560000; do
    peak=$(tail -1 "peak-${run%%:*}.txt")
    check "over the cap (${run%%:*}): peak memory $peak KB, at most ${run#*:} KB" \
      test "$peak" -le "${run#*:}"
  done
fi

end_suite
