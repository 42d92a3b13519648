# Ace by DAISY (accessibility) on a few books: 0 violations. Needs the npm
# package @daisy/ace-cli (1.4.6) and Debian's chromium; without them the
# test says SKIP and checks nothing. Install into the build folder with
#   mkdir -p build/ace && cd build/ace && npm init -y &&
#   PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund @daisy/ace-cli@1.4.6
# or point QUIRE_ACE at an ace-cli executable. Each run takes seconds, so
# only books that together use every feature are checked.
. "$(dirname "$0")/../lib.sh"
ace=${QUIRE_ACE:-$(dirname "$QUIRE")/ace/node_modules/.bin/ace-cli}
chromium=${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}
if [ ! -x "$ace" ] || [ ! -x "$chromium" ]; then
  # .ci/do sets QUIRE_ACE after installing Ace: then a missing tool is a
  # failure, not a skip.
  if [ -n "${QUIRE_ACE:-}" ]; then
    fail "Ace was set up as $ace, but it or $chromium is missing"
    finish
    exit
  fi
  echo "SKIP: Ace needs $ace and $chromium"
  finish
  exit
fi
book=$QUIRE_SRC/tests/epub/book/book.md
"$QUIRE" -q "$book" -o "$QUIRE_TMP/book.epub"
"$QUIRE" -q "$book" --epub-cover-image "$QUIRE_SRC/tests/epub/book/img/photo.jpg" -o "$QUIRE_TMP/cover.epub"
for n in xml-hostile footnotes tables tasklists html-elements html-table-spans alerts \
    definition-lists details figures; do
  "$QUIRE" -q "$QUIRE_SRC/tests/corpus/$n.md" -o "$QUIRE_TMP/$n.epub"
done
for s in "$QUIRE_SRC"/samples/*.md "$QUIRE_SRC"/samples/*.txt; do
  "$QUIRE" -q "$s" -o "$QUIRE_TMP/sample-$(basename "$s").epub"
done
for epub in "$QUIRE_TMP"/*.epub; do
  name=$(basename "$epub" .epub)
  # -E: exit 2 when Ace finds a violation.
  if PUPPETEER_EXECUTABLE_PATH=$chromium "$ace" -E -s -f -o "$QUIRE_TMP/report-$name" "$epub" \
      > "$QUIRE_TMP/ace-$name.log" 2>&1; then
    pass
  else
    fail "Ace on $name (exit $?); see $QUIRE_TMP/report-$name/report.json"
    python3 - "$QUIRE_TMP/report-$name/report.json" <<'PY' >&2 || true
import json, sys
for a in json.load(open(sys.argv[1])).get("assertions", []):
    for x in a.get("assertions", []):
        print(" ", a["earl:testSubject"]["url"], x["earl:test"].get("dct:title"),
              x["earl:test"].get("earl:impact"))
PY
  fi
done
finish
