#!/usr/bin/env bash
# A stable figure to quote beside the timings: instructions executed
# (callgrind's Ir) by quire -t txt, epub and pdf, and by the cmark-gfm
# floor, on one fixed input (the 0.25 MB corpus of bench/run).
#   bash bench/callgrind.sh [QUIRE_BINARY]
# Without a binary, builds the Release one in build/bench. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
quire=${1:-}
if [ -z "$quire" ]; then
  cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DQUIRE_TESTS=OFF >/dev/null
  cmake --build build/bench -j "$(nproc)" >/dev/null
  quire=build/bench/quire
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/corpus.py 0.25 "$work/in.md"
export SOURCE_DATE_EPOCH=0
ir() {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" >/dev/null 2>"$work/log" ||
    { echo fail; return; }
  sed -n 's/^==[0-9]*== Collected : //p' "$work/log"
}
printf 'input: corpus-0.25MB (%s bytes)\n' "$(stat -c %s "$work/in.md")"
printf 'floor-cmark %s\n' "$(ir cmark-gfm -e table -e strikethrough -e autolink -e tasklist --smart -t html "$work/in.md")"
for t in txt epub pdf; do
  printf 'quire-%s %s\n' "$t" "$(ir "$quire" -q -f markdown -t "$t" "$work/in.md" -o "$work/out.$t")"
done
