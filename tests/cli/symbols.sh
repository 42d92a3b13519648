# The libraries' global symbols are their public API, all named quire_:
# every other function or variable is hidden (libquire.so) or local
# (libquire.a, one relocatable object with its hidden symbols made local),
# so a program may define its own xml_escape, url_decode or hyph_open and
# still link against either library. (globals.sh checks a different thing:
# that no variable of the library is mutable.)
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1
dir=$(dirname "$QUIRE")
cc=${QUIRE_CC:-cc}

# Defined global symbols (any type but U, weak ones too) not named quire_.
foreign_symbols() { # NM-OPTIONS... LIBRARY
  nm --defined-only -g "$@" | awk 'NF == 3 && $2 != "U" && $3 !~ /^quire_/ {print $2, $3}'
}
for lib in libquire.a libquire.so; do
  check "$lib is beside quire" test -e "$dir/$lib"
done
foreign_symbols "$dir/libquire.a" > static.txt
foreign_symbols -D "$dir/libquire.so" > shared.txt
for list in static.txt shared.txt; do
  if [ -s "$list" ]; then
    fail "$list: $(wc -l < "$list") global symbols without the quire_ prefix:"
    head -20 "$list" >&2
  else
    pass
  fi
done
# (And the API is still there.)
check "libquire.a exports quire_read" grep -q ' T quire_read$' <(nm -g "$dir/libquire.a")
check "libquire.so exports quire_read" grep -q ' T quire_read$' <(nm -D "$dir/libquire.so")

# A program with its own xml_escape, url_decode and hyph_open links
# statically, and the library still uses its own (the HTML is escaped).
cat > user.c <<'C'
#include <stdio.h>
#include <string.h>
#include <quire/quire.h>

int xml_escape(const char *s);
int url_decode(const char *s);
int hyph_open(const char *s);
int xml_escape(const char *s) { return (int)strlen(s); }
int url_decode(const char *s) { return (int)strlen(s) + 1; }
int hyph_open(const char *s) { return (int)strlen(s) + 2; }

int main(void)
{
	static const char md[] = "a < b & c\n";
	struct quire_read_options ro;
	struct quire_write_options wo;
	struct quire_buffer out = {0};
	struct quire_sink sink = quire_buffer_sink(&out);
	quire_doc *doc = quire_doc_new();
	int code = 1;

	quire_read_options_init(&ro);
	quire_write_options_init(&wo);
	if (doc != NULL &&
	    quire_read(doc, quire_reader_find("markdown"), md, strlen(md), &ro, NULL) == QUIRE_OK &&
	    quire_write(doc, quire_writer_find("html"), &wo, &sink, NULL) == QUIRE_OK &&
	    out.data != NULL && strstr(out.data, "a &lt; b &amp; c") != NULL)
		code = 0;
	printf("%d %d %d %d\n", xml_escape("ab"), url_decode("ab"), hyph_open("ab"), code);
	quire_buffer_free(&out);
	quire_doc_free(doc);
	return code;
}
C
# The static library's dependencies, as quire.pc names them for --static.
pc=$QUIRE_SRC/cmake/quire.pc.in
requires=$(sed -n 's/^Requires.private: *//p' "$pc")
private_libs=$(sed -n 's/^Libs.private: *//p' "$pc")
# A sanitizer build's library needs the sanitizer runtimes in the program.
san=
nm -u "$dir/libquire.a" | grep -q ' __asan_' && san="$san -fsanitize=address"
nm -u "$dir/libquire.a" | grep -q ' __ubsan_' && san="$san -fsanitize=undefined"
# shellcheck disable=SC2086,SC2046 # word splitting of flag lists is meant
if "$cc" -Wall -Werror $san -I"$QUIRE_SRC/include" user.c "$dir/libquire.a" \
    $(pkg-config --libs $requires) $private_libs -o user-static 2> cc.txt; then
  pass
  check "the program's own functions and the library's conversion" \
    test "$(ASAN_OPTIONS=detect_leaks=0 ./user-static)" = "2 3 4 0"
else
  fail "a program defining xml_escape, url_decode and hyph_open does not link against libquire.a"
  cat cc.txt >&2
fi
# shellcheck disable=SC2086
if "$cc" -Wall -Werror $san -I"$QUIRE_SRC/include" user.c -L"$dir" -lquire \
    -Wl,-rpath,"$dir" -o user-shared 2> cc.txt; then
  pass
  check "the same against libquire.so" \
    test "$(ASAN_OPTIONS=detect_leaks=0 ./user-shared)" = "2 3 4 0"
else
  fail "the same program does not link against libquire.so"; cat cc.txt >&2
fi
finish
