# Link targets are URIs in every writer: each byte of a non-ASCII
# character (a no-break space, accents, CJK, an emoji) is percent-encoded
# as UTF-8, and so is a '%' that starts no escape, the same in HTML, EPUB
# and PDF. Kept raw, a no-break space made epubcheck fail the book
# (RSC-020, "is not a valid URI").
. "$(dirname "$0")/../lib.sh"
jar=${QUIRE_EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}

printf '%s\n' '# Links' '' \
  "A [no-break](<https://example.com/a$(printf '\302\240')b>) space," \
  '[accents](https://example.org/café/naïve?q=ü#fräg), [CJK](https://example.jp/日本),' \
  '[emoji](https://example.net/😀), [percent](https://example.com/100%-sure?a=%zz&b=%41)' \
  'and <https://example.com/été>.' > "$QUIRE_TMP/links.md"
want='https://example.com/a%C2%A0b
https://example.org/caf%C3%A9/na%C3%AFve?q=%C3%BC#fr%C3%A4g
https://example.jp/%E6%97%A5%E6%9C%AC
https://example.net/%F0%9F%98%80
https://example.com/100%25-sure?a=%25zz&b=%41
https://example.com/%C3%A9t%C3%A9'

# hrefs FILE: the link targets of an (X)HTML file, entities undone.
hrefs() { grep -o 'href="https:[^"]*"' "$1" | sed 's/^href="//; s/"$//; s/&amp;/\&/g'; }

cd "$QUIRE_TMP" || exit 1
if "$QUIRE" links.md -o links.html; then
  pass
  check "HTML: link targets percent-encoded" test "$(hrefs links.html)" = "$want"
else fail "quire -t html exited $?"; fi

if "$QUIRE" links.md -o links.epub; then
  pass
  python3 -m zipfile -e links.epub links.d
  check "EPUB: link targets percent-encoded" test "$(hrefs links.d/EPUB/ch001.xhtml)" = "$want"
  if command -v java > /dev/null && [ -r "$jar" ]; then
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" links.epub > epubcheck.txt 2>&1
    check "epubcheck accepts the links" grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' epubcheck.txt
    grep -E 'ERROR|WARNING|FATAL' epubcheck.txt >&2
  else
    echo "epubcheck not installed: not run"
  fi
else fail "quire -t epub exited $?"; fi

if "$QUIRE" --list-formats | grep -q '^  pdf ' && command -v qpdf > /dev/null; then
  if "$QUIRE" links.md -o links.pdf; then
    pass
    check "PDF: the same URIs" test "$(qpdf --qdf --object-streams=disable links.pdf - |
      grep -a '/URI (' | sed 's/^ *\/URI (//; s/)$//')" = "$want"
  else fail "quire -t pdf exited $?"; fi
fi
finish
