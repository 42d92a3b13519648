# The container: mimetype first and stored, the package files last,
# entries in a fixed order with
# fixed times, and byte-identical books from two runs with the same
# SOURCE_DATE_EPOCH.
. "$(dirname "$0")/../lib.sh"
book=$QUIRE_SRC/tests/epub/book/book.md
a=$QUIRE_TMP/a.epub b=$QUIRE_TMP/b.epub c=$QUIRE_TMP/c.epub
SOURCE_DATE_EPOCH=1700000000 "$QUIRE" -q "$book" -o "$a" || fail "first run"
SOURCE_DATE_EPOCH=1700000000 "$QUIRE" -q "$book" -o "$b" || fail "second run"
check "two runs give identical bytes" cmp "$a" "$b"
SOURCE_DATE_EPOCH=1800000000 "$QUIRE" -q "$book" -o "$c" || fail "third run"
if cmp -s "$a" "$c"; then fail "a different SOURCE_DATE_EPOCH changed nothing"; else pass; fi

# Each corpus document too, through standard output.
for input in "$QUIRE_SRC"/tests/corpus/*.md; do
  n=$(basename "$input")
  "$QUIRE" -q "$input" -t epub -o - > "$QUIRE_TMP/$n.1.epub" &&
  "$QUIRE" -q "$input" -t epub -o - > "$QUIRE_TMP/$n.2.epub" || { fail "$n: quire failed"; continue; }
  check "$n reproducible" cmp -s "$QUIRE_TMP/$n.1.epub" "$QUIRE_TMP/$n.2.epub"
done

out=$(python3 - "$a" "$c" <<'PY'
import sys, zipfile, time
a, c = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(a)
infos = z.infolist()
first = infos[0]
assert first.filename == "mimetype", "first entry is %s" % first.filename
assert first.compress_type == zipfile.ZIP_STORED, "mimetype is compressed"
assert first.extra == b"", "mimetype has an extra field"
assert z.read("mimetype") == b"application/epub+zip", "mimetype content"
raw = open(a, "rb").read(58)
assert raw[30:58] == b"mimetypeapplication/epub+zip", "mimetype not at offset 30"
names = [i.filename for i in infos]
assert names[-2:] == ["META-INF/container.xml", "EPUB/content.opf"], names[-2:]
assert z.testzip() is None, "CRC error"
for i in infos[1:]:
    assert i.compress_type == zipfile.ZIP_DEFLATED, "%s is not deflated" % i.filename
want = time.gmtime(1700000000)[:5]
for i in infos:
    assert i.date_time[:5] == want, "%s has time %s" % (i.filename, i.date_time)
assert len(set(names)) == len(names), "duplicate entries"
opf = z.read("EPUB/content.opf").decode()
assert '<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' in opf, "modified"
assert opf.count("dcterms:modified") == 1
opf_c = zipfile.ZipFile(c).read("EPUB/content.opf").decode()
assert "2027-01-15T08:00:00Z" in opf_c, "modified from SOURCE_DATE_EPOCH"
# The identifier comes from the content, not from the clock.
ident = lambda s: s.split('<dc:identifier id="pub-id">')[1].split("<")[0]
assert ident(opf) == ident(opf_c) and ident(opf).startswith("urn:uuid:"), ident(opf)
print("ok")
PY
)
[ "$out" = ok ] && pass || fail "container checks: $out"

# A given identifier is used as is.
"$QUIRE" -q "$book" -M identifier=isbn:9780000000000 -o "$QUIRE_TMP/id.epub"
python3 -c 'import sys,zipfile; o=zipfile.ZipFile(sys.argv[1]).read("EPUB/content.opf").decode(); sys.exit(0 if ">isbn:9780000000000</dc:identifier>" in o else 1)' "$QUIRE_TMP/id.epub" && pass || fail "given identifier"
finish
