# Chapter splitting, cross-chapter links, the navigation document and the
# NCX, read back from the container.
. "$(dirname "$0")/../lib.sh"
book=$QUIRE_SRC/tests/epub/book/book.md
unpack() { # unpack NAME ARGS...: converts the book into $QUIRE_TMP/NAME/
  "$QUIRE" -q "$book" "${@:2}" -o "$QUIRE_TMP/$1.epub" || fail "$1: quire exited $?"
  python3 -m zipfile -e "$QUIRE_TMP/$1.epub" "$QUIRE_TMP/$1" || fail "$1: unzip"
}
has() { grep -qF -- "$2" "$1" || { echo "missing in $1: $2" >&2; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "unexpected in $1: $2" >&2; return 1; }; }

unpack split1
d=$QUIRE_TMP/split1/EPUB
# A preface, then one chapter per level-1 heading.
check "six chapters" test "$(ls "$d"/ch*.xhtml | wc -l)" -eq 6
check "preface first" has "$d/ch001.xhtml" "This short preface"
check "chapter 2 opens with its heading" has "$d/ch002.xhtml" '<h1 id="why-documents-break">'
check "level-2 headings stay" has "$d/ch002.xhtml" '<h2 id="links-to-nowhere">'
check "chapter title" has "$d/ch004.xhtml" '<title>Tables that read well</title>'
# Links across chapters name the file; links within a chapter do not.
check "forward link" has "$d/ch001.xhtml" '<a href="ch004.xhtml#tables-that-read-well">'
check "backward link" has "$d/ch006.xhtml" '<a href="ch002.xhtml#why-documents-break">'
check "link to a section" has "$d/ch004.xhtml" '<a href="ch002.xhtml#missing-pictures">'
check "note in the chapter of its first reference" has "$d/ch002.xhtml" '<aside class="footnote" id="fn-1" epub:type="footnote"'
check "later reference points back" has "$d/ch006.xhtml" 'href="ch002.xhtml#fn-1" epub:type="noteref"'
check "back-link to the later reference" has "$d/ch002.xhtml" 'href="ch006.xhtml#fnref-1-2"'
check "nested note goes with its parent" has "$d/ch006.xhtml" 'id="fn-5"'
check "broken links become text" lacks "$d/ch002.xhtml" 'appendix.md'
check "nav nests by level" has "$d/nav.xhtml" '<li><a href="ch002.xhtml#why-documents-break">Why documents break</a>'
check "nav child" has "$d/nav.xhtml" '<li><a href="ch002.xhtml#links-to-nowhere">Links to nowhere</a></li>'
check "nav landmarks" has "$d/nav.xhtml" 'epub:type="landmarks"'
check "nav role" has "$d/nav.xhtml" 'role="doc-toc"'
check "ncx" has "$d/toc.ncx" '<content src="ch004.xhtml#tables-that-read-well"/>'
# Every spine item in order: title page, contents, chapters.
spine=$(grep -o '<itemref idref="[^"]*"' "$d/content.opf" | sed 's/.*="//; s/"//' | tr '\n' ' ')
check "spine order ($spine)" test "$spine" = "title-page nav ch001 ch002 ch003 ch004 ch005 ch006 "
# The nav lists files in spine order (epubcheck NAV-011 needs it).
order=$(sed '/epub:type="landmarks"/,$d' "$d/nav.xhtml" | grep -o 'href="ch[0-9]*' | sed 's/.*"//' | uniq | tr '\n' ' ')
check "nav in reading order ($order)" test "$order" = "ch002 ch003 ch004 ch005 ch006 "

unpack split2 --split-level 2
d=$QUIRE_TMP/split2/EPUB
check "level 2 splits too" test "$(ls "$d"/ch*.xhtml | wc -l)" -eq 8
check "h2 starts a chapter" has "$d/ch003.xhtml" '<h2 id="links-to-nowhere">'
check "same-chapter parent link" has "$d/ch008.xhtml" '<a href="ch002.xhtml#why-documents-break">'

unpack split0 --split-level 0
d=$QUIRE_TMP/split0/EPUB
check "level 0: one chapter" test "$(ls "$d"/ch*.xhtml | wc -l)" -eq 1
check "level 0: links are fragments" has "$d/ch001.xhtml" '<a href="#tables-that-read-well">'

# The standalone page: one file, fragment links, a contents list on --toc.
"$QUIRE" -q "$book" --toc -o "$QUIRE_TMP/book.html" || fail "html exited $?"
h=$QUIRE_TMP/book.html
check "html toc" has "$h" '<nav id="toc" role="doc-toc">'
check "html toc entry" has "$h" '<li><a href="#why-documents-break">Why documents break</a>'
check "html fragment links" has "$h" '<a href="#tables-that-read-well">cross-references</a>'
check "html notes at the end" has "$h" '<aside class="footnote" id="fn-1" role="doc-footnote">'
check "html has no epub:type" lacks "$h" 'epub:type'
"$QUIRE" -q "$book" -o "$QUIRE_TMP/plain.html"
check "no toc without --toc" lacks "$QUIRE_TMP/plain.html" '<nav'
finish
