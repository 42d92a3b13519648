# The library has no mutable global state, so threads may convert separate
# documents at once: no variable of libquire.a lives in a writable data
# section (.data, .bss, common), except the synchronisation objects below.
# Const tables (.rodata, .data.rel.ro) are fine.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1
lib=$(dirname "$QUIRE")/libquire.a
check "libquire.a is beside quire" test -e "$lib"
# Allowed: the Markdown reader's pthread_once flag and its cmark-gfm lock,
# the SVG parser's pthread_once flag (libxml2's initialisation), the
# highlighter's language cache with its lock (src/core/highlight.cpp), and
# the C++ library's stream initialiser that a source-highlight header
# brings (set once when the library is loaded, before any thread).
allowed='^(extensions_once|parse_lock|svg_once|_ZL8hl_cache|_ZStL8__ioinit)$'
objdump -t "$lib" |
  awk 'NF >= 6 && $(NF-2) ~ /^(\.data|\.bss|\*COM\*)/ && $(NF-2) !~ /^\.data\.rel\.ro/ &&
       $NF !~ /^\./ && $NF !~ /^__odr_asan/ {print $NF}' |
  sort -u > writable.txt
while read -r name; do
  if [[ $name =~ $allowed ]]; then pass; else
    fail "mutable global in libquire: $name ($(objdump -t "$lib" | grep -B0 " $name\$" | head -1))"
  fi
done < writable.txt
finish
