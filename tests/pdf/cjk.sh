# Scripts the bundled fonts lack come from a system font found through
# fontconfig (fonts-wqy-microhei in the test set-up): a CJK paragraph,
# broken between characters, extracts exactly with pdftotext, justified or
# ragged, with every stroke of its composite glyphs embedded (glyphs.py).
# Characters beyond U+FFFF: tests/pdf/astral.sh.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
if ! fc-list :lang=zh-cn file | grep -q .; then
  fail "no CJK font installed (fonts-wqy-microhei is in .ci/do's test packages)"
  finish
  exit 1
fi
para='漢字とひらがなとカタカナの段落です。日本語の文章は単語の間に空白を入れずに書きますので、行の折り返しは文字と文字の間で行われます。中文段落也在这里，没有空格，一直写到行尾再换行。'
korean='한국어 문장도 있습니다.'
printf '# 見出し\n\n%s\n\n%s\n' "$para" "$korean" > "$T/cjk.md"
for mode in justified ragged; do
  extra=
  [ $mode = ragged ] && extra=--ragged
  "$QUIRE" -q "$T/cjk.md" $extra -o "$T/cjk-$mode.pdf" || fail "$mode: exit $?"
  check "$mode: qpdf --check" qpdf --check "$T/cjk-$mode.pdf" > /dev/null
  got=$(pdftotext -nopgbrk "$T/cjk-$mode.pdf" - 2> "$T/err" | sed -n '/^漢字/,/^한/p' | grep -v '^한' | tr -d '\n')
  if [ "$got" = "$para" ]; then pass; else fail "$mode: extracted '$got'"; fi
  check "$mode: Korean with its spaces" sh -c "pdftotext '$T/cjk-$mode.pdf' - | grep -qx '$korean'"
  check "$mode: heading" sh -c "pdftotext '$T/cjk-$mode.pdf' - | grep -qx '見出し'"
  check "$mode: pdftotext quiet" test ! -s "$T/err"
  check "$mode: more than one line" test "$(pdftotext "$T/cjk-$mode.pdf" - | sed -n '/^漢字/,/^한/p' | grep -vc '^한')" -ge 3
  check "$mode: inside the margins" python3 "$QUIRE_SRC/tests/pdf/pdfcheck.py" geometry "$T/cjk-$mode.pdf" 99.2 margins-only
  check "$mode: composite glyphs whole" python3 "$QUIRE_SRC/tests/pdf/glyphs.py" "$T/cjk-$mode.pdf"
  check "$mode: fonts embedded" sh -c "pdffonts '$T/cjk-$mode.pdf' | tail -n +3 | awk '\$(NF-4) != \"yes\" { exit 1 }'"
done
finish
