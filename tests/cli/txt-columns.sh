# The txt backend through the CLI: --columns, and every output line within
# the width (in display columns) unless it is a single unbreakable word.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP"

cat > doc.md <<'MD'
# A heading long enough to wrap at thirty

Text with a [link](https://example.org/a) and a note.[^n] Then
漢字とひらがなとカタカナの段落。中文段落也在这里。

> - a quoted list item that wraps under its marker
>
>   | Column one | Column two has long text |
>   |:--|--:|
>   | a | b c d e f g h |

[^n]: The note text wraps with a hanging indent.
MD

cat > want.txt <<'TXT'
A heading long enough to wrap
at thirty
=============================

Text with a link [2] and a
note.[1] Then 漢字とひらがなと
カタカナの段落。中文段落也在这
里。

> - a quoted list item that
>   wraps under its marker
>
>   --------------------------
>   Column      Column two has
>   one              long text
>   ---------  ---------------
>   a            b c d e f g h
>   --------------------------

--------------------

[1] The note text wraps with a
    hanging indent.

[2] https://example.org/a
TXT

check "txt --columns 30 runs" "$QUIRE" -q doc.md -t txt --columns 30 -o out.txt
if cmp -s want.txt out.txt; then pass; else
  fail "txt --columns 30 output differs:"; diff -u want.txt out.txt >&2; fi

# Display width, not bytes: with a UTF-8 locale wc -L counts columns.
if LC_ALL=C.UTF-8 wc -L </dev/null >/dev/null 2>&1; then
  "$QUIRE" -q doc.md -t txt --columns 30 -o - | LC_ALL=C.UTF-8 wc -L > width.txt
  check "no line wider than 30 columns" test "$(cat width.txt)" -le 30
fi
finish
