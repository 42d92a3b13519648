# The command line: exit codes, messages, stdin/stdout, atomic output.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP"

# expect CODE DESCRIPTION COMMAND...: the command exits with CODE; its
# stderr is kept in err.txt and its stdout in out.txt.
expect() {
  local want=$1 what=$2; shift 2
  "$@" >out.txt 2>err.txt
  local got=$?
  if [ "$got" -eq "$want" ]; then pass; else
    fail "$what: exit $got, expected $want"; sed 's/^/  stderr: /' err.txt >&2
  fi
}
# stderr_has PATTERN DESCRIPTION
stderr_has() {
  if grep -qE -- "$1" err.txt; then pass; else
    fail "$2: stderr lacks /$1/"; sed 's/^/  stderr: /' err.txt >&2
  fi
}
no_stray_files() { # no temporary files left in the folder given
  if ls -A "$1" | grep -q '^\.[^.].*\.[A-Za-z0-9]\{6\}$'; then
    fail "temporary file left in $1: $(ls -A "$1")"; else pass; fi
}

printf '# Title\n\nSome *text* here.\n' > doc.md
printf 'Hello\n' > plain.md

expect 0 "--help" "$QUIRE" --help
check "--help lists exit codes" grep -q "Exit status" out.txt
check "--help documents -f auto" grep -q "auto" out.txt
expect 0 "--version" "$QUIRE" --version
check "--version prints the version" grep -qE '^quire [0-9]+\.[0-9]+' out.txt
expect 0 "--list-formats" "$QUIRE" --list-formats
check "formats listed" grep -q "tree" out.txt

expect 2 "unknown option" "$QUIRE" --no-such-option doc.md
expect 2 "no input" "$QUIRE"
stderr_has "no input file" "no input message"
expect 2 "unknown output format" "$QUIRE" -t nosuch doc.md
stderr_has "unknown output format 'nosuch'" "unknown format message"
expect 2 "unknown input format" "$QUIRE" -f nosuch doc.md
expect 2 "unguessable output extension" "$QUIRE" doc.md -o result.xyz
check "no file after usage error" test ! -e result.xyz
expect 2 "bad --columns" "$QUIRE" --columns abc doc.md
expect 2 "bad -M" "$QUIRE" -M novalue doc.md
SOURCE_DATE_EPOCH=yesterday expect 2 "bad SOURCE_DATE_EPOCH" "$QUIRE" doc.md
stderr_has "SOURCE_DATE_EPOCH" "SOURCE_DATE_EPOCH message"

expect 3 "missing input" "$QUIRE" missing.md -o missing.txt
stderr_has "^quire: missing.md: cannot read input: No such file or directory$" "missing input message"
check "no output for a missing input" test ! -e missing.txt
mkdir -p adir
expect 3 "input is a folder" "$QUIRE" adir
stderr_has "adir: cannot read input: Is a directory" "folder input message"
expect 3 "output is a folder" "$QUIRE" doc.md -t txt -o adir
stderr_has "adir: cannot write output: Is a directory" "folder output message"
expect 3 "output folder missing" "$QUIRE" doc.md -o nodir/out.txt
check "nothing created for a missing folder" test ! -e nodir
expect 3 "output to /dev/full" "$QUIRE" doc.md -t txt -o /dev/full
stderr_has "/dev/full: cannot write output: No space left on device" "/dev/full message"
check "/dev/full is still a device" test -c /dev/full
if [ "$(id -u)" -ne 0 ]; then
  mkdir -p ro && chmod 555 ro
  expect 3 "unwritable folder" "$QUIRE" doc.md -o ro/out.txt
fi

cp doc.md keep.md
expect 2 "output equal to input" "$QUIRE" doc.md -t txt -o doc.md
stderr_has "also an input" "output==input message"
check "input unchanged" cmp -s doc.md keep.md
ln -sf doc.md alias.md
expect 2 "output is the input through a link" "$QUIRE" doc.md -t txt -o alias.md
check "input unchanged through a link" cmp -s doc.md keep.md

# stdin and stdout
expect 0 "stdin to stdout" sh -c "'$QUIRE' -t tree - < doc.md"
check "stdin parsed" grep -q 'text "Title"' out.txt
expect 0 "stdout by '-o -'" "$QUIRE" doc.md -t tree -o -
check "stdout by -o -" grep -q 'heading' out.txt
expect 3 "stdin closed" sh -c "'$QUIRE' - <&-"
stderr_has "<stdin>: cannot read input" "closed stdin message"
expect 3 "stdout closed" sh -c "'$QUIRE' doc.md -t tree >&-"
stderr_has "<stdout>: cannot write output" "closed stdout message"

# Output: format from the extension, atomic replacement, permissions.
expect 0 "format from extension" "$QUIRE" doc.md -o result.tree
check "tree written" grep -q '^document$' result.tree
check "mode follows umask" test "$(stat -c %a result.tree)" = "$(printf '%o' $((0666 & ~$(umask))))"
no_stray_files .

# A failing run leaves an existing output untouched and no temporary file.
printf 'old contents\n' > existing.txt
printf 'bad \377 byte\n' > bad.md
expect 4 "--fail-on-warning" "$QUIRE" --fail-on-warning bad.md -o existing.txt
stderr_has "bad.md:1:5: warning: invalid UTF-8" "warning with line and column"
stderr_has "made fatal by --fail-on-warning" "fail-on-warning message"
check "existing output untouched" grep -qx "old contents" existing.txt
no_stray_files .
expect 0 "warning alone does not fail" "$QUIRE" bad.md -o existing.txt
check "output replaced on success" grep -q "bad" existing.txt
expect 0 "-q silences warnings" "$QUIRE" -q bad.md -t txt
check "-q: empty stderr" test ! -s err.txt

# Metadata and several inputs.
expect 0 "-M sets metadata" "$QUIRE" -M title=Override -M author=A -M author=B doc.md -t tree
check "-M title" grep -q '^meta title "Override"' out.txt
check "-M authors" test "$(grep -c '^meta author' out.txt)" -eq 2
expect 0 "several inputs" "$QUIRE" doc.md plain.md -t tree
check "both inputs read" sh -c 'grep -q "\"Title\"" out.txt && grep -q "\"Hello\"" out.txt'
expect 0 "-M title keeps the heading" "$QUIRE" --title-from-heading -M title=Given doc.md -t tree
check "-M title: heading stays in the body" grep -q '^  heading level=1' out.txt
expect 2 "stdin twice" sh -c "'$QUIRE' - - < doc.md"

finish
