# Hostile strings in messages: a document, or a file name, that holds
# terminal control sequences must not reach the terminal raw. Every
# message shows C0 controls and DEL as \xNN, C1 controls (U+0080-U+009F)
# as \u00NN and bytes that are not UTF-8 as \xNN, for every writer and
# for reader warnings. And an unknown option is reported by quire's name,
# not by the path of the program.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

esc=$(printf '\033')
bel=$(printf '\007')
c1=$(printf '\302\233') # U+009B, CSI in one character
bad=$(printf '\377\376') # not UTF-8

# raw_free FILE: FILE holds no C0 control but newline, no DEL, no C1
# control and nothing that is not UTF-8.
raw_free() {
  ! LC_ALL=C grep -aqP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1" &&
    iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1
}
# clean NAME: the last case's stderr is free of raw controls.
clean() {
  if raw_free err.txt; then pass; else
    fail "$1: raw control bytes on stderr"; od -c err.txt | head -8 | sed 's/^/  stderr: /' >&2
  fi
}

printf '![x](a%s[31mRED%s]0;pwned%s.png)\n\n![y](b%s[2J.png)\n' "$esc" "$esc" "$bel" "$c1" > e.md
want='a\\x1b\[31mRED\\x1b\]0;pwned\\x07\.png.*'
for fmt in pdf epub html txt man; do
  has_format "$fmt" || continue
  # txt and man draw no images, so they may say nothing; nothing raw.
  pattern=$want
  case $fmt in txt|man) pattern='' ;; esac
  hostile "image path with escapes ($fmt)" 0 "$pattern" e.md "e.$fmt" "$QUIRE" e.md -o "e.$fmt"
  clean "image path with escapes ($fmt)"
  if [ -n "$pattern" ]; then
    if grep -q 'b\\u009b\[2J\.png' err.txt; then pass; else fail "C1 shown as \\u009b ($fmt)"; fi
  fi
done

if has_format epub; then
  printf '[x](<a%s[2Jb>)\n' "$esc" > link.md
  hostile "link target with escapes (epub)" 0 "link to 'a\\\\x1b\[2Jb' is not part of the book" \
    link.md link.epub "$QUIRE" link.md -o link.epub
  clean "link target with escapes (epub)"
fi

# Reader warnings: a metadata key is the document's.
{
  printf -- '---\n"k\\e]0;t\\a": "'
  head -c 70000 /dev/zero | tr '\0' 'x'
  printf '"\n---\n\nText.\n'
} > meta.md
for fmt in txt man; do
  has_format "$fmt" || continue
  hostile "metadata key with escapes ($fmt)" 0 'metadata too long: k\\x1b\]0;t\\x07 cut' \
    meta.md "meta.$fmt" "$QUIRE" meta.md -o "meta.$fmt"
  clean "metadata key with escapes ($fmt)"
done

# File names: with escapes, with C1, and not UTF-8.
names=("n${esc}[31m.md" "n${c1}.md" "n${bad}.md")
shown=('n\\x1b\[31m\.md' 'n\\u009b\.md' 'n\\xff\\xfe\.md')
mkdir -p batch
for i in 0 1 2; do
  name=${names[$i]} s=${shown[$i]}
  printf '![x](missing.png)\n' > "$name"
  for fmt in pdf epub; do
    has_format "$fmt" || continue
    hostile "file name $s ($fmt)" 0 "^quire: $s:1:1: warning: image 'missing\.png'" \
      "$name" "n.$fmt" "$QUIRE" "$name" -o "n.$fmt"
    clean "file name $s ($fmt)"
  done
  hostile "file name $s, missing" 3 "^quire: x$s: cannot read input" "" "" "$QUIRE" "x$name"
  clean "file name $s, missing"
  hostile "file name $s, batch" 0 "^quire: $s -> batch/" "$name" "" \
    "$QUIRE" --output-dir batch -t txt "$name"
  clean "file name $s, batch"
  hostile "file name $s, usage" 2 "^quire: output '$s' is also an input" "$name" "" \
    "$QUIRE" "$name" -t txt -o "$name"
  clean "file name $s, usage"
done
hostile "format name with escapes" 2 "unknown output format '\\\\x1b\[2J'" "" "" \
  "$QUIRE" -t "${esc}[2J" e.md
clean "format name with escapes"

# Options getopt refuses are named as quire's, with exit status 2.
for args in "--no-such-option" "-Z" "--output" "-o" "--help=yes" "--to" "-j"; do
  hostile "bad option $args" 2 "^quire: " "" "" "$QUIRE" e.md $args
  if grep -qF -- "$QUIRE" err.txt || grep -vq -e '^quire: ' -e "^Try 'quire --help'" err.txt; then
    fail "bad option $args: message not by quire's name"; sed 's/^/  stderr: /' err.txt >&2
  else pass; fi
  if grep -qF -- "'${args%%=*}'" err.txt; then pass; else
    fail "bad option $args: option not named"; sed 's/^/  stderr: /' err.txt >&2
  fi
done

# Image warnings name FILE:LINE:COL, the column of the image's '!' in its
# source line (on a paragraph's indented continuation line too, where
# cmark counts without the indent), in every writer that loads images.
printf '# T\n\nSee ![a](gone-a.png) here,\n    and ![b](gone-b.png).\n\n> > ![c](gone-c.png)\n' > col.md
for fmt in pdf epub html; do
  has_format "$fmt" || continue
  hostile "image warning columns ($fmt)" 0 "^quire: col\.md:3:5: warning: image 'gone-a\.png'" \
    col.md "col.$fmt" "$QUIRE" col.md -o "col.$fmt"
  for want in "col.md:4:9: warning: image 'gone-b.png'" "col.md:6:5: warning: image 'gone-c.png'"; do
    if grep -qF "quire: $want" err.txt; then pass; else
      fail "image warning columns ($fmt): no '$want'"; sed 's/^/  stderr: /' err.txt >&2
    fi
  done
done

end_suite
