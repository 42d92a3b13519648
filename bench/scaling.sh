#!/usr/bin/env bash
# Near-linear time, checked with generous bounds: each pathological input
# is converted at size N and 4N, and 4N may take at most 10 times as long
# as N (linear: 4; quadratic: 16), plus half a second of slack. Not part
# of ctest (timings do not belong in unit tests); run by hand on an idle
# machine:  bench/scaling.sh [build/quire] [N]
set -u
quire=${1:-build/quire}
n=${2:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rep() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
formats=$("$quire" --list-formats | awk '/^Output formats/ { o = 1; next } o { print $1 }')

gen() { # NAME COUNT: writes the input to $tmp/NAME.md
  local c=$2
  case $1 in
    quotes) { rep '>' "$c"; echo ' x'; } ;;
    lists) { rep '- ' "$c"; echo x; } ;;
    emph) { rep '*' "$c"; printf a; rep '*' "$c"; echo; } ;;
    closers) { rep 'a_ ' "$c"; echo; } ;;
    link-openers) { rep '[a' "$c"; echo; } ;;
    brackets) { rep '[' "$c"; printf a; rep ']' "$c"; echo; } ;;
    unclosed) { rep '[a](<b' "$c"; echo; } ;;
    refs) { rep '[a]: /u\n' "$c"; rep '[a] ' "$c"; echo; } ;;
    headings) rep '# Same\n\n' "$c" ;;
    footnotes) { rep 'x [^n] ' "$c"; printf '\n\n[^n]: Note.\n'; } ;;
    paragraphs) rep 'Some *text* with a [link](u) and `code`.\n\n' "$c" ;;
  esac > "$tmp/$1.md"
}

now() { date +%s.%N; }
status=0
printf '%-12s %-6s %9s %9s %6s\n' input format "t(N)" "t(4N)" ratio
for name in quotes lists emph closers link-openers brackets unclosed refs headings footnotes paragraphs; do
  for f in $formats; do
    gen "$name" "$n"; a=$(now); "$quire" -q "$tmp/$name.md" -t "$f" -o "$tmp/out" 2>/dev/null; b=$(now)
    gen "$name" $((4 * n)); c=$(now); "$quire" -q "$tmp/$name.md" -t "$f" -o "$tmp/out" 2>/dev/null; d=$(now)
    t1=$(echo "$b - $a" | bc); t4=$(echo "$d - $c" | bc)
    ratio=$(echo "scale=1; $t4 / ($t1 + 0.001)" | bc)
    ok=$(echo "$t4 <= 10 * $t1 + 0.5" | bc)
    printf '%-12s %-6s %9.3f %9.3f %6s %s\n' "$name" "$f" "$t1" "$t4" "$ratio" "$([ "$ok" = 1 ] || echo SLOW)"
    [ "$ok" = 1 ] || status=1
  done
done
exit $status
