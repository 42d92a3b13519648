# Golden tests: every tests/corpus/NAME.EXT is converted to each format F
# for which tests/golden/NAME.EXT.F exists, and must match it byte for byte.
# Every corpus file must have at least a .tree golden.
# QUIRE_UPDATE_GOLDEN=1 rewrites the goldens instead (then review the diff).
. "$(dirname "$0")/../lib.sh"
corpus=$QUIRE_SRC/tests/corpus
golden=$QUIRE_SRC/tests/golden
for input in "$corpus"/*.md "$corpus"/*.txt; do
  [ -e "$input" ] || continue
  name=$(basename "$input")
  for fmt in tree txt man; do
    expected=$golden/$name.$fmt
    if [ "${QUIRE_UPDATE_GOLDEN:-0}" = 1 ]; then
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
