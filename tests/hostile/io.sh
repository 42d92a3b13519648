# Hostile conditions around input and output (the plain cases, like
# output to /dev/full or stdout closed, are in tests/cli/cli.sh).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

printf '# Title\n\nSome *text* here.\n' > doc.md
awk 'BEGIN { for (i = 0; i < 200000; i++) print "Line " i " of a long document.\n" }' > big.md

# stdout a pipe whose reader has gone: EPIPE is an I/O error, with a
# message, not a death by SIGPIPE.
hostile "stdout a closed pipe" 3 '<stdout>: cannot write output: Broken pipe' big.md "" \
  bash -c 'set -o pipefail; "$0" "$@" | head -c 0' "$QUIRE" big.md -t txt
hostile "stdout a closed pipe, tree" 3 '<stdout>: cannot write output: Broken pipe' big.md "" \
  bash -c 'set -o pipefail; "$0" "$@" | head -c 0' "$QUIRE" big.md -t tree
hostile "stdin closed, as a second input" 3 '<stdin>: cannot read input' doc.md out1.txt \
  sh -c "'$QUIRE' doc.md - -o out1.txt <&-"
hostile "stdin a folder" 3 '<stdin>: cannot read input: Is a directory' "" out2.txt \
  sh -c "'$QUIRE' - -o out2.txt < ."

cp doc.md keep.md
hostile "output equal to input, spelt ./doc.md" 2 "output './doc.md' is also an input" doc.md "" \
  "$QUIRE" doc.md -t txt -o ./doc.md
ln -f doc.md hard.md
hostile "output a hard link to the input" 2 "output 'hard.md' is also an input" doc.md "" \
  "$QUIRE" doc.md -t txt -o hard.md
hostile "output equal to the second input" 2 "output 'doc.md' is also an input" keep.md "" \
  "$QUIRE" keep.md doc.md -t txt -o doc.md
check "inputs unchanged" cmp -s doc.md keep.md

# Tests run as root, so an unwritable folder is made with a file where
# a folder should be.
printf 'x\n' > file.txt
hostile "output under a file" 3 'file.txt/out.txt: cannot write output: Not a directory' \
  doc.md file.txt/out.txt "$QUIRE" doc.md -o file.txt/out.txt
if [ "$(id -u)" -ne 0 ]; then
  mkdir -p ro && chmod 555 ro
  hostile "unwritable folder" 3 'ro/out.txt: cannot write output: Permission denied' \
    doc.md ro/out.txt "$QUIRE" doc.md -o ro/out.txt
else
  echo "unwritable folder: running as root, covered by 'output under a file'"
fi
hostile "output to /dev/full, tree" 3 '/dev/full: cannot write output: No space left on device' \
  doc.md "" "$QUIRE" doc.md -t tree -o /dev/full
# Every format, to a full device and to a folder: an I/O error that names
# the file, and the device or folder left as it was.
mkdir -p folder.out
for f in $formats; do
  hostile "output to /dev/full ($f)" 3 '/dev/full: cannot write output: No space left on device' \
    doc.md "" "$QUIRE" doc.md -t "$f" -o /dev/full
  hostile "output to a folder ($f)" 3 'folder.out: cannot write output: Is a directory' \
    doc.md "" "$QUIRE" doc.md -t "$f" -o folder.out
done
check "the folder is still empty" test -z "$(ls -A folder.out)"
# A warning per image, 5,000 times: the first 100 are shown, then a count.
# A heading, so that the epub has a title and no file-name warning.
{ printf '# Flood\n\n'; awk 'BEGIN { for (i = 0; i < 5000; i++) printf "![a](missing%d.png) ", i }'; } > flood.md
for f in $formats; do
  hostile "5,000 warnings ($f)" 0 warnings-only flood.md "flood.$f" \
    "$QUIRE" flood.md -t "$f" -o "flood.$f"
  check "5,000 warnings ($f): at most 101 lines" test "$(wc -l < err.txt)" -le 101
  case $f in epub|html)
    check "5,000 warnings ($f): the rest counted" grep -q 'warning: 4900 more warnings not shown' err.txt ;;
  esac
done
mkfifo fifo
hostile "output a FIFO nobody reads" 3 'fifo: cannot write output: nothing reads this FIFO' \
  doc.md "" "$QUIRE" doc.md -t txt -o fifo
check "the FIFO is still a FIFO" test -p fifo

# --fail-on-warning to standard output or a FIFO writes nothing when it
# fails: the output is held until the run is known to succeed.
printf '# Title\n\nA bad \377 byte.\n' > warns.md
for f in $formats; do
  hostile "--fail-on-warning to stdout ($f)" 4 'no output written' warns.md "" \
    "$QUIRE" --fail-on-warning warns.md -t "$f"
  check "--fail-on-warning to stdout ($f): nothing written" test ! -s out.txt
  hostile "--fail-on-warning to stdout, no warning ($f)" 0 '' doc.md "" \
    "$QUIRE" --fail-on-warning doc.md -t "$f"
  check "--fail-on-warning to stdout, no warning ($f): written" test -s out.txt
done
hostile "--fail-on-warning to stdout, closed pipe" 3 '<stdout>: cannot write output: Broken pipe' \
  big.md "" bash -c 'set -o pipefail; "$0" "$@" | head -c 0' "$QUIRE" --fail-on-warning big.md -t txt
# The FIFO is held open for reading here (read-write, so that opening it
# does not wait for a writer), and what it holds is read after the run.
mkfifo fifo2
exec 3<>fifo2
hostile "--fail-on-warning to a FIFO" 4 'no output written' warns.md "" \
  "$QUIRE" --fail-on-warning warns.md -t txt -o fifo2
timeout 1 cat <&3 > from-fifo.txt
exec 3<&-
check "--fail-on-warning to a FIFO: nothing written" test ! -s from-fifo.txt

end_suite
