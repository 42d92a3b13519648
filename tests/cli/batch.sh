# Batch mode: --output-dir converts each input on its own, -j N in
# parallel, with the same bytes as one-at-a-time runs.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1

# 50 inputs: the corpus, round and round, under distinct names.
mkdir in
corpus=("$QUIRE_SRC"/tests/corpus/*.md)
for i in $(seq -w 1 50); do
  src=${corpus[$((10#$i % ${#corpus[@]}))]}
  cp "$src" "in/f$i.md"
done

# Every output format on this build that batch mode can be compared in;
# binary formats need SOURCE_DATE_EPOCH (set by lib.sh) to be repeatable.
formats=$("$QUIRE" --list-formats | sed -n '/^Output formats:/,$p' | awk 'NR > 1 {print $1}')
for fmt in $formats; do
  ext=$("$QUIRE" --list-formats | awk -v f="$fmt" '$1 == f {print}' | sed 's/.*(\.\([^,)]*\).*/\1/')
  "$QUIRE" -q -j 4 --output-dir "par-$fmt" -t "$fmt" in/*.md 2> err.txt
  check "$fmt: -j 4 batch exits 0" test $? -eq 0
  check "$fmt: no stderr with -q" test ! -s err.txt
  mkdir -p "ser-$fmt"
  for f in in/*.md; do
    stem=$(basename "$f" .md)
    "$QUIRE" -q -t "$fmt" "$f" -o "ser-$fmt/$stem.$ext" || fail "$fmt: serial $f"
  done
  n=$(ls "par-$fmt" | wc -l)
  check "$fmt: 50 outputs (got $n)" test "$n" -eq 50
  same=0
  for f in ser-$fmt/*; do
    if cmp -s "$f" "par-$fmt/$(basename "$f")"; then same=$((same + 1)); else
      fail "$fmt: $(basename "$f") differs between -j 4 and a serial run"; fi
  done
  check "$fmt: all 50 identical" test "$same" -eq 50
done

# A failing file does not stop the others; the exit code is the highest.
printf -- '---\ntitle: [unclosed\n---\n' > bad.md
printf '# Fine\n' > good.md
"$QUIRE" -j 2 --output-dir mixed -t tree good.md bad.md missing.md 2> err.txt
check "highest exit code (3, missing input)" test $? -eq 3
check "the good file was converted" test -s mixed/good.tree
check "no output for the bad file" test ! -e mixed/bad.tree
check "one line per file when stderr is not a terminal" grep -qx 'quire: good.md -> mixed/good.tree' err.txt
check "failure line" grep -qx 'quire: bad.md: failed (exit 1)' err.txt
check "summary line" grep -qx 'quire: 2 of 3 files failed' err.txt
check "every stderr line is whole" test "$(grep -vc '^quire: ' err.txt)" -eq 0
"$QUIRE" --output-dir mixed2 -t tree good.md bad.md 2> err.txt
check "bad input alone: exit 1" test $? -eq 1
printf 'ok\nab\377c\n' > warns.md
"$QUIRE" --fail-on-warning --output-dir w -t tree good.md warns.md 2> err.txt
check "--fail-on-warning: exit 4" test $? -eq 4
check "--fail-on-warning is per file" test -s w/good.tree -a ! -e w/warns.tree
check "--fail-on-warning message names the file" grep -q '^quire: warns.md: 1 warning made fatal' err.txt

# Parallel messages never interleave mid-line.
for i in $(seq 1 20); do printf 'ok\nab\377c\n' > "w$i.md"; done
"$QUIRE" -j 4 --output-dir warn -t tree w*.md 2> err.txt
check "warnings are not fatal" test $? -eq 0
check "20 whole warning lines" test "$(grep -c '^quire: w[0-9]*\.md:2:3: warning: invalid UTF-8' err.txt)" -eq 20
check "no broken lines" test "$(grep -vc '^quire: ' err.txt)" -eq 0

# On a terminal: a progress line instead of one line a file. script(1)
# gives quire a terminal.
if command -v script > /dev/null; then
  script -qec "'$QUIRE' -j 2 --output-dir tty -t tree good.md bad.md in/f01.md" /dev/null \
    > tty.txt 2>&1
  check "terminal: exit code still the highest" test $? -eq 1
  check "terminal: final progress line" grep -q 'quire: 3 done, 0 left, 1 failed' tty.txt
  check "terminal: no per-file lines" sh -c "! grep -q -- '->' tty.txt"
  check "terminal: the error message is still shown" grep -q 'bad.md:.*invalid YAML' tty.txt
fi

# Usage errors.
"$QUIRE" -j 2 good.md -t tree > /dev/null 2> err.txt
check "-j without --output-dir: exit 2" test $? -eq 2
"$QUIRE" --output-dir x -o y.txt good.md 2> err.txt
check "-o with --output-dir: exit 2" test $? -eq 2
"$QUIRE" --output-dir x - < good.md 2> err.txt
check "stdin in batch mode: exit 2" test $? -eq 2
cp good.md good.txt
"$QUIRE" --output-dir x -t tree good.md good.txt 2> err.txt
check "two inputs, one output name: exit 2" test $? -eq 2
check "collision message" grep -q "would both be written to 'x/good.tree'" err.txt
check "nothing written after a usage error" test ! -e x
"$QUIRE" -j 0 --output-dir x good.md 2> err.txt
check "-j 0: exit 2" test $? -eq 2
printf 'x\n' > self.txt
"$QUIRE" --output-dir . -t txt self.txt 2> err.txt
check "output equal to an input: exit 2" test $? -eq 2
check "input kept" test "$(cat self.txt)" = x
: > file
"$QUIRE" --output-dir file/sub -t tree good.md 2> err.txt
check "output folder cannot be made: exit 3" test $? -eq 3

# Nested output folders are created; default format txt.
"$QUIRE" -q --output-dir deep/er/out good.md
check "nested folder made, .txt by default" test -s deep/er/out/good.txt

finish
