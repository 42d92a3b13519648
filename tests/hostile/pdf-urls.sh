# Hostile inputs: long and many link targets, and long headings, in PDF.
# A target set over many lines used to be written in full into the
# annotation of each line (a 55 KB address: 72 MB of PDF, and the time
# went into encoding it again for each line); a target or a bookmark over
# libharu's 65,535-byte string limit failed the whole document (exit 5).
# Each shape is timed at three sizes, each twice the last: doubling the
# input may cost at most 2.3 times the CPU time (the best of five runs)
# and 2.3 times the bytes of PDF. The figures are printed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

has_format pdf || { echo "skipped: no PDF writer"; exit 77; }
command -v python3 > /dev/null || { echo "skipped: no python3"; exit 77; }

# CPU seconds (user + system) of quire on $1 to $2, the best of five runs;
# bash's own timing, which gives milliseconds.
cpu_time() {
  local best="" t TIMEFORMAT='%3U %3S'
  for _ in 1 2 3 4 5; do
    { time "$QUIRE" "$1" -o "$2" 2>/dev/null; } 2>cpu.txt
    t=$(awk '{ printf "%.3f", $1 + $2 }' cpu.txt)
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}

# scaling NAME MAKER N: MAKER COUNT FILE writes an input of COUNT units;
# times N, 2N and 4N units and weighs the PDFs.
scaling() {
  local name=$1 maker=$2 n=$3 prev="" prev_size="" t size out
  for k in 1 2 4; do
    "$maker" $((n * k)) "$name-$k.md"
    t=$(cpu_time "$name-$k.md" "$name-$k.pdf")
    check "$name: $((n * k)) units convert" test -s "$name-$k.pdf"
    out=$(wc -c < "$name-$k.pdf" 2>/dev/null || echo 0)
    echo "$name: $((n * k)) units, $(wc -c < "$name-$k.md") bytes: ${t}s, $out bytes of PDF"
    # 10 ms more are allowed: at these sizes a busy machine's noise.
    if [ -n "$prev" ]; then
      check "$name: ${n}x$k costs at most 2.3 times ${n}x$((k / 2)) ($t s against $prev s)" \
        awk -v a="$t" -v b="$prev" 'BEGIN { exit !(a <= 2.3 * b + 0.01) }'
      check "$name: ${n}x$k makes at most 2.3 times the PDF of ${n}x$((k / 2)) ($out against $prev_size)" \
        awk -v a="$out" -v b="$prev_size" 'BEGIN { exit !(a <= 2.3 * b) }'
    fi
    prev=$t
    prev_size=$out
  done
  rm -f "$name"-*.md "$name"-*.pdf
}

# One address, set over many lines, under the limit: its target is
# written once, whatever the number of lines.
long_url() { python3 -c "import sys; print('http://a.b/' + 'x' * ($1 - 11))" > "$2"; }
scaling long-url long_url 8000
# The issue's shape: 'http://a.b/' repeated, one autolink past the limit.
repeated_url() { python3 -c "import sys; print('http://a.b/' * $1)" > "$2"; }
scaling repeated-url repeated_url 5000
# The same target behind a short text, and many short links.
link_text() { python3 -c "import sys; print('[text](' + 'http://a.b/' * $1 + ')')" > "$2"; }
scaling link-text link_text 5000
many_links() { python3 -c "import sys; print(' '.join('http://a.b/%d' % i for i in range($1)))" > "$2"; }
scaling many-links many_links 5000

# The target is written once: one /URI string, one annotation per line.
long_url 32000 one.md
"$QUIRE" one.md -o one.pdf 2>err.txt
check "32,000-byte target: no warning" test ! -s err.txt
if command -v qpdf > /dev/null; then
  check "32,000-byte target: qpdf --check" qpdf --check one.pdf > /dev/null
  qpdf --qdf --object-streams=disable one.pdf one.qdf
  check "32,000-byte target: written once" test "$(grep -c '^  /URI (' one.qdf)" -eq 1
  check "32,000-byte target: an annotation per line" test "$(grep -c '^  /Subtype /Link' one.qdf)" -gt 100
fi

