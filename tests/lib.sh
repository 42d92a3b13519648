# Shared by the script tests. Sourced; expects QUIRE, QUIRE_SRC, QUIRE_TMP
# from ctest (tests/CMakeLists.txt).
set -u
: "${QUIRE:?run through ctest}" "${QUIRE_SRC:?}" "${QUIRE_TMP:?}"
rm -rf "$QUIRE_TMP"
mkdir -p "$QUIRE_TMP"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
failures=0
checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }
# check DESCRIPTION COMMAND...: runs the command, counts it.
check() { local what=$1; shift; if "$@"; then pass; else fail "$what"; fi; }

# finish: prints the closing line ctest logs, exits non-zero on failure.
finish() {
  echo "$((checks)) passed, $failures failed"
  [ "$failures" -eq 0 ]
}
