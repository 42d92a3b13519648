# Hostile inputs: encodings. Every case is run to txt (the default) or to
# tree, which shows the model.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

# Overlong encodings, a surrogate, a stray continuation byte, and a
# sequence cut short by the end of the file.
printf 'Over\300\257long, \355\240\200 surrogate, \200 stray\n\nCut \342\202' > invalid.md
hostile "invalid UTF-8" 0 'invalid.md:1:5: warning: invalid UTF-8 replaced by U\+FFFD' \
  invalid.md invalid.txt "$QUIRE" invalid.md -o invalid.txt
check "invalid UTF-8: text kept around the repairs" grep -q 'surrogate' invalid.txt
hostile "invalid UTF-8, fatal" 4 'made fatal by --fail-on-warning' \
  invalid.md invalid2.txt "$QUIRE" --fail-on-warning invalid.md -o invalid2.txt

printf 'a\0b\n\n\0\0\n' > nul.md
hostile "NUL bytes" 0 'nul.md:1:2: warning: NUL byte replaced by U\+FFFD \(3 bytes; first at 1:2\)' \
  nul.md nul.tree "$QUIRE" nul.md -o nul.tree
check "NUL bytes: replaced in the text" grep -q 'text "a�b"' nul.tree

printf '# Título\n\nPará 😀\n' | iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } > utf16le.md
hostile "UTF-16 LE with BOM" 0 'utf16le.md: warning: UTF-16 \(little-endian\) text converted to UTF-8' \
  utf16le.md utf16le.tree "$QUIRE" utf16le.md -o utf16le.tree
check "UTF-16 LE: heading read" grep -q 'text "Título"' utf16le.tree
check "UTF-16 LE: astral character read" grep -q 'Pará 😀' utf16le.tree

printf 'Title\n=====\n' | iconv -f UTF-8 -t UTF-16BE | { printf '\376\377'; cat; } > utf16be.md
hostile "UTF-16 BE with BOM, on stdin" 0 '(-|<stdin>): warning: UTF-16 \(big-endian\)' \
  utf16be.md "" sh -c "'$QUIRE' -t tree - < utf16be.md"
check "UTF-16 BE: setext heading read" grep -q 'text "Title"' out.txt

printf '\377\376\0\0a\0\0\0' > utf32.md
hostile "UTF-32 refused" 1 'utf32.md: UTF-32 text is not supported' \
  utf32.md utf32.txt "$QUIRE" utf32.md -o utf32.txt

printf 'one\rtwo\r\rthree\r' > cr.md
hostile "CR-only line endings" 0 '' cr.md cr.tree "$QUIRE" cr.md -o cr.tree
check "CR-only: two paragraphs" test "$(grep -c '^  paragraph' cr.tree)" -eq 2
check "CR-only: soft break between lines" grep -q 'soft_break' cr.tree

printf '\357\273\277---\ntitle: With BOM\n---\nBody\n' > bom.md
hostile "UTF-8 BOM before front matter" 0 '' bom.md bom.tree "$QUIRE" bom.md -o bom.tree
check "UTF-8 BOM: front matter still found" grep -q '^meta title "With BOM"' bom.tree

# Arbitrary binary: the first 256 KB of the quire executable.
head -c 262144 "$QUIRE" > binary.md
hostile "binary file" 0 'binary.md:1:[0-9]+: warning: (invalid UTF-8|NUL byte)' \
  binary.md binary.txt "$QUIRE" binary.md -o binary.txt

end_suite
