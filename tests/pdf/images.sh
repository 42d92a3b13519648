# Images: the corpus document's images are embedded at the expected pixel
# sizes (pdfimages), with soft masks for transparency; hostile files
# (16-bit, interlaced, palette and RGB with tRNS, truncated or corrupt PNG
# and JPEG, text named .png, an absurd size) each give a valid PDF and a
# warning, never a crash; paths outside the resource path are refused.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP

"$QUIRE" "$QUIRE_SRC/tests/corpus/pdf-images.md" -o "$T/img.pdf" 2> "$T/img.err" || fail "pdf-images: exit $?"
check "pdf-images: qpdf --check" qpdf --check "$T/img.pdf" > /dev/null
pdfimages -list "$T/img.pdf" | tail -n +3 | awk '{print $1, $4 "x" $5, $3, $6}' > "$T/img.list"
cat > "$T/img.want" <<'W'
1 360x240 image rgb
1 120x120 image rgb
1 120x120 smask gray
1 320x200 image rgb
2 160x160 image gray
2 1200x150 image rgb
2 16x16 image gray
2 120x120 image rgb
2 120x120 smask gray
W
if cmp -s "$T/img.want" "$T/img.list"; then pass; else
  fail "pdf-images: images differ"; diff "$T/img.want" "$T/img.list" >&2
fi
# Drawn sizes: 96 dpi (72 pt per 96 px) unless scaled down to the measure.
check "pdf-images: native size at 96 dpi" sh -c "pdfimages -list '$T/img.pdf' | awk '\$4 == 360 && \$13 == 96' | grep -q ."
check "pdf-images: the wide one scaled down" sh -c "pdfimages -list '$T/img.pdf' | awk '\$4 == 1200 && \$13 > 96' | grep -q ."
check "pdf-images: two missing images warned" test "$(grep -c "no such file in the resource path; its description is shown instead" "$T/img.err")" = 2
pdftotext "$T/img.pdf" "$T/img.txt"
check "pdf-images: caption from the title" grep -q "Figure 1: a gradient at its own size" "$T/img.txt"
check "pdf-images: caption from the alt text" grep -q "A disc on a transparent ground" "$T/img.txt"
qpdf --qdf --object-streams=disable "$T/img.pdf" "$T/img.qdf"
check "pdf-images: a linked block image has its link, as large as the image" python3 - "$T/img.qdf" <<'PY'
import re, sys
d = open(sys.argv[1], "rb").read().decode("latin-1")
# The annotation refers to its URI action, an object of its own.
action = re.search(r"(\d+) 0 obj\s*<<[^>]*/URI \(https://example.org/disc\)", d, re.S).group(1)
annot = next(o for o in re.split(r"\n\d+ 0 obj", d) if re.search(r"/A %s 0 R\b" % action, o))
m = re.search(r"/Rect \[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", annot, re.S)
x0, y0, x1, y1 = map(float, m.groups())
assert abs((x1 - x0) - 90) < 0.5 and abs((y1 - y0) - 90) < 0.5, (x0, y0, x1, y1)
PY
check "pdf-images: missing image's alt text" grep -q "The missing diagram of the engine" "$T/img.txt"

# --- hostile files ---
mkdir -p "$T/h/sub" "$T/res"
python3 "$QUIRE_SRC/tests/pdf/make-images.py" --hostile "$T/h"
head -c 5000 "$QUIRE_SRC/tests/corpus/img/photo.jpg" > "$T/h/truncated.jpg"
head -c 1200 "$QUIRE_SRC/tests/corpus/img/gray.jpg" > "$T/h/truncated-progressive.jpg"
for good in rgb16 ga16 interlaced interlaced16 pal4-trns rgb-trns gray1; do
  printf '# %s\n\n![%s](%s.png)\n\nInline ![x](%s.png) too.\n' $good $good $good $good > "$T/h/$good.md"
  "$QUIRE" "$T/h/$good.md" -o "$T/h/$good.pdf" 2> "$T/h/$good.err"
  rc=$?
  check "$good: exit 0" test $rc = 0
  check "$good: no warning" test ! -s "$T/h/$good.err"
  check "$good: qpdf --check" qpdf --check "$T/h/$good.pdf" > /dev/null
  check "$good: embedded 40x30" sh -c "pdfimages -list '$T/h/$good.pdf' | awk '\$4 == 40 && \$5 == 30' | grep -q ."
done
for m in ga16 interlaced pal4-trns rgb-trns; do
  check "$m: transparency as a soft mask" sh -c "pdfimages -list '$T/h/$m.pdf' | grep -q smask"
done
for bad in truncated.png badcrc.png text.png empty.png huge.png truncated.jpg truncated-progressive.jpg; do
  printf '# Bad\n\n![The alt text of %s](%s)\n' $bad $bad > "$T/h/bad.md"
  "$QUIRE" "$T/h/bad.md" -o "$T/h/bad.pdf" 2> "$T/h/bad.err"
  rc=$?
  check "$bad: exit 0" test $rc = 0
  check "$bad: warned" grep -q "image '$bad' not used: .*; its description is shown instead" "$T/h/bad.err"
  check "$bad: qpdf --check" qpdf --check "$T/h/bad.pdf" > /dev/null
  check "$bad: no image" test "$(pdfimages -list "$T/h/bad.pdf" | tail -n +3 | wc -l)" = 0
  check "$bad: alt text set" sh -c "pdftotext '$T/h/bad.pdf' - | grep -q 'The alt text of'"
done

# --- where images are looked for ---
cp "$QUIRE_SRC/tests/corpus/img/icon.png" "$T/res/found.png"
printf '![a](found.png)\n\n![b](../h/rgb16.png)\n\n![c](/etc/passwd)\n\n![d](https://example.org/x.png)\n' > "$T/h/sub/doc.md"
"$QUIRE" "$T/h/sub/doc.md" -o "$T/res.pdf" 2> "$T/res.err" || fail "resources: exit $?"
check "not found without --resource-path" grep -q "'found.png' not used: no such file" "$T/res.err"
check "'..' refused" grep -q "'../h/rgb16.png'" "$T/res.err"
check "absolute path refused" grep -q "'/etc/passwd'" "$T/res.err"
check "URL not fetched" grep -q "'https://example.org/x.png'" "$T/res.err"
ln -s ../rgb16.png "$T/h/sub/escape.png"
ln -s "$T/res/found.png" "$T/h/sub/abs-link.png"
mkfifo "$T/h/sub/fifo.png"
mkdir "$T/h/sub/dir.png"
printf '![e](escape.png)\n\n![f](abs-link.png)\n\n![g](fifo.png)\n\n![h](dir.png)\n' >> "$T/h/sub/doc.md"
"$QUIRE" "$T/h/sub/doc.md" --resource-path "$T/nowhere:$T/res" -o "$T/res.pdf" 2> "$T/res.err" || fail "resources: exit $?"
check "found through --resource-path" sh -c "pdfimages -list '$T/res.pdf' | awk '\$4 == 16' | grep -q ."
check "symlink out of the folder refused" grep -q "'escape.png' .*outside the resource path" "$T/res.err"
check "symlink into another resource folder allowed" sh -c "! grep -q \"'abs-link.png'\" '$T/res.err'"
check "FIFO refused" grep -q "'fifo.png' .*not a regular file" "$T/res.err"
check "folder refused" grep -q "'dir.png' not used: it is a folder" "$T/res.err"
check "six refused" test "$(grep -c 'its description is shown instead' "$T/res.err")" = 6
finish
