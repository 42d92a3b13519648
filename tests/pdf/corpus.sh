# Every corpus document and every sample becomes a valid PDF: qpdf --check
# is clean, pdftotext prints no warning, every font is embedded, and the
# text extracts to the same words as the txt backend's output.
. "$(dirname "$0")/../lib.sh"
check_pdf() { # NAME INPUT
  local name=$1 input=$2 pdf=$QUIRE_TMP/$1.pdf txt=$QUIRE_TMP/$1.txt
  if ! "$QUIRE" -q "$input" -t pdf --margin 30mm -o "$pdf"; then
    fail "$name: quire exited $?"
    return
  fi
  if qpdf --check "$pdf" > "$QUIRE_TMP/qpdf.out" 2>&1; then pass; else
    fail "$name: qpdf --check"
    cat "$QUIRE_TMP/qpdf.out" >&2
  fi
  pdftotext "$pdf" /dev/null 2> "$QUIRE_TMP/pdftotext.err"
  if [ ! -s "$QUIRE_TMP/pdftotext.err" ]; then pass; else
    fail "$name: pdftotext warned: $(head -3 "$QUIRE_TMP/pdftotext.err")"
  fi
  # pdffonts: the "emb" column (5th from the right) must be yes everywhere.
  if pdffonts "$pdf" | tail -n +3 | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }'; then
    pass
  else
    fail "$name: a font is not embedded"
    pdffonts "$pdf" >&2
  fi
  "$QUIRE" -q "$input" -t txt --columns 10000 -o "$txt" || fail "$name: txt exited $?"
  "$QUIRE" -q "$input" -t tree -o "$txt.tree" || fail "$name: tree exited $?"
  # The running header and footer lie in the 30 mm margins: crop 60 pt.
  if python3 "$QUIRE_SRC/tests/pdf/pdfcheck.py" words "$pdf" "$txt" 60 60 "$txt.tree" > "$QUIRE_TMP/words.out" 2>&1
  then pass; else
    fail "$name: extracted words differ from txt"
    cat "$QUIRE_TMP/words.out" >&2
  fi
}
for input in "$QUIRE_SRC"/tests/corpus/*.md "$QUIRE_SRC"/tests/corpus/*.txt "$QUIRE_SRC"/samples/*.md \
             "$QUIRE_SRC"/samples/*.txt; do
  [ -e "$input" ] || continue
  check_pdf "$(basename "$input")" "$input"
done
python3 "$QUIRE_SRC/tests/pdf/make-long.py" "$QUIRE_TMP/long.md"
check_pdf long.md "$QUIRE_TMP/long.md"
finish
