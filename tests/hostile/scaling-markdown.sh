# Hostile inputs: the Markdown reader's time grows linearly. Each shape is
# timed at three sizes, each twice the last; doubling the input may cost
# at most 2.3 times the CPU time (the best of five runs, so that a busy
# machine does not fail the test). The figures are printed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

# CPU seconds (user + system) of quire on $1, the best of five runs; bash's
# own timing, which gives milliseconds.
cpu_time() {
  local best="" t TIMEFORMAT='%3U %3S'
  for _ in 1 2 3 4 5; do
    { time "$QUIRE" "$1" -t tree -o /dev/null 2>/dev/null; } 2>cpu.txt
    t=$(awk '{ printf "%.3f", $1 + $2 }' cpu.txt)
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}

# scaling NAME MAKER N: MAKER COUNT FILE writes an input of COUNT units;
# times N, 2N and 4N units.
scaling() {
  local name=$1 maker=$2 n=$3 prev="" t size
  for k in 1 2 4; do
    "$maker" $((n * k)) "$name-$k.md"
    size=$(wc -c < "$name-$k.md")
    t=$(cpu_time "$name-$k.md")
    echo "$name: $((n * k)) units, $size bytes: ${t}s"
    # 10 ms more are allowed: at these sizes a busy machine's noise.
    if [ -n "$prev" ]; then
      check "$name: ${n}x$k costs at most 2.3 times ${n}x$((k / 2)) ($t s against $prev s)" \
        awk -v a="$t" -v b="$prev" 'BEGIN { exit !(a <= 2.3 * b + 0.01) }'
    fi
    prev=$t
  done
  rm -f "$name"-*.md
}

# Many distinct YAML keys: each used to be compared with every earlier one.
yaml_keys() {
  awk -v n="$1" 'BEGIN { print "---"; for (i = 0; i < n; i++) printf "key%d: v\n", i
    print "---"; print "Body" }' > "$2"
}
scaling yaml-keys yaml_keys 24000

# And keys chosen to collide in an unkeyed FNV-1a hash (the low 16 bits
# below 64): with a fixed hash, every key probes a long run of slots.
cat > collide.c <<'EOF_C'
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	long n = atol(argv[1]), found = 0;
	puts("---");
	for (uint64_t k = 0; found < n; k++) {
		char key[32];
		snprintf(key, sizeof(key), "k%llx", (unsigned long long)k);
		uint64_t h = 14695981039346656037ULL;
		for (const char *p = key; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		if ((h & 0xffff) < 64) {
			printf("%s: v\n", key);
			found++;
		}
	}
	puts("---\nBody");
	return 0;
}
EOF_C
"${QUIRE_CC:-cc}" -O2 -o collide collide.c || fail "collide.c does not build"
colliding_keys() { ./collide "$1" > "$2"; }
scaling colliding-keys colliding_keys 24000

# A table with many columns: cmark-gfm walks a row's list of cells to
# append each, so rows are cut to 1,000 cells, with a warning, before it
# sees them.
table_columns() {
  awk -v n="$1" 'BEGIN { for (r = 0; r < 4; r++) { for (i = 0; i < n; i++)
    printf "%s", (r == 1 ? "|---" : "| " r " "); print "|" } }' > "$2"
}
scaling table-columns table_columns 5000
table_columns 40000 wide.md
hostile "40,000 columns" 0 'wide.md:1:4003: warning: table rows cut to 1000 cells: 156000 cells dropped from 4 rows' \
  wide.md wide.tree "$QUIRE" wide.md -o wide.tree
check "40,000 columns: 1,000 kept" test "$(grep -c '^      table_cell' wide.tree)" -eq 3000

end_suite
