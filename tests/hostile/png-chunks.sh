# A PNG chunk that declares more bytes than the file holds: a 141-byte
# file whose tEXt, iTXt or zTXt chunk claims 0x7ffffff0 bytes made libpng
# allocate 2 GB before finding the data missing. Chunk lengths are checked
# against the file first: the image is refused with a warning, its
# description stands in, and the run's peak memory stays small, in every
# writer that embeds images.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

command -v python3 > /dev/null || { echo "skipped: no python3"; exit 77; }
[ -x /usr/bin/time ] || { echo "skipped: no /usr/bin/time"; exit 77; }
embedding=""
for f in pdf epub html; do has_format "$f" && embedding="$embedding $f"; done
[ -n "$embedding" ] || { echo "skipped: no writer embeds images"; exit 77; }

python3 - <<'PY'
import struct, zlib
def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data) & 0xFFFFFFFF)
sig = b"\x89PNG\r\n\x1a\n"
ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
idat = chunk(b"IDAT", zlib.compress(b"\0\0"))
iend = chunk(b"IEND", b"")
for t in (b"tEXt", b"iTXt", b"zTXt"):
    # The keyword and some text, then the CRC: the file is far shorter
    # than the length the chunk declares.
    body = b"Comment\0" + b"x" * (141 - 8 - 25 - 12 - 8 - len(idat) - len(iend))
    lying = struct.pack(">I", 0x7FFFFFF0) + t + body + b"\0\0\0\0"
    name = t.decode().lower()
    with open(name + "-first.png", "wb") as f:
        f.write(sig + ihdr + lying + idat + iend)
    with open(name + "-last.png", "wb") as f:
        f.write(sig + ihdr + idat + lying + iend)
PY

for png in text-first text-last itxt-first itxt-last ztxt-first ztxt-last; do
  printf '# Image\n\n![ALT-%s](%s.png)\n\nAfter.\n' "$png" "$png" > "$png.md"
  for f in $embedding; do
    hostile "$png ($f)" 0 "$png\.md:3:1: warning: image '$png\.png'( not used)?: the PNG file is truncated" \
      "$png.md" "$png.$f" /usr/bin/time -o peak.txt -f %M "$QUIRE" "$png.md" -o "$png.$f"
    peak=$(tail -1 peak.txt)
    # quire's own baseline is about 10 MB; 2 GB before the check.
    if [ "$peak" -lt 150000 ]; then pass; else fail "$png ($f): peak memory ${peak} KB"; fi
    case $f in
      pdf) command -v pdftotext > /dev/null &&
        check "$png (pdf): alt text shown" sh -c "pdftotext '$png.pdf' - | grep -q 'ALT-$png'" ;;
      epub)
        python3 -m zipfile -e "$png.epub" "$png-epub"
        check "$png (epub): alt text shown" grep -rq "ALT-$png" "$png-epub"
        check "$png (epub): no image" sh -c "! ls '$png-epub'/EPUB/images 2>/dev/null | grep -q ."
        rm -rf "$png-epub" ;;
      html)
        check "$png (html): alt text shown" grep -q "ALT-$png" "$png.html"
        check "$png (html): no image" sh -c "! grep -q 'data:image' '$png.html'" ;;
    esac
    rm -f "$png.$f"
  done
done

end_suite
