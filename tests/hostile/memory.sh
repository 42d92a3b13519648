# Memory stays proportional to the input: a 20 MB document (the corpus,
# again and again) converts to every format under `ulimit -v` of 300 MB
# plus ten times the input (thirty for Markdown, sixty for PDF). Skipped
# under ASan, whose shadow memory needs terabytes of address space.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

if sanitized; then
  echo "skipped: ulimit -v cannot apply to an ASan binary"; exit 77
fi
# The corpus again and again, cut to 20,000,000 bytes at the end of a
# line: the size (so the limits below) stays the same when a file joins
# the corpus (doubling to at least 20 MB gave 23.7 MB, then 24.6 MB).
big_input() {
  local out=$1; shift
  cat "$@" > "$out"
  while [ "$(stat -c %s "$out")" -lt 20000000 ]; do cat "$out" "$out" > big2; mv big2 "$out"; done
  head -c 20000000 "$out" | sed '$d' > big2
  mv big2 "$out"
}
big_input big.md "$QUIRE_SRC"/tests/corpus/*.md
big_input big.txt "$QUIRE_SRC"/tests/corpus/*.txt

for input in big.md big.txt; do
  size_kb=$(( $(stat -c %s "$input") / 1024 ))
  for f in $formats; do
    # The PDF writer keeps the whole typeset document (libharu builds
    # the file in memory): about 48 bytes per input byte, still linear.
    # Markdown: cmark-gfm's own parse of big.md peaks at 25 bytes per
    # byte (510 MB; quire's text formats 502 MB), so 30 there. (Until the
    # corpus gained code-highlight.md, big.md was mostly one code block:
    # code-blocks.md ends in an unclosed fence, which ran over every file
    # after it and cost a tenth of that.)
    factor=10
    [ "$input" = big.md ] && factor=30
    [ "$f" = pdf ] && factor=60
    limit_kb=$(( 300 * 1024 + factor * size_kb ))
    hostile "$input to $f under ulimit -v ${limit_kb} KB" 0 '' "$input" "out.$f" \
      bash -c 'ulimit -v "$1" && shift && exec "$@"' - "$limit_kb" "$QUIRE" -q "$input" -t "$f" -o "out.$f"
    rm -f "out.$f"
  done
done

# Too little memory, at many points of the conversion (reading, cmark's
# parse, the model, the writer): exit 5 with "out of memory", or success
# with the output, never a crash (cmark-gfm aborts when its allocator
# fails; quire's allocator for it escapes instead), never a partial file.
# The program's own mapping is the floor: the libraries alone take some
# 70 MB of address space (ICU's data, 30 MB, comes with boost's regular
# expressions, which source-highlight uses), measured as what a
# one-line document needs.
printf 'x\n' > one.md
floor=40000
while [ "$floor" -lt 400000 ] &&
  ! bash -c 'ulimit -v "$1" && shift && exec "$@"' - "$floor" "$QUIRE" -q one.md -t txt -o one.txt \
    >/dev/null 2>&1; do
  floor=$((floor + 5000))
done
for step in 0 10000 20000 30000 40000 50000 60000 70000 80000; do
  limit=$((floor + step))
  cases=$((cases + 1))
  rm -f oom.txt
  bash -c 'ulimit -v "$1" && shift && exec "$@"' - "$limit" "$QUIRE" -q big.md -t txt -o oom.txt \
    >out.txt 2>err.txt
  code=$?
  if [ "$code" -eq 5 ] && grep -q 'out of memory' err.txt && [ ! -e oom.txt ]; then pass
  elif [ "$code" -eq 0 ] && [ -s oom.txt ]; then pass
  else fail "big.md in ${limit} KB: exit $code"; head -3 err.txt >&2; fi
done

end_suite
