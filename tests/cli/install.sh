# Install: `cmake --install` to a prefix chosen at configure time gives the
# binary, both libraries, the headers, quire.pc, the CMake package, the
# fonts and the manual page; a program embeds the library through
# pkg-config and through find_package(quire).
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1
prefix=$QUIRE_TMP/prefix

# A build of its own: the font folder is compiled in from the prefix.
if ! cmake -S "$QUIRE_SRC" -B build -DCMAKE_INSTALL_PREFIX="$prefix" -DQUIRE_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=Release > configure.log 2>&1 ||
   ! cmake --build build -j2 > build.log 2>&1 ||
   ! cmake --install build > install.log 2>&1; then
  fail "configure, build or install failed"; cat configure.log build.log install.log >&2
  finish; exit
fi

for f in bin/quire lib/libquire.a lib/libquire.so include/quire/quire.h include/quire/doc.h \
         include/quire/export.h lib/pkgconfig/quire.pc lib/cmake/quire/quireConfig.cmake \
         lib/cmake/quire/quireConfigVersion.cmake share/man/man1/quire.1; do
  check "installed $f" test -e "$prefix/$f"
done
check "installed quire runs" "$prefix/bin/quire" --version

# Fonts: every font and licence file of fonts/ is installed, and the
# library looks for fonts exactly there.
fontdir=$prefix/share/quire/fonts
for f in "$QUIRE_SRC"/fonts/*.ttf "$QUIRE_SRC"/fonts/*LICEN[CS]E* "$QUIRE_SRC"/fonts/OFL* "$QUIRE_SRC"/fonts/README*; do
  [ -e "$f" ] || continue
  check "font file $(basename "$f") installed" test -e "$fontdir/$(basename "$f")"
done
have_pdf=no
"$prefix/bin/quire" --list-formats | grep -q '^  pdf ' && have_pdf=yes
# (The folder is compiled in only where the PDF backend uses it.)
if [ "$have_pdf" = yes ]; then
  check "compiled-in font folder is the installed one" grep -q -F -a "$fontdir" "$prefix/lib/libquire.so"
fi
# Moved elsewhere (or installed with --prefix somewhere else), the program
# still finds its own fonts, not the configured folder's: a stand-in body
# font in the moved copy shows which folder was read.
if [ "$have_pdf" = yes ]; then
  cp -a "$prefix" "$QUIRE_TMP/moved"
  cp "$QUIRE_SRC/fonts/DejaVuSans.ttf" "$QUIRE_TMP/moved/share/quire/fonts/GentiumBookPlus-Regular.ttf"
  printf 'Plain text set in the body font.\n' > moved.md
  env -u QUIRE_FONT_DIR "$QUIRE_TMP/moved/bin/quire" -q moved.md -o moved.pdf || fail "moved: exit $?"
  check "a moved installation reads its own font folder" sh -c "pdffonts moved.pdf | grep -q DejaVuSans"
  env -u QUIRE_FONT_DIR "$prefix/bin/quire" -q moved.md -o staying.pdf || fail "staying: exit $?"
  check "the installation in place reads its own font folder" sh -c "pdffonts staying.pdf | grep -q GentiumBookPlus"
fi
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
check "pkg-config fontdir variable" test "$(pkg-config --variable=fontdir quire)" = "$fontdir"

# The manual page: man finds it, and groff has nothing to say about it.
if command -v man > /dev/null; then
  page=$(MANPAGER=cat MANWIDTH=80 man -M "$prefix/share/man" quire 2> man-err.txt)
  check "man quire shows the page" grep -q "SYNOPSIS" <<< "$page"
  check "man: no errors" test ! -s man-err.txt
fi
groff -man -Tutf8 -ww -z "$prefix/share/man/man1/quire.1" > groff.txt 2>&1
check "groff -ww: no warnings in quire.1" test ! -s groff.txt
cat groff.txt >&2
for opt in $("$QUIRE" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  grep -q -F -- "$(sed 's/-/\\-/g' <<< "$opt")" "$prefix/share/man/man1/quire.1" ||
    fail "quire.1 does not document $opt"
done
pass

# embed.c through pkg-config, against the shared and the static library.
run_embed() { # NAME: runs ./NAME, checks the PDF or the clear refusal
  if [ "$have_pdf" = yes ]; then
    check "$1 converts" "./$1" "$1.pdf"
    check "$1 writes a PDF" test "$(head -c 5 "$1.pdf" 2> /dev/null)" = "%PDF-"
  else
    "./$1" "$1.pdf" 2> "$1.err"
    check "$1 without a pdf writer fails" test $? -ne 0
    check "$1 says why" grep -q "no pdf writer" "$1.err"
  fi
}
if cc -Wall -Werror "$QUIRE_SRC/samples/embed.c" $(pkg-config --cflags --libs quire) \
    -Wl,-rpath,"$prefix/lib" -o embed-shared 2> cc.txt; then
  pass
  check "embed-shared uses libquire.so" sh -c "ldd ./embed-shared | grep -q '$prefix/lib/libquire.so'"
  run_embed embed-shared
else
  fail "embed.c does not build against libquire.so"; cat cc.txt >&2
fi
static_libs=$(pkg-config --static --libs quire | sed 's/-lquire\b/-l:libquire.a/')
if cc -Wall -Werror "$QUIRE_SRC/samples/embed.c" $(pkg-config --cflags quire) $static_libs \
    -o embed-static 2> cc.txt; then
  pass
  check "embed-static does not need libquire.so" sh -c "! ldd ./embed-static | grep -q libquire"
  run_embed embed-static
else
  fail "embed.c does not build against libquire.a with pkg-config --static"; cat cc.txt >&2
fi

# find_package(quire) from another CMake project.
mkdir -p user
cat > user/CMakeLists.txt <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(quire_user C)
find_package(quire 0.1 REQUIRED)
add_executable(embed-cmake "$QUIRE_SRC/samples/embed.c")
target_link_libraries(embed-cmake PRIVATE quire::quire)
add_executable(embed-cmake-static "$QUIRE_SRC/samples/embed.c")
target_link_libraries(embed-cmake-static PRIVATE quire::quire_static)
CMAKE
if cmake -S user -B user/build -DCMAKE_PREFIX_PATH="$prefix" > user.log 2>&1 &&
   cmake --build user/build -j2 >> user.log 2>&1; then
  pass
  cp user/build/embed-cmake user/build/embed-cmake-static .
  run_embed embed-cmake
  run_embed embed-cmake-static
else
  fail "find_package(quire) project does not build"; cat user.log >&2
fi
finish
