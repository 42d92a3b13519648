# GitHub's emoji shortcodes: ":tada:" becomes U+1F389 in Markdown text and
# nowhere else (code, URLs, escapes, times stay as typed); the table is the
# generator's output from the packaged list; --no-emoji-shortcodes and the
# library option keep the text.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1

txt() { "$QUIRE" -f markdown -t txt "$@" -; }
expect() { # WHAT INPUT EXPECTED [OPTIONS...]
  local what=$1 input=$2 want=$3 got; shift 3
  got=$(printf '%s\n' "$input" | txt "$@")
  if [ "$got" = "$want" ]; then pass; else fail "$what: got '$got', want '$want'"; fi
}
expect "shortcode" 'Party :tada: now' 'Party 🎉 now'
expect "plus and digits" ':+1: :100: :-1:' '👍 💯 👎'
expect "two in a row" ':tada::tada:' '🎉🎉'
expect "variation selector kept" ':relaxed:' $'\u263a\ufe0f'
expect "in emphasis and links" '*:rocket:* [:cat:](u)' $'_🚀_ 🐱 [1]\n\n--------------------\n\n[1] u'
expect "code span untouched" '`:tada:`' '`:tada:`'
expect "escaped colon untouched" '\:tada:' ':tada:'
expect "unknown name untouched" ':no_such_emoji: :TADA:' ':no_such_emoji: :TADA:'
expect "after a word: a time, not an emoji" '10:100:5 a:tada:' '10:100:5 a:tada:'
expect "not closed" ':tada' ':tada'
expect "URL keeps its colons" '<https://x.org/:tada:>' 'https://x.org/:tada:'
expect "option off" 'Party :tada: now' 'Party :tada: now' --no-emoji-shortcodes
got=$(printf '```\n:tada:\n```\n' | txt)
check "code block untouched" grep -qx '    :tada:' <<< "$got"
got=$(printf 'x :tada: y\n' | "$QUIRE" -f markdown -t tree -)
check "one text node, line and column kept" grep -qx '    text "x 🎉 y"' <<< "$got"
got=$(printf 'Title\n=====\n\nx :tada: y\n' | "$QUIRE" -f markdown -t html - | grep -c '🎉')
check "html writes the character" test "$got" = 1

# The committed table is what the generator makes of the packaged list.
list=/usr/share/gocode/src/github.com/yuin/goldmark-emoji/definition/github.go
gen=$QUIRE_SRC/src/read/markdown/emoji-gen.py
if [ -r "$list" ]; then
  python3 "$gen" "$list" > table.h
  check "emoji-table.h is emoji-gen.py's output" cmp -s table.h "$QUIRE_SRC/src/read/markdown/emoji-table.h"
  n=$(grep -c '^	{"' table.h)
  check "the table has GitHub's ~1,700 names ($n)" test "$n" -gt 1500
else
  echo "note: $list missing (golang-github-yuin-goldmark-emoji-dev): table not regenerated"
fi
finish
