# Golden tests: every tests/corpus/NAME.EXT is converted to each format F
# for which tests/golden/NAME.EXT.F exists, and must match it byte for byte.
# Every corpus file must have at least a .tree golden. HTML goldens are
# kept for a few files only (code-highlight.md: the highlighted spans and
# the theme's rules); one more is added with
#   build/check/quire -q tests/corpus/NAME.md -t html -o tests/golden/NAME.md.html
# QUIRE_UPDATE_GOLDEN=1 rewrites the goldens instead, the HTML ones that
# exist (then review the diff):
#   QUIRE_UPDATE_GOLDEN=1 ctest --test-dir build/check -R '^golden'
. "$(dirname "$0")/../lib.sh"
corpus=$QUIRE_SRC/tests/corpus
golden=$QUIRE_SRC/tests/golden
for input in "$corpus"/*.md "$corpus"/*.txt; do
  [ -e "$input" ] || continue
  name=$(basename "$input")
  for fmt in tree txt man html; do
    expected=$golden/$name.$fmt
    if [ "${QUIRE_UPDATE_GOLDEN:-0}" = 1 ]; then
      [ "$fmt" = html ] && [ ! -e "$expected" ] && continue
      "$QUIRE" -q "$input" -t "$fmt" -o "$expected" || fail "$name -> $fmt: exit $?"
      continue
    fi
    if [ ! -e "$expected" ]; then
      [ "$fmt" = tree ] && fail "$name has no golden $name.tree"
      continue
    fi
    actual=$QUIRE_TMP/$name.$fmt
    if ! "$QUIRE" -q "$input" -t "$fmt" -o "$actual"; then
      fail "$name -> $fmt: quire exited $?"
      continue
    fi
    if cmp -s "$expected" "$actual"; then pass; else
      fail "$name -> $fmt differs from golden:"
      diff -u "$expected" "$actual" | head -40 >&2
    fi
  done
done
finish
