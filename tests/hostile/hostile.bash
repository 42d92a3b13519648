# Shared by the hostile suite (tests/hostile/*.sh). Sourced after lib.sh.
#
#   hostile NAME CODE STDERR INPUT OUTPUT COMMAND...
#
# runs COMMAND (usually "$QUIRE" ...) under a timeout and asserts, for the
# case NAME:
#   - the exit status is CODE (not a signal, not the timeout);
#   - stderr matches the extended regex STDERR (given as "" it must be
#     empty; as warnings-only, it may hold warnings and nothing else), and
#     holds no sanitizer report;
#   - INPUT (a file; "" for none) is unchanged;
#   - OUTPUT (a file; "" or "-" for none): exists and is not empty when
#     CODE is 0, does not exist otherwise (unless it existed before, and
#     then it is unchanged); no temporary file is left beside it.
# stdout goes to out.txt, stderr to err.txt.
cd "$QUIRE_TMP" || exit 1
cases=0
timeout_s=${QUIRE_HOSTILE_TIMEOUT:-300}

# Output formats of this build, one a line.
formats=$("$QUIRE" --list-formats | awk '/^Output formats/ { o = 1; next } o { print $1 }')
has_format() { printf '%s\n' "$formats" | grep -qx "$1"; }
# Whether the binary carries AddressSanitizer (ulimit -v and valgrind do
# not work with it).
sanitized() { ldd "$QUIRE" 2>/dev/null | grep -q 'libasan'; }

sum_of() { if [ -e "$1" ]; then cksum <"$1"; else echo absent; fi; }

hostile() {
  local name=$1 want=$2 pattern=$3 input=$4 output=$5; shift 5
  local in_before out_before got
  cases=$((cases + 1))
  in_before=$( [ -n "$input" ] && sum_of "$input")
  out_before=absent
  [ -n "$output" ] && [ "$output" != - ] && out_before=$(sum_of "$output")
  timeout -k 5 "$timeout_s" "$@" >out.txt 2>err.txt
  got=$?
  # An epub of a document without title or heading is named after its
  # file with this warning (as pandoc does); the cases are not about it.
  sed -i "/^quire: [^ ]*: warning: no title; using '.*' from the file name\$/d" err.txt
  if [ "$got" -eq 124 ] || [ "$got" -eq 137 ]; then
    fail "$name: timed out after ${timeout_s}s"
  elif [ "$got" -ne "$want" ]; then
    fail "$name: exit $got, expected $want"; head -c 2000 err.txt | sed 's/^/  stderr: /' >&2
  else pass; fi
  if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer' err.txt; then
    fail "$name: sanitizer report"; head -40 err.txt | sed 's/^/  stderr: /' >&2
  else pass; fi
  if [ -z "$pattern" ]; then
    if [ -s err.txt ]; then fail "$name: unexpected stderr"; head -c 2000 err.txt | sed 's/^/  stderr: /' >&2; else pass; fi
  elif [ "$pattern" = warnings-only ]; then
    if grep -vqE '^quire: ([^ ]*: )?warning: ' err.txt; then
      fail "$name: more than warnings on stderr"; grep -vE 'warning: ' err.txt | head -c 2000 >&2
    else pass; fi
  elif grep -qE -- "$pattern" err.txt; then pass; else
    fail "$name: stderr lacks /$pattern/"; head -c 2000 err.txt | sed 's/^/  stderr: /' >&2
  fi
  if [ -n "$input" ]; then
    if [ "$(sum_of "$input")" = "$in_before" ]; then pass; else fail "$name: input $input changed"; fi
  fi
  if [ -n "$output" ] && [ "$output" != - ]; then
    if [ "$want" -eq 0 ]; then
      if [ -s "$output" ]; then pass; else fail "$name: no output in $output"; fi
    elif [ "$(sum_of "$output")" = "$out_before" ]; then pass
    else fail "$name: output $output left behind or changed"; fi
    local dir
    dir=$(dirname "$output")
    if [ -d "$dir" ] && ls -A "$dir" | grep -q '^\.[^.].*\.[A-Za-z0-9]\{6\}$'; then
      fail "$name: temporary file left in $dir: $(ls -A "$dir" | grep '^\.' | head -3)"
    else pass; fi
  fi
}

# end_suite: prints the number of cases and finishes.
end_suite() {
  echo "$cases hostile cases"
  finish
}