# Past the limit: the text stays, not clickable, with one warning; never
# exit 5. As an autolink and behind a text.
python3 -c "print('<http://a.b/' + 'x' * 69989 + '>')" > auto70k.md
python3 -c "print('See [the text](http://a.b/' + 'x' * 69989 + ').')" > link70k.md
for f in auto70k:1 link70k:5; do
  column=${f#*:} f=${f%:*}
  hostile "$f: 70,000-byte target" 0 \
    "^quire: $f.md:1:$column: warning: link target is 70000 bytes, longer than the PDF limit of 32767; the text is kept but not clickable\$" \
    $f.md $f.pdf "$QUIRE" $f.md -o $f.pdf
  check "$f: one warning" test "$(wc -l < err.txt)" -eq 1
  if command -v qpdf > /dev/null; then
    check "$f: qpdf --check" qpdf --check $f.pdf > /dev/null
    qpdf --qdf --object-streams=disable $f.pdf $f.qdf
    check "$f: no link annotation" test "$(grep -c '/Subtype /Link' $f.qdf)" -eq 0
  fi
done
if command -v pdftotext > /dev/null; then
  check "auto70k: the whole address on the pages" \
    test "$(pdftotext auto70k.pdf - | grep -o x | wc -l)" -eq 69989
  check "link70k: its text on the page" grep -q 'See the text.' <(pdftotext link70k.pdf -)
fi

# A 70 KB heading: the bookmark is shortened, the heading is whole.
python3 -c "print('# ' + 'word ' * 14000 + '\n\nBody.')" > head70k.md
hostile "70 KB heading" 0 \
  '^quire: head70k.md:1:1: warning: heading is 69999 characters, longer than the PDF limit of 16382 for a bookmark; the bookmark is shortened, the heading on the page is whole$' \
  head70k.md head70k.pdf "$QUIRE" head70k.md -o head70k.pdf
if command -v qpdf > /dev/null; then
  check "70 KB heading: qpdf --check" qpdf --check head70k.pdf > /dev/null
  # Its length in characters and its last character's code point.
  title=$(qpdf --json --json-key=outlines head70k.pdf | python3 -c 'import json, sys
t = json.load(sys.stdin)["outlines"][0]["title"]; print(len(t), ord(t[-1]))')
  check "70 KB heading: a bookmark of 16,382 characters, the last an ellipsis ($title)" \
    test "$title" = "16382 8230"
fi
if command -v pdftotext > /dev/null; then
  check "70 KB heading: every word on the page" \
    test "$(pdftotext head70k.pdf - | grep -o word | wc -l)" -eq 14000
fi

# More links on one page than a reader shows: poppler refuses a page with
# over 10,000 annotations (its text is then lost too), libharu fails the
# document past 32,767. The first 10,000 are clickable.
python3 -c "print(' '.join('[a](u%d)' % (i % 10) for i in range(10500)))" > crowded.md
hostile "10,500 links on a page" 0 \
  '^quire: crowded.md:1:80001: warning: page 1 has more than 10000 links, more than PDF readers show on a page; the rest of its links are not clickable$' \
  crowded.md crowded.pdf "$QUIRE" crowded.md -o crowded.pdf --paper 1000x1000mm --fontsize 4 --margin 5mm
check "10,500 links on a page: one warning" test "$(wc -l < err.txt)" -eq 1
if command -v pdftotext > /dev/null; then
  check "10,500 links on a page: every word on the page" \
    test "$(pdftotext crowded.pdf - 2>/dev/null | grep -o a | wc -l)" -eq 10500
fi
if command -v qpdf > /dev/null; then
  qpdf --qdf --object-streams=disable crowded.pdf crowded.qdf
  check "10,500 links on a page: 10,000 annotations" \
    test "$(grep -c '^  /Subtype /Link' crowded.qdf)" -eq 10000
fi

# Front matter: a long author list, cut in the document information.
python3 -c "print('---\nauthor: [' + ', '.join('a%d' % i for i in range(20000)) + ']\n---\n\nBody.')" > authors.md
hostile "20,000 authors" 0 "^quire: authors.md: warning: the document's author list is 148888 characters" \
  authors.md authors.pdf "$QUIRE" authors.md -o authors.pdf

end_suite
