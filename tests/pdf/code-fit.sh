# Code that fits the page (issue 17): 80 columns of code fit the measure
# on A4 and letter without wrapping, A5 keeps code at 7 pt or more; a
# longer line wraps with the mark at a space or punctuation; a block that
# fits on a page is not split when moving it leaves less than half a page
# blank, a longer one splits with two lines or more on each side; the
# diagram of Node's url.md stays whole, and the Node docs as one book have
# at most a tenth of the 1,701 continuation lines the issue counted.
. "$(dirname "$0")/../lib.sh"
mark='↪'
# marks PDF: the continuation marks pdftotext finds.
marks() { pdftotext "$1" - | grep -c "$mark"; }
# digits N: a word of N digits, 0123456789 repeated.
digits() { python3 -c "import sys; print(''.join(str(i % 10) for i in range(int(sys.argv[1]))))" "$1"; }
# size PDF WORD N: the point size of the mono word WORD of N characters,
# from its width (DejaVu Sans Mono: 0.602 em a column).
size() {
  pdftotext -bbox "$1" - | awk -v w="$2" -v n="$3" '
    index($0, ">" w "</word>") { split($0, a, "\""); printf "%.2f\n", (a[6] - a[2]) / n / 0.602; exit }'
}

# 80 columns: several lines of real code, 80 characters each.
python3 - "$QUIRE_TMP/eighty.md" <<'PY'
import sys
lines = [
    "const server = http.createServer((request, response) => { response.end('ok'); });",
    "    if (typeof options.signal !== 'undefined' && options.signal.aborted === true)",
    "// A comment that is exactly eighty columns long, as many style guides allow it.",
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678X",
]
lines = [l[:80].ljust(80, ";") for l in lines]
assert all(len(l) == 80 for l in lines)
open(sys.argv[1], "w").write("# Eighty\n\nText.\n\n```js\n" + "\n".join(lines) + "\n```\n")
open(sys.argv[1] + ".lines", "w").write("\n".join(lines) + "\n")
PY
for paper in a4 letter; do
  "$QUIRE" -q "$QUIRE_TMP/eighty.md" -o "$QUIRE_TMP/eighty-$paper.pdf" --paper "$paper" ||
    fail "eighty on $paper: exit $?"
  pdftotext -layout "$QUIRE_TMP/eighty-$paper.pdf" "$QUIRE_TMP/eighty-$paper.txt"
  check "80-column lines wrap on $paper ($(marks "$QUIRE_TMP/eighty-$paper.pdf") marks)" \
    test "$(marks "$QUIRE_TMP/eighty-$paper.pdf")" -eq 0
  whole=0
  while IFS= read -r line; do
    grep -qF -- "$line" "$QUIRE_TMP/eighty-$paper.txt" && whole=$((whole + 1))
  done < "$QUIRE_TMP/eighty.md.lines"
  check "80-column lines whole on $paper ($whole of 4)" test "$whole" -eq 4
done

# A5: 50 columns fit, at 7 pt or more; a longer line wraps, still at 7 pt.
fifty=$(digits 50)
printf '```\n%s\n%s %s\n```\n' "$fifty" "$(digits 30)" "$(digits 40)" > "$QUIRE_TMP/a5.md"
"$QUIRE" -q "$QUIRE_TMP/a5.md" -o "$QUIRE_TMP/a5.pdf" --paper a5 || fail "a5: exit $?"
pt=$(size "$QUIRE_TMP/a5.pdf" "$fifty" 50)
pt=${pt:-?}
check "code on a5 at $pt pt, not below 7" awk -v s="$pt" 'BEGIN { exit !(s >= 6.95) }'
check "50 columns on a5: one mark (the 71-column line)" test "$(marks "$QUIRE_TMP/a5.pdf")" -eq 1

# A 120-column line wraps once, after a space, the rest behind the mark;
# one without spaces after punctuation; a token longer than the line is
# cut where the line is full.
words="for (const entry of await readdir(directory, { withFileTypes: true, recursive: false }))"
words="$words entries.push(entry.name);"
calls="result=configuration.environment.variables.get(name).toString().trim().split(',').map((x)=>x.length).filter(Boolean);"
long=$(digits 120)
printf '```\n%s\n```\n\n```\n%s\n```\n\n```\n%s\n```\n' "$words" "$calls" "$long" > "$QUIRE_TMP/wrap.md"
"$QUIRE" -q "$QUIRE_TMP/wrap.md" -o "$QUIRE_TMP/wrap.pdf" || fail "wrap: exit $?"
pdftotext "$QUIRE_TMP/wrap.pdf" "$QUIRE_TMP/wrap.txt"
python3 - "$QUIRE_TMP/wrap.txt" "$words" "$calls" "$long" > "$QUIRE_TMP/wrap.out" <<'PY'
import sys
text = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l.strip()]
mark = "\u21aa"
for src in sys.argv[2:]:
    i = next((k for k, l in enumerate(text) if src.startswith(l) and len(l) > 20), None)
    if i is None or not text[i + 1].startswith(mark):
        print("not wrapped once:", src[:30]); continue
    head, rest = text[i], text[i + 1][1:].strip()
    if i + 2 < len(text) and text[i + 2].startswith(mark):
        print("wrapped twice:", src[:30]); continue
    head = head.rstrip()
    if src not in (head + rest, head + " " + rest):
        print("text lost:", src[:30]); continue
    print(f"ok [{head[-1]}] [{src[len(head)]}]")
