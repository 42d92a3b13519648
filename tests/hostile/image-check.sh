# One image check for every writer: a PNG or JPEG file that the PDF
# writer refuses is refused by EPUB and HTML too, which embedded these
# before with no warning: a bad CRC, a bad row filter, image data cut
# short inside its chunk, no size, bit depth 3, colour type 5, a 16-bit
# palette, a palette image without PLTE, no IDAT, more than 40 million
# pixels (100000 x 100000, 1 x 10,000,000, a JPEG of 65535 x 65535), a
# JPEG of 0 x 0, a 12-bit, a lossless and an arithmetic-coded JPEG. Each
# gives the same warning in every writer, and its description stands in.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

command -v python3 > /dev/null || { echo "skipped: no python3"; exit 77; }
writers=""
for f in pdf epub html; do has_format "$f" && writers="$writers $f"; done
[ -n "$writers" ] || { echo "skipped: no writer embeds images"; exit 77; }

python3 - "$QUIRE_SRC/tests/corpus/img/photo.jpg" <<'PY'
import struct, sys, zlib
def chunk(t, data, crc=None):
    c = zlib.crc32(t + data) & 0xFFFFFFFF if crc is None else crc
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", c)
def png(w, h, depth, ctype, raw, plte=None, idat=True, ihdr_crc=None):
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0), ihdr_crc)
    if plte:
        out += chunk(b"PLTE", plte)
    if idat:
        out += chunk(b"IDAT", zlib.compress(raw))
    return out + chunk(b"IEND", b"")
def write(name, data):
    with open(name, "wb") as f:
        f.write(data)
gray = b"".join(b"\0" + bytes(range(8)) for _ in range(8))  # 8x8, 8-bit gray
write("good.png", png(8, 8, 8, 0, gray))
write("bad-crc.png", png(8, 8, 8, 0, gray, ihdr_crc=0x12345678))
write("bad-filter.png", png(8, 8, 8, 0, b"".join(b"\x09" + bytes(8) for _ in range(8))))
cut = png(8, 8, 8, 0, gray)
z = zlib.compress(gray)[:-12]  # the deflate stream cut short, the chunk whole
write("truncated-idat.png", cut[:33] + chunk(b"IDAT", z) + chunk(b"IEND", b""))
write("zero-width.png", png(0, 8, 8, 0, b""))
write("depth-3.png", png(8, 8, 3, 0, gray))
write("colour-type-5.png", png(8, 8, 8, 5, gray))
write("palette-16.png", png(8, 8, 16, 3, gray, plte=bytes(6)))
write("palette-no-plte.png", png(8, 8, 8, 3, b"".join(b"\0" + bytes(8) for _ in range(8))))
write("no-idat.png", png(8, 8, 8, 0, gray, idat=False))
write("huge.png", png(100000, 100000, 8, 0, b"\0" * 100001))
write("tall.png", png(1, 10000000, 8, 0, b"\0\0" * 1000))
jpg = open(sys.argv[1], "rb").read()
sof = jpg.index(b"\xff\xc0")
def patched(marker=0xC0, precision=8, h=None, w=None):
    d = bytearray(jpg)
    d[sof + 1] = marker
    d[sof + 4] = precision
    if h is not None:
        d[sof + 5:sof + 9] = struct.pack(">HH", h, w)
    return bytes(d)
write("good.jpg", jpg)
write("huge.jpg", patched(h=65535, w=65535))
write("zero.jpg", patched(h=0, w=0))
write("12-bit.jpg", patched(precision=12))
write("lossless.jpg", patched(marker=0xC3))
write("arithmetic.jpg", patched(marker=0xC9))
PY

for img in bad-crc.png bad-filter.png truncated-idat.png zero-width.png depth-3.png \
  colour-type-5.png palette-16.png palette-no-plte.png no-idat.png huge.png tall.png \
  huge.jpg zero.jpg 12-bit.jpg lossless.jpg arithmetic.jpg; do
  printf '# Image\n\n![ALT-%s](%s)\n\nAfter.\n' "$img" "$img" > "$img.md"
  : > "$img.warnings"
  for f in $writers; do
    hostile "$img ($f)" 0 "$img\.md:3:1: warning: image '$img' not used: [^;]+; its description is shown instead" \
      "$img.md" "$img.$f" "$QUIRE" "$img.md" -o "$img.$f"
    cat err.txt >> "$img.warnings"
    case $f in
      pdf) command -v pdftotext > /dev/null &&
        check "$img (pdf): alt text shown" sh -c "pdftotext '$img.pdf' - | grep -q 'ALT-$img'" ;;
      epub)
        python3 -m zipfile -e "$img.epub" "$img-epub"
        check "$img (epub): alt text shown" grep -rq "ALT-$img" "$img-epub"
        check "$img (epub): no image" sh -c "! ls '$img-epub'/EPUB/images 2>/dev/null | grep -q ."
        rm -rf "$img-epub" ;;
      html)
        check "$img (html): alt text shown" grep -q "ALT-$img" "$img.html"
        check "$img (html): no image" sh -c "! grep -q 'data:image' '$img.html'" ;;
    esac
    rm -f "$img.$f"
  done
  # The same words from every writer.
  check "$img: one warning, the same in every writer" test "$(sort -u "$img.warnings" | wc -l)" = 1
done

# The good files beside them still go in.
for img in good.png good.jpg; do
  printf '![ALT](%s)\n' "$img" > "$img.md"
  for f in $writers; do
    hostile "$img ($f)" 0 '' "$img.md" "$img.$f" "$QUIRE" "$img.md" -o "$img.$f"
  done
done

end_suite
