# Out of memory at every point: a preloaded malloc (failmalloc.c) fails
# after N allocations, for every N up to what a conversion needs, in every
# format. Each run must end in exit 5 ("out of memory") or 3 (a file could
# not be opened for want of memory), with no output left; or succeed in
# full. Never a crash, never a partial file. Skipped under ASan (which owns
# malloc) and without a C compiler.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

if sanitized; then echo "skipped: ASan replaces malloc"; exit 77; fi
cc=$(command -v cc || command -v gcc || command -v clang) || { echo "skipped: no C compiler"; exit 77; }
"$cc" -shared -fPIC -O2 -o failmalloc.so "$QUIRE_SRC/tests/hostile/failmalloc.c" ||
  { echo "skipped: cannot build failmalloc.so"; exit 77; }

# The allocations made before main(): the static constructors of the C++
# libraries the highlighter links (source-highlight, boost), which end the
# program ("terminate called") when one fails. Counted as `quire
# --version` needs them; failures among them are known, and every count
# below is shifted by them.
load=0
while [ "$load" -lt 5000 ] &&
  ! FAIL_AFTER=$load LD_PRELOAD=$PWD/failmalloc.so "$QUIRE" --version >/dev/null 2>&1; do
  load=$((load + 1))
done
cp "$QUIRE_SRC/tests/corpus/links-images.md" doc.md
cp "$QUIRE_SRC/tests/corpus/article-urls.txt" doc.txt
for input in doc.md doc.txt; do
  for f in $formats; do
    n=0 ok=0 oom=0 aborted=0
    while :; do
      rm -f out.bin
      # In a subshell, so that the shell's own "Aborted" goes nowhere.
      ( FAIL_AFTER=$n LD_PRELOAD=$PWD/failmalloc.so timeout 20 "$QUIRE" -q "$input" -t "$f" \
          -o out.bin >/dev/null 2>err.txt; echo $? > code.txt ) 2>/dev/null
      code=$(cat code.txt)
      case $code in
        0) ok=1 ;;
        3|5) oom=$((oom + 1))
           if [ -e out.bin ]; then fail "$input to $f, malloc failing after $n: output left"; fi
           # An error line must be there, whatever failed.
           if ! grep -qvE '^quire: ([^ ]*: )?warning: ' err.txt; then
             fail "$input to $f, malloc failing after $n: exit $code with no error message"; fi ;;
        1) # Known: libhyphen (PDF hyphenation) prints "can't allocate"
           # and calls exit(1) when malloc fails.
           if [ "$f" = pdf ] && grep -q "^can't allocate" err.txt; then
             aborted=$((aborted + 1))
           else fail "$input to $f, malloc failing after $n: exit 1"; head -3 err.txt >&2; fi ;;
        134)
           # Known: cmark-gfm registers its extensions once, with its
           # own allocator, which aborts on failure. It is the first
           # Markdown read's first allocations; anywhere else is a bug.
           if [ "$input" = doc.md ] && [ "$n" -lt $((load + 60)) ] && grep -q '^\[cmark\]' err.txt; then
             aborted=$((aborted + 1))
           elif [ "$n" -lt "$load" ] && grep -q '^terminate called' err.txt; then
             aborted=$((aborted + 1))
           else fail "$input to $f, malloc failing after $n: abort"; head -3 err.txt >&2; fi ;;
        *) fail "$input to $f, malloc failing after $n: exit $code"; head -5 err.txt >&2 ;;
      esac
      [ "$ok" -eq 1 ] && break
      [ "$n" -gt 2000000 ] && { fail "$input to $f: still failing after 2000000 allocations"; break; }
      # Every point at first, then sparser: the PDF writer's fontconfig
      # alone makes some 60,000 allocations.
      if [ "$n" -lt 100 ]; then n=$((n + 1))
      elif [ "$f" = pdf ]; then n=$((n + 1 + n / 20))
      else n=$((n + 1 + n / 100)); fi
    done
    cases=$((cases + 1))
    pass
    echo "$input to $f: $oom failing runs ended cleanly; $aborted in libraries that abort or exit (cmark-gfm's registration, libhyphen); succeeds from $n allocations"
  done
done

end_suite
