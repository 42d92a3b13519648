# Paragraphs far longer than PARA_PIECE (16,384 characters) are broken
# into lines a piece at a time, each piece's last line set again with the
# next. What a reader sees must not show the joins: every word is there
# in order (pdftotext), and every line of a justified paragraph but its
# last reaches the right margin, as when a paragraph is set whole; the
# same for one word of 100,000 letters, broken anywhere.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP

python3 - "$T" <<'EOF_PY'
import sys
out = sys.argv[1]
vocab = ['the', 'quick', 'typesetting', 'of', 'paragraphs', 'is', 'an', 'old',
         'craft', 'whose', 'rules', 'were', 'written', 'down', 'by', 'Knuth',
         'and', 'Plass', 'in', 'nineteen', 'eighty-one', 'with', 'care']
words = [vocab[(i * 7 + i // 5) % len(vocab)] for i in range(60000)]
open(out + '/long.md', 'w').write(' '.join(words) + '\n')
open(out + '/long.words', 'w').write('\n'.join(words) + '\n')
open(out + '/word.md', 'w').write('a' * 100000 + '\n')
EOF_PY

# lines_full PDF: every text line but the document's last ends within 2%
# of the rightmost line end (the text area's right edge; a line of one
# word's letters, which cannot stretch, may fall short by a letter);
# prints the offenders.
lines_full() {
  pdftotext -bbox "$1" - | python3 -c '
import re, sys
lines, page = [], 0
for row in sys.stdin:
    if row.lstrip().startswith("<page"):
        page += 1
    m = re.search(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\"[^>]*>([^<]*)<", row)
    if m and not m.group(4).isdigit():  # page numbers stand alone
        key = (page, round(float(m.group(2))))
        if lines and lines[-1][0] == key:
            lines[-1][1] = max(lines[-1][1], float(m.group(3)))
        else:
            lines.append([key, float(m.group(3))])
right = max(x for _, x in lines)
short = [(k, x) for k, x in lines[:-1] if x < right * 0.98]
for k, x in short[:5]:
    print("page %d, y %d: ends at %.1f, the margin is at %.1f" % (k[0], k[1], x, right))
sys.exit(1 if short or len(lines) < 100 else 0)'
}

"$QUIRE" -q "$T/long.md" -o "$T/long.pdf" || fail "long paragraph: exit $?"
check "long paragraph: qpdf --check" qpdf --check "$T/long.pdf" > /dev/null
# -layout: without it pdftotext joins "eighty-" and "one" at a line end
# into "eightyone".
pdftotext -layout -nopgbrk "$T/long.pdf" - | tr -s ' \n' '\n\n' | grep -v '^[0-9]*$' > "$T/got.words"
# A word broken at a line end comes back in two pieces: join them, with
# its hyphen when it has one of its own (eighty-one).
python3 - "$T/got.words" "$T/long.words" <<'EOF_PY'
import sys
known = set(open(sys.argv[2]).read().split())
out = []
for w in open(sys.argv[1]).read().split():
    if out and out[-1].endswith('-') and out[-1] not in known:
        out[-1] = out[-1] + w if out[-1] + w in known else out[-1][:-1] + w
    else:
        out.append(w)
open(sys.argv[1], 'w').write('\n'.join(out) + '\n')
EOF_PY
if cmp -s "$T/got.words" "$T/long.words"; then pass; else
  fail "long paragraph: the words differ from the input's"
  diff "$T/long.words" "$T/got.words" | head -5 >&2
fi
check "long paragraph: every line but the last is full" lines_full "$T/long.pdf"

"$QUIRE" -q "$T/word.md" -o "$T/word.pdf" || fail "long word: exit $?"
check "long word: qpdf --check" qpdf --check "$T/word.pdf" > /dev/null
check "long word: all 100,000 letters" \
  test "$(pdftotext "$T/word.pdf" - | tr -cd a | wc -c)" -eq 100000
check "long word: every line but the last is full" lines_full "$T/word.pdf"

finish
