# Superscript, subscript, keys, highlights and underlines through every
# writer, from the raw HTML tags of tests/hostile/inline-kinds.md (the
# Markdown reader makes the kinds): txt's Unicode script forms, the
# elements in HTML, epubcheck 0/0/0 on the EPUB, groff silent on the
# manual page, and the PDF's text.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1
here=$QUIRE_SRC/tests/hostile
for f in tree txt man html epub pdf; do
  check "write $f" "$QUIRE" -q -f markdown -t "$f" -o "out.$f" "$here/inline-kinds.md"
done

has() { # has FILE TEXT: FILE holds TEXT
  grep -qF -- "$2" "$1" || { echo "  $1 lacks: $2" >&2; return 1; }
}
check "tree names" has out.tree '      superscript'
for k in subscript kbd mark underline; do check "tree $k" has out.tree "$k"; done

check "txt 2³¹-1" has out.txt '2³¹-1'
check "txt H₂O" has out.txt 'H₂O'
check "txt xⁿ⁺¹" has out.txt 'xⁿ⁺¹'
check "txt e^(iπ)" has out.txt 'e^(iπ)'
check "txt log_(b)" has out.txt 'log_(b)'
check "txt heading" has out.txt 'E = mc² and H₂O'
check "txt kbd" has out.txt 'Press Ctrl+Alt+Del, or _Esc'
check "txt nested" has out.txt 'a² inside'
check "txt table" has out.txt 'x_(i)²'  # Unicode has no subscript i

check "html sup" has out.html 'E = mc<sup>2</sup> and H<sub>2</sub>O'
check "html kbd" has out.html '<strong><kbd>&lt;Enter&gt;</kbd></strong>'
check "html kbd code" has out.html '<kbd><code>q</code></kbd>'
check "html mark" has out.html '<mark><em>emphasis</em> &amp; <u>more</u></mark>'
check "html u" has out.html '<u>underlined words, <mark>both</mark>'
check "html css" has out.html 'kbd {'
check "xmllint html" xmllint --noout out.html

# groff reads the page without a warning, and shows what it should.
if command -v groff > /dev/null; then
  groff -t -man -Tutf8 -ww out.man > man.txt 2> groff.err
  check "groff is silent" test ! -s groff.err
  [ -s groff.err ] && head -5 groff.err >&2
  sed 's/.\x08//g' man.txt > man.plain
  check "man sup" has man.plain '2^(31)-1'
  check "man sub" has man.plain 'H_(2)O'
  check "man kbd bold" has out.man '\fBCtrl\fR'
  check "man underline italic" has out.man '\fIunderlined words'
fi

if command -v pdftotext > /dev/null; then
  pdftotext -layout out.pdf pdf.txt
  check "pdf text" has pdf.txt 'Press Ctrl+Alt+Del'
  check "pdf marked" has pdf.txt 'highlighted text'
fi

jar=${QUIRE_EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
if command -v java > /dev/null && [ -r "$jar" ]; then
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar" \
    "$QUIRE_SRC/tests/epub/EpubCheckMany.java" "$QUIRE_TMP/out.epub" > epubcheck.txt 2> epubcheck.err
  check "epubcheck 0/0/0" has epubcheck.txt "out.epub: 0 fatals / 0 errors / 0 warnings"
  [ -s epubcheck.err ] && head -10 epubcheck.err >&2
  python3 -m zipfile -e out.epub epub.d
  for x in epub.d/EPUB/*.xhtml; do check "xmllint $x" xmllint --noout "$x"; done
  check "epub sup" has epub.d/EPUB/ch001.xhtml '2<sup>31</sup>-1'
  check "epub css" has epub.d/EPUB/css/book.css 'mark {'
else
  fail "epubcheck is not installed"
fi
finish
