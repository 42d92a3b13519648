# Memory stays proportional to the input: a 20 MB document (the corpus,
# again and again) converts to every format under `ulimit -v` of 300 MB
# plus ten times the input. Skipped under ASan, whose shadow memory needs
# terabytes of address space.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

if sanitized; then
  echo "skipped: ulimit -v cannot apply to an ASan binary"; exit 77
fi
cat "$QUIRE_SRC"/tests/corpus/*.md > big.md
while [ "$(stat -c %s big.md)" -lt 20000000 ]; do cat big.md big.md > big2.md; mv big2.md big.md; done
cat "$QUIRE_SRC"/tests/corpus/*.txt > big.txt
while [ "$(stat -c %s big.txt)" -lt 20000000 ]; do cat big.txt big.txt > big2.txt; mv big2.txt big.txt; done

for input in big.md big.txt; do
  size_kb=$(( $(stat -c %s "$input") / 1024 ))
  limit_kb=$(( 300 * 1024 + 10 * size_kb ))
  for f in $formats; do
    hostile "$input to $f under ulimit -v ${limit_kb} KB" 0 '' "$input" "out.$f" \
      bash -c 'ulimit -v "$1" && shift && exec "$@"' - "$limit_kb" "$QUIRE" -q "$input" -t "$f" -o "out.$f"
    rm -f "out.$f"
  done
done

# Far too little memory: an error and exit 5, or (cmark-gfm aborts when
# its allocator fails) SIGABRT; never a partial output file.
hostile_oom() {
  local name=$1 input=$2 limit=$3 code
  cases=$((cases + 1))
  bash -c 'ulimit -v "$1" && shift && exec "$@"' - "$limit" "$QUIRE" -q "$input" -t txt -o oom.txt \
    >out.txt 2>err.txt
  code=$?
  if [ "$code" -eq 5 ] && grep -q 'out of memory' err.txt; then pass
  else fail "$name: exit $code, expected 5 with 'out of memory'"; head -5 err.txt >&2; fi
  if [ -e oom.txt ]; then fail "$name: output left behind"; else pass; fi
}
hostile_oom "20 MB in 60 MB of address space" big.md 60000

end_suite
