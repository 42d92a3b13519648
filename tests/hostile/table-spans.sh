# Hostile table cell spans: colspans and rowspans at and past browsers'
# limits (1,000 and 65,534), rowspan="0" everywhere, spans overlapping
# each other. Each goes through every output format, in near-linear time,
# without a crash; a table whose spans would make its grid far larger than
# its text (each writer keeps rows times columns) loses its spans, with a
# warning, and keeps its text; one whose padding alone would (a wide row
# and many short ones) is shown as rows of text, with a warning.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"
cd "$QUIRE_TMP" || exit 1

through_all() { # NAME STDERR FILE
  for f in $formats; do
    hostile "$1 ($f)" 0 "$2" "$3" "$3.$f" "$QUIRE" -t "$f" "$3" -o "$3.$f"
    rm -f "$3.$f"
  done
}

# 300 cells of colspan 1000 and 5,000 empty rows: 1.5 billion grid slots.
python3 -c "
print('<table><tr>' + '<td colspan=1000>wide</td>' * 300 + '</tr>' + '<tr></tr>' * 5000 + '</table>')
" > wide.md
through_all "colspans, then many rows" 'wide.md:1:1: warning: table cell spans ignored: its grid would have more than [0-9]+ cells' wide.md
"$QUIRE" -q wide.md -t tree -o wide.tree
check "spans ignored: no colspan left" sh -c "! grep -q colspan wide.tree"
check "spans ignored: every cell's text kept" test "$(grep -c '"wide"' wide.tree)" = 300

# No spans, but one row of 20,000 cells and 20,000 rows of one: padded to
# the widest row, 400 million cells (over 24 GB before the guard).
python3 -c "
print('<table><tr>' + '<td>x</td>' * 20000 + '</tr>' + '<tr><td>y</td></tr>' * 20000 + '</table>')
" > padded.md
through_all "a wide row, then many short ones" 'padded.md:1:1: warning: table shown as rows of text: its grid would have 400020000 cells, most of them padding' padded.md
"$QUIRE" -q padded.md -t tree -o padded.tree
check "padded: no table left" sh -c "! grep -q table padded.tree"
check "padded: every cell's text kept" test "$(grep -c '"[xy]"' padded.tree)" = 40000

# Spans past the limits, overlapping, and rowspan=0 in every cell.
python3 -c "
rows = []
for r in range(300):
    rows.append('<tr>' + ''.join('<td rowspan=%d colspan=%d>c%d</td>' % ((r * 7 + k) % 5, (r + k * 3) % 4, k)
                                 for k in range(20)) + ('<td rowspan=0 colspan=99999>z</td>' if r == 0 else '') + '</tr>')
print('<table><thead><tr><th rowspan=70000 colspan=70000>h</th></tr></thead><tbody>' + ''.join(rows) + '</tbody></table>')
" > odd.md
through_all "odd and overlapping spans" "" odd.md
"$QUIRE" -q odd.md -t tree -o odd.tree
check "odd spans: within the limits" sh -c "! grep -qE '(col|row)span=(0|[0-9]{5,}|[2-9][0-9]{3}|1[0-9]{3}[0-9])' odd.tree"
check "odd spans: spans kept" grep -q 'colspan=1000 rowspan=300' odd.tree
check "odd spans: every cell kept" test "$(grep -c '^      table_cell' odd.tree)" -ge 6002
end_suite
