# The size an <img> (or pandoc's "![](x.png){width=...}") asks for (width, height: CSS pixels at 96 per inch,
# or a percentage of the text width) is the size the PDF draws it at:
# both sides as given, one side with the aspect ratio kept, never wider
# than the text; a figure's row of images, each at its size. Read back as pdfimages' resolution: a side of P pixels
# drawn over S points has P * 72 / S pixels per inch.
. "$(dirname "$0")/../lib.sh"
T=$QUIRE_TMP
mkdir -p "$T/img"
cp "$QUIRE_SRC"/tests/corpus/img/* "$T/img/"
cat > "$T/d.md" <<'MD'
# Sizes

<img src="img/photo.jpg" alt="" width="100%">

<img src="img/gradient.png" alt="" width="180" height="120">

<img src="img/wide.png" alt="" width="300">

<img src="img/disc.png" alt="" height="60px">

<img src="img/photo.jpg" alt="" width="50%">

<img src="img/gray.jpg" alt="" width="20000">

<img src="img/icon.png" alt="" width="32" height="64">

![](img/gradient.png)

![](img/gradient.png){width=90px}

<figure>
<img src="img/disc.png" alt="Disc"> <img src="img/icon.png" alt="Icon">
<figcaption>Two images in one figure</figcaption>
</figure>
MD
"$QUIRE" -q "$T/d.md" -o "$T/d.pdf" || fail "exit $?"
check "qpdf --check" qpdf --check "$T/d.pdf" > /dev/null
pdfimages -list "$T/d.pdf" | tail -n +3 | awk '$3 == "image" {print $4, $5, $13, $14}' > "$T/list"
check "sizes as asked" python3 - "$T/list" <<'PY'
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
assert len(rows) == 11, rows
def ppi(k, x, y):
    w, h, px, py = rows[k]
    assert abs(px - x) <= 1 and abs(py - y) <= 1, (k, rows[k], x, y)
full = rows[0][2]                   # the photo at 100%: the text width
text = 320 * 72 / full
assert 300 < text < 500, text
ppi(1, 192, 192)                    # 180 x 120 px of 360 x 240: half
ppi(2, 384, 384)                    # 300 px of 1200: a quarter, aspect kept
ppi(3, 192, 192)                    # 60 px high of 120: half, aspect kept
ppi(4, 2 * full, 2 * full)          # 50%: half the text width
ppi(5, full / 2, full / 2)          # 20000 px: no wider than the text
ppi(6, 48, 24)                      # 32 x 64 px of 16 x 16: both as given
ppi(7, 96, 96)                      # no size: its own pixels at 96 dpi
ppi(8, 384, 384)                    # pandoc's {width=90px}: a quarter
ppi(9, 96, 96)                      # a figure's images, each at its own
ppi(10, 96, 96)                     # size, not shrunk to a line of text
PY
cat "$T/list" >&2
finish
