# epubcheck (0 fatals, 0 errors, 0 warnings) on the EPUB of every corpus
# document, every sample and the test book (also with a cover, a font, a
# stylesheet and other split levels), and xmllint --noout on every XHTML
# file inside them and on the standalone HTML pages. One JVM checks all
# the books: a JVM start costs more than a check.
. "$(dirname "$0")/../lib.sh"
jar=${QUIRE_EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
for tool in java xmllint python3; do
  command -v "$tool" > /dev/null || { fail "$tool is not installed"; finish; exit; }
done
[ -r "$jar" ] || { fail "$jar is missing (Debian: apt-get install epubcheck)"; finish; exit; }
books=()
convert() { # convert NAME ARGS...: writes $QUIRE_TMP/NAME.epub and NAME.html
  local name=$1; shift
  if "$QUIRE" -q "$@" -o "$QUIRE_TMP/$name.epub"; then books+=("$QUIRE_TMP/$name.epub"); pass
  else fail "$name: quire -t epub exited $?"; fi
  if "$QUIRE" -q "$@" -o "$QUIRE_TMP/$name.html"; then pass
  else fail "$name: quire -t html exited $?"; fi
}
for input in "$QUIRE_SRC"/tests/corpus/* "$QUIRE_SRC"/samples/*; do
  case $input in *.md|*.txt) ;; *) continue ;; esac
  convert "$(basename "$input")" "$input"
done
book=$QUIRE_SRC/tests/epub/book/book.md
convert book "$book"
convert book-split2 "$book" --split-level 2
convert book-nosplit "$book" --split-level 0
printf 'body { line-height: 1.6; }\nh1::before { content: "\\2014  "; }\n' > "$QUIRE_TMP/extra.css"
font=
for f in /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf; do
  [ -r "$f" ] && { font=$f; break; }
done
convert book-dressed "$book" --css "$QUIRE_TMP/extra.css" \
  --epub-cover-image "$QUIRE_SRC/tests/epub/book/img/chart.png" ${font:+--epub-embed-font "$font"}
convert book-svg-cover "$book" --epub-cover-image "$QUIRE_SRC/tests/epub/book/img/diagram.svg"

# Every XHTML file of every book, and every HTML page, is well-formed.
for epub in "${books[@]}"; do
  dir=${epub%.epub}.d
  mkdir -p "$dir"
  python3 -m zipfile -e "$epub" "$dir" || { fail "$epub: cannot unzip"; continue; }
  for x in "$dir"/EPUB/*.xhtml "$dir"/EPUB/toc.ncx "$dir"/EPUB/content.opf "$dir"/META-INF/container.xml; do
    check "xmllint $(basename "$epub")/${x#"$dir"/}" xmllint --noout "$x"
  done
  check "xmllint ${epub%.epub}.html" xmllint --noout "${epub%.epub}.html"
done

# epubcheck over all the books at once.
report=$QUIRE_TMP/epubcheck.txt
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1024k -cp "$jar" \
  "$QUIRE_SRC/tests/epub/EpubCheckMany.java" "${books[@]}" > "$report" 2> "$QUIRE_TMP/epubcheck.err"
for epub in "${books[@]}"; do
  line=$(grep -F "$epub: " "$report")
  if [ "$line" = "$epub: 0 fatals / 0 errors / 0 warnings" ]; then pass; else
    fail "epubcheck $(basename "$epub"): ${line:-no result}"
    grep -F "$(basename "$epub")" "$QUIRE_TMP/epubcheck.err" | head -10 >&2
  fi
done
[ "${#books[@]}" -ge 25 ] || fail "only ${#books[@]} books were checked"
finish
