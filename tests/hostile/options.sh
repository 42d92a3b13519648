# Hostile files named on the command line: stylesheets, fonts and covers
# that are FIFOs, devices, folders, huge or not what they claim. None may
# block, none may be read whole; each is named in a message.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

printf '# Title\n\nText.\n' > doc.md
mkfifo fifo
truncate -s 1G sparse.bin
printf 'not a font at all\n' > font.ttf
mkdir -p folder

if has_format epub; then
  hostile "--css a FIFO" 3 'fifo: cannot read the stylesheet: not a regular file' doc.md o1.epub \
    "$QUIRE" doc.md --css fifo -o o1.epub
  hostile "--css /dev/zero" 3 '/dev/zero: cannot read the stylesheet: not a regular file' doc.md o2.epub \
    "$QUIRE" doc.md --css /dev/zero -o o2.epub
  hostile "--css a 1 GB sparse file" 3 'sparse.bin: cannot read the stylesheet: larger than 64 MB' doc.md o3.epub \
    "$QUIRE" doc.md --css sparse.bin -o o3.epub
  hostile "--css a folder" 3 'folder: cannot read the stylesheet: Is a directory' doc.md o4.epub \
    "$QUIRE" doc.md --css folder -o o4.epub
  hostile "--epub-embed-font not a font" 0 'font.ttf: warning: not a TrueType, OpenType or WOFF font' \
    doc.md o5.epub "$QUIRE" doc.md --epub-embed-font font.ttf -o o5.epub
  hostile "--epub-embed-font a FIFO" 0 'fifo: warning: cannot read the font \(not a regular file\)' \
    doc.md o6.epub "$QUIRE" doc.md --epub-embed-font fifo -o o6.epub
  hostile "--epub-embed-font /dev/zero" 0 '/dev/zero: warning: cannot read the font \(not a regular file\)' \
    doc.md o7.epub "$QUIRE" doc.md --epub-embed-font /dev/zero -o o7.epub
  # A cover that cannot be read is an error, as a stylesheet is.
  hostile "--epub-cover-image a 1 GB sparse file" 3 'sparse.bin: cannot read the cover image: larger than 64 MB' \
    doc.md o8.epub "$QUIRE" doc.md --epub-cover-image sparse.bin -o o8.epub
  hostile "--epub-cover-image missing" 3 'nothing.png: cannot read the cover image: No such file or directory' \
    doc.md o10.epub "$QUIRE" doc.md --epub-cover-image nothing.png -o o10.epub
  hostile "--epub-cover-image a FIFO" 3 'fifo: cannot read the cover image: not a regular file' \
    doc.md o11.epub "$QUIRE" doc.md --epub-cover-image fifo -o o11.epub
  hostile "--epub-cover-image a folder" 3 'folder: cannot read the cover image: Is a directory' \
    doc.md o12.epub "$QUIRE" doc.md --epub-cover-image folder -o o12.epub
  hostile "--css missing" 3 'nothing.css: cannot read the stylesheet: No such file or directory' \
    doc.md o13.epub "$QUIRE" doc.md --css nothing.css -o o13.epub
  hostile "--epub-cover-image not an image" 0 'warning: cannot use the cover: not a PNG, JPEG, GIF or SVG image' \
    doc.md o9.epub "$QUIRE" doc.md --epub-cover-image font.ttf -o o9.epub
fi
if has_format html; then
  hostile "--css a FIFO (html)" 3 'fifo: cannot read the stylesheet: not a regular file' doc.md o1.html \
    "$QUIRE" doc.md --css fifo -o o1.html
fi
if has_format pdf; then
  # The PDF writer falls back to its bundled font, with a warning.
  nofont="is not a TrueType font quire can embed; using the bundled font"
  hostile "--mainfont not a font" 0 "warning: font 'font.ttf' $nofont" doc.md o1.pdf \
    "$QUIRE" doc.md --mainfont font.ttf -o o1.pdf
  hostile "--mainfont a FIFO" 0 "warning: font 'fifo' $nofont" doc.md o2.pdf \
    "$QUIRE" doc.md --mainfont fifo -o o2.pdf
  hostile "--mainfont /dev/zero" 0 "warning: font '/dev/zero' $nofont" doc.md o3.pdf \
    "$QUIRE" doc.md --mainfont /dev/zero -o o3.pdf
  hostile "--monofont a folder" 0 "warning: font 'folder' $nofont" doc.md o4.pdf \
    "$QUIRE" doc.md --monofont folder -o o4.pdf
  hostile "--mainfont a 1 GB sparse file" 0 "warning: font 'sparse.bin' $nofont" doc.md o5.pdf \
    "$QUIRE" doc.md --mainfont sparse.bin -o o5.pdf
  hostile "--mainfont not a font, fatal" 4 "font 'font.ttf' $nofont" doc.md o6.pdf \
    "$QUIRE" --fail-on-warning doc.md --mainfont font.ttf -o o6.pdf
fi
check "the FIFO is still a FIFO" test -p fifo

end_suite
