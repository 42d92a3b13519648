# Hostile inputs: front matter.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

rep() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

printf -- '---\ntitle: [unclosed\nauthor: : :\n---\nBody\n' > malformed.md
hostile "malformed YAML" 1 'malformed.md:3:7: invalid YAML front matter' \
  malformed.md malformed.txt "$QUIRE" malformed.md -o malformed.txt

# Each level doubles: expanded, 40 levels would be 2^40 strings.
{ printf -- '---\na0: &a0 [x, x]\n'
  for i in $(seq 1 40); do printf 'a%d: &a%d [*a%d, *a%d]\n' "$i" "$i" $((i - 1)) $((i - 1)); done
  printf 'title: *a40\n---\nBody\n'; } > bomb.md
hostile "YAML alias bomb" 1 'bomb.md:3:[0-9]+: invalid YAML front matter: aliases are not allowed' \
  bomb.md bomb.txt "$QUIRE" bomb.md -o bomb.txt

{ printf -- '---\ntitle: '; rep 'Long title ' 100000; printf '\nauthor: '; rep 'é' 100000
  printf '\n---\nBody\n'; } > long-title.md
hostile "very long title (1 MB)" 0 'long-title.md: warning: metadata too long: title cut to 1000 bytes \(and other values\)' \
  long-title.md long-title.tree "$QUIRE" long-title.md -o long-title.tree
check "long title: cut to 1000 bytes" \
  test "$(grep '^meta title' long-title.tree | wc -c)" -le 1020
check "long author: cut at a character boundary" sh -c "grep '^meta author' long-title.tree | iconv -f UTF-8 -t UTF-8 >/dev/null"
for f in $formats; do
  hostile "very long title to $f" 0 'metadata too long' long-title.md long-title.$f \
    "$QUIRE" long-title.md -t "$f" -o long-title.$f
done

{ printf -- '---\ntitle: '; rep '[' 100000; printf '\n---\nBody\n'; } > deep-yaml.md
hostile "YAML nested 100,000 deep" 1 'deep-yaml.md:2:[0-9]+: invalid YAML front matter: nesting deeper than' \
  deep-yaml.md deep-yaml.txt "$QUIRE" deep-yaml.md -o deep-yaml.txt

{ printf -- '---\nauthor:\n'; rep '  - Someone\n' 100000; printf -- '---\nBody\n'; } > many-authors.md
for f in $formats; do
  # A PDF's document information holds a shortened list (libharu's limit).
  want=''
  [ "$f" = pdf ] && want="^quire: many-authors.md: warning: the document's author list is 899998 characters"
  hostile "100,000 authors to $f" 0 "$want" many-authors.md many-authors.$f \
    "$QUIRE" many-authors.md -t "$f" -o many-authors.$f
done

end_suite
