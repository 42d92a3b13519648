# The README's examples: every ```sh tested block runs against the built
# quire and must exit 0. The rule is stated in README.md, "Keeping this
# README true": blocks run in order, each by bash -e -o pipefail, in one
# scratch folder; "sh tested needs=pdf,epub" runs only when the build has
# those output formats.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1

# The inputs the README's examples name.
corpus=$QUIRE_SRC/tests/corpus
cp "$corpus/lists-nested.md" notes.md
cp "$corpus/emphasis.md" draft.md
cp "$corpus/headings.md" a.md
cp "$corpus/tables.md" b.md
cp "$QUIRE_SRC/samples/un-syria-talks-2017.txt" article.txt
mkdir chapters
cp "$corpus/footnotes.md" chapters/01-notes.md
cp "$corpus/code-blocks.md" chapters/02-code.md
cp "$corpus/unicode.md" chapters/03-unicode.md

mkdir -p .bin
ln -sf "$QUIRE" .bin/quire
formats=$("$QUIRE" --list-formats | sed -n '/^Output formats:/,$p' | awk 'NR > 1 {print $1}')

# Split the README into blocks: block-N.sh, and block-N.needs.
awk -v dir="$QUIRE_TMP" '
  /^```sh tested( needs=[a-z0-9,]+)?[ \t]*$/ {
    n++; inside = 1
    file = sprintf("%s/block-%02d.sh", dir, n)
    printf "" > file
    needs = ""
    if (match($0, /needs=[a-z0-9,]+/)) needs = substr($0, RSTART + 6, RLENGTH - 6)
    print needs > sprintf("%s/block-%02d.needs", dir, n)
    next
  }
  inside && /^```[ \t]*$/ { inside = 0; next }
  inside { print >> file }
' "$QUIRE_SRC/README.md"

ran=0
for block in block-*.sh; do
  [ -e "$block" ] || break
  needs=$(cat "${block%.sh}.needs")
  missing=
  for f in ${needs//,/ }; do
    grep -qx "$f" <<< "$formats" || missing="$missing $f"
  done
  if [ -n "$missing" ]; then
    echo "skip $block: no$missing writer in this build"
    continue
  fi
  if PATH=$QUIRE_TMP/.bin:$PATH bash -e -o pipefail "$block" > "${block%.sh}.out" 2>&1; then
    pass
  else
    fail "README block $block exited $?:"
    sed 's/^/  | /' "$block" >&2
    sed 's/^/  > /' "${block%.sh}.out" >&2
  fi
  ran=$((ran + 1))
done
check "the README has tested blocks (ran $ran)" test "$ran" -ge 3

# The article-text section is src/read/article/FORMAT.md, headings two
# levels down.
format_md=$QUIRE_SRC/src/read/article/FORMAT.md
if [ -e "$format_md" ]; then
  awk '/^```/ {fence = !fence} !fence && /^#+ / {$0 = "##" $0} {print}' "$format_md" > format.expected
  awk '/^### Article text/ {on = 1} /^### / && !/^### Article text/ {on = 0} on {print}' \
    "$QUIRE_SRC/README.md" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' > format.actual
  if cmp -s format.expected format.actual; then pass; else
    fail "README's article section differs from src/read/article/FORMAT.md:"
    diff -u format.expected format.actual | head -20 >&2
  fi
fi
finish