PY
check "a 120-column line wraps after a space ($(sed -n 1p "$QUIRE_TMP/wrap.out"))" \
  grep -qx "ok \[[^ ]\] \[ \]" <(sed -n 1p "$QUIRE_TMP/wrap.out")
check "a line without spaces wraps at punctuation ($(sed -n 2p "$QUIRE_TMP/wrap.out"))" \
  grep -qE '^ok \[[],;:([{)}=&|+*/<>!?-]\] \[[^] .,;:(){}=]\]$|^ok \[[a-z)]\] \[\.\]$' <(sed -n 2p "$QUIRE_TMP/wrap.out")
check "a token longer than the line is cut ($(sed -n 3p "$QUIRE_TMP/wrap.out"))" \
  grep -q "^ok" <(sed -n 3p "$QUIRE_TMP/wrap.out")

# Page breaks. A 20-line block near the foot of page 1 moves whole to
# page 2; a 200-line block starts on page 1 and keeps two lines or more
# on each page.
python3 - "$QUIRE_TMP" <<'PY'
import sys
d = sys.argv[1]
para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor " \
       "incididunt ut labore et dolore magna aliqua. " * 3 + "\n"
def block(n, tag):
    return "```\n" + "\n".join(f"{tag} line {i + 1:03d} = compute(value_{i});" for i in range(n)) + "\n```\n"
open(d + "/keep.md", "w").write("\n".join(["# Keep\n"] + [para] * 6 + [block(20, "keep"), para]))
open(d + "/split.md", "w").write("\n".join(["# Split\n"] + [para] * 3 + [block(200, "long"), para]))
PY
"$QUIRE" -q "$QUIRE_TMP/keep.md" -o "$QUIRE_TMP/keep.pdf" || fail "keep: exit $?"
"$QUIRE" -q "$QUIRE_TMP/split.md" -o "$QUIRE_TMP/split.pdf" || fail "split: exit $?"
on1=$(pdftotext -f 1 -l 1 "$QUIRE_TMP/keep.pdf" - | grep -c 'keep line')
on2=$(pdftotext -f 2 -l 2 "$QUIRE_TMP/keep.pdf" - | grep -c 'keep line')
check "a 20-line block moves whole to page 2 ($on1 + $on2 lines)" test "$on1" -eq 0 -a "$on2" -eq 20
pages=$(pdfinfo "$QUIRE_TMP/split.pdf" | awk '/^Pages:/ { print $2 }')
counts=
for p in $(seq 1 "$pages"); do
  c=$(pdftotext -f "$p" -l "$p" "$QUIRE_TMP/split.pdf" - | grep -c 'long line')
  [ "$c" -gt 0 ] && counts="$counts $c"
done
check "a 200-line block starts on page 1 and splits 2+/2+ ($counts)" \
  awk -v c="$counts" -v one="$(pdftotext -f 1 -l 1 "$QUIRE_TMP/split.pdf" - | grep -c 'long line')" \
  'BEGIN { n = split(c, a, " "); s = 0; for (i = 1; i <= n; i++) { s += a[i]; if (a[i] < 2) exit 1 }
           exit !(n >= 2 && s == 200 && one >= 2) }'

# The Node.js docs: url.md's diagram, and all of them as one book.
api=/usr/share/doc/nodejs/api
if [ ! -d "$api" ]; then
  echo "skipped: nodejs-doc is not installed ($api)"
  finish
  exit
fi
mkdir -p "$QUIRE_TMP/node"
for f in "$api"/*.md "$api"/*.md.gz; do
  [ -e "$f" ] || continue
  case $f in
  *.gz) name=$(basename "$f" .gz); gzip -dc "$f" > "$QUIRE_TMP/node/$name" ;;
  *) cp "$f" "$QUIRE_TMP/node/" ;;
  esac
done
if [ -e "$QUIRE_TMP/node/url.md" ]; then
  "$QUIRE" -q "$QUIRE_TMP/node/url.md" -o "$QUIRE_TMP/url.pdf" || fail "url.md: exit $?"
  in_diagram=$(pdftotext -layout -l 3 "$QUIRE_TMP/url.pdf" - |
    awk '/┌/ { on = 1 } on && /↪/ { n++ } /└/ { on = 0 } END { print n + 0 }')
  rows=$(pdftotext -layout -l 3 "$QUIRE_TMP/url.pdf" - | awk '/┌/, /└/' | wc -l)
  check "url.md's diagram whole ($rows lines of 17, $in_diagram marks)" \
    test "$in_diagram" -eq 0 -a "$rows" -eq 17
fi
"$QUIRE" -q "$QUIRE_TMP"/node/*.md -o "$QUIRE_TMP/node.pdf" || fail "node book: exit $?"
n=$(marks "$QUIRE_TMP/node.pdf")
check "the Node docs book has $n continuation lines, at most 170" test "$n" -le 170
finish
