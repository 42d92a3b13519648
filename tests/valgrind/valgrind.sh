# Memory hygiene: every sample and corpus document, in every output
# format, under valgrind's memcheck: no errors, no leaks. Skipped (77) in
# the sanitizer build, where valgrind cannot run, and without valgrind.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP"

if ldd "$QUIRE" 2>/dev/null | grep -q libasan; then
  echo "skipped: $QUIRE is built with AddressSanitizer"; exit 77
fi
if ! command -v valgrind >/dev/null; then
  echo "skipped: valgrind is not installed"; exit 77
fi

# A few hostile documents too: the paths that refuse, repair and flatten.
mkdir -p hostile
awk 'BEGIN { for (i = 0; i < 3000; i++) printf ">"; print " deep"; for (i = 0; i < 3000; i++) printf "*"; printf "x"; for (i = 0; i < 3000; i++) printf "*"; print "" }' > hostile/deep.md
printf '# T\n\n![a](/etc/passwd) ![b](../x.png) ![c](http://e.org/x.png) ![d](missing.png)\n' > hostile/images.md
# An SVG the sanitiser cuts down (src/core/svg.c), one it refuses.
mkdir -p hostile/img
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script><style><![CDATA[@import "a.css";]]></style><rect fill="url(#g)" onclick="y()"/><a href="#r"><set attributeName="href" to="http://e.org/"/></a></svg>\n' > hostile/img/cut.svg
printf '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>\n' > hostile/img/refused.svg
printf '# T\n\n![cut](img/cut.svg) ![refused](img/refused.svg)\n' > hostile/svg.md
printf 'a\0b \377\376 c\rd\r' > hostile/repair.md
printf '# Title\n\nText.\n' | iconv -f UTF-8 -t UTF-16 > hostile/utf16.md
printf -- '---\ntitle: [unclosed\n---\nx\n' > hostile/bad-yaml.md
{ printf '|'; awk 'BEGIN { for (i = 0; i < 3000; i++) printf " a |"; printf "\n|"; for (i = 0; i < 3000; i++) printf "---|"; print ""; for (i = 0; i < 3000; i++) print "| b |" }'; } > hostile/table.md

formats=$("$QUIRE" --list-formats | awk '/^Output formats/ { o = 1; next } o { print $1 }')
runs=0
for doc in "$QUIRE_SRC"/samples/*.md "$QUIRE_SRC"/samples/*.txt "$QUIRE_SRC"/tests/corpus/* hostile/*; do
  [ -f "$doc" ] || continue
  name=$(basename "$doc")
  for f in $formats; do
    runs=$((runs + 1))
    # Definite, indirect and possible leaks are errors; memory still
    # reachable at exit belongs to libraries' caches (fontconfig) and is
    # only counted.
    valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
      --errors-for-leak-kinds=definite,indirect,possible --track-fds=no \
      --suppressions="$QUIRE_SRC/tests/valgrind/libhyphen.supp" \
      --log-file="vg.log" "$QUIRE" -q "$doc" -t "$f" -o "out.$f" >/dev/null 2>&1
    code=$?
    summary=$(grep -E 'ERROR SUMMARY' vg.log | sed 's/^==[0-9]*== //')
    leaks=$(grep -E 'definitely lost|indirectly lost|possibly lost' vg.log | sed 's/^==[0-9]*== *//' | tr '\n' ' ')
    if [ "$code" -eq 99 ] || ! grep -q 'ERROR SUMMARY: 0 errors' vg.log; then
      fail "$name to $f: $summary $leaks"
      grep -A12 -E 'Invalid|uninitialised|definitely lost in|possibly lost in|indirectly lost in' vg.log | head -60 >&2
      cp vg.log "vg-$name.$f.log"
    elif [ "$code" -ne 0 ] && [ "$name" != bad-yaml.md ]; then
      fail "$name to $f: quire exited $code"
    else
      pass
    fi
  done
done
echo "$runs valgrind runs"
finish
