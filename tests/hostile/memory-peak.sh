# Memory against the parser's own: for each shape of document, quire's
# peak (resident set) converting it to each format, next to cmark-gfm's
# peak parsing the same file to HTML. quire frees cmark's tree as it
# builds its model, so the reader costs about what cmark-gfm does: the
# text formats must stay within 1.2 times cmark-gfm's peak (above what
# each costs on one line), PDF and EPUB too except the shapes stated
# below.
# The figures are printed; skipped under ASan (its shadow memory).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

if sanitized; then
  echo "skipped: resident memory means nothing under ASan"; exit 77
fi
if ! command -v cmark-gfm >/dev/null; then
  echo "skipped: cmark-gfm (Debian package cmark-gfm) is not installed"; exit 77
fi

if [ ! -x /usr/bin/time ]; then
  echo "skipped: GNU time (Debian package time) is not installed"; exit 77
fi

# peak_kb CMD...: the peak resident set of CMD, in KB (GNU time's; a
# child of python or bash would count the parent's pages it started with).
peak_kb() {
  /usr/bin/time -f '%M' -o peak.txt "$@" >/dev/null 2>&1
  tail -1 peak.txt
}

n=200000
python3 - "$n" <<'EOF_PY'
import sys
n = int(sys.argv[1])
shapes = {
    'paragraphs': 'p\n\n' * n,
    'long-paragraph': 'word ' * n + '\n',
    'long-word': 'a' * (3 * n) + '\n',
    'list': '- a\n' * n,
    'emphasis': '*a* ' * n + '\n',
    'table': '| a | b |\n|---|---|\n' + '| c | d |\n' * (n // 4),
    'headings': '# h\n' * n,
    'nested-list': ''.join('%s- x\n' % ('  ' * (i % 50)) for i in range(n // 8)),
    'links': ''.join('[l%d] ' % i for i in range(n // 8)) + '\n\n' +
             ''.join('[l%d]: http://x/%d\n' % (i, i) for i in range(n // 8)),
}
for name, text in shapes.items():
    open(name + '.md', 'w').write(text)
EOF_PY

# What each program costs on a document of one line (its code, libraries,
# fonts) is not a cost of the input: the bounds are on top of it.
printf 'x\n' > one-line.md
cmark_fixed=$(peak_kb cmark-gfm --sourcepos -e table -e strikethrough -e autolink -e tasklist one-line.md)
declare -A fixed
for f in txt man html epub pdf; do
  has_format "$f" || continue
  fixed[$f]=$(peak_kb "$QUIRE" -q one-line.md -t "$f" -o "out.$f")
done
echo "one line: cmark-gfm $cmark_fixed KB; quire: txt ${fixed[txt]} KB, pdf ${fixed[pdf]:-} KB"

# Not yet within 1.2 times: the PDF of a document of headings (measured
# 2.07: the layout keeps every line, run and page-builder item of the
# whole document, since a contents page needs the page of every heading
# before the first page is drawn), of one word of 600,000 characters
# (5.1, as before the PDF was written by quire). Their bounds guard
# against regressions. The EPUB of 200,000 level-1 headings, each a
# chapter, is within 1.2 too (measured 1.19 above the fixed cost; 4.6
# when libzip held the whole archive): each file goes to the output as it
# is made, and of each chapter only its entry in the zip's directory,
# deflated, is held.
for shape in paragraphs long-paragraph long-word list emphasis table headings nested-list links; do
  base=$(peak_kb cmark-gfm --sourcepos -e table -e strikethrough -e autolink -e tasklist "$shape.md")
  line="$shape ($(wc -c < "$shape.md") bytes): cmark-gfm ${base} KB"
  for f in txt man html epub pdf; do
    has_format "$f" || continue
    kb=$(peak_kb "$QUIRE" -q "$shape.md" -t "$f" -o "out.$f")
    ratio=$(awk -v a="$kb" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
    line="$line, $f ${kb} KB (${ratio}x)"
    extra=$((fixed[$f] - cmark_fixed))
    times=1.2
    [ "$f" = pdf ] && [ "$shape" = headings ] && times=2.5
    [ "$f" = pdf ] && [ "$shape" = long-word ] && times=6
    check "$shape to $f: $kb KB within $times x cmark-gfm's $base KB + $extra KB" \
      awk -v a="$kb" -v b="$base" -v t="$times" -v e="$extra" 'BEGIN { exit !(a <= t * b + e) }'
    rm -f "out.$f"
  done
  echo "$line"
done

end_suite
