# Hostile images: a document may read files only from the resource path
# (its folder and below, --resource-path), only regular files, nothing
# large, nothing from the network. Every refusal is a warning naming the
# image; the alt text stands in; the secret never reaches the output.
# Run through every writer that embeds images (EPUB and HTML when they
# are built). The PDF writer reads no image at all.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

# The PDF writer draws no images (it sets the alt text in brackets), so
# it reads no file a document names.
embedding=""
for f in epub html; do has_format "$f" && embedding="$embedding $f"; done
if [ -z "$embedding" ]; then echo "skipped: no writer embeds images"; exit 77; fi

mkdir -p book/img outside
printf 'SECRET-OUTSIDE-4242\n' > outside/secret.png
ln -s ../../outside/secret.png book/img/link-out.png
mkfifo book/img/fifo.png
truncate -s 1G book/img/huge.png
mkdir -p book/img/folder.png
# A real PNG (2x2), to show that good images still go in.
cp "$QUIRE_SRC/fuzz/resources/a.png" book/img/ok.png
cp "$QUIRE_SRC/fuzz/resources/a.png" outside/shared.png

# image_case NAME URL REASON: one document with that image, to each format.
image_case() {
  local name=$1 url=$2 reason=$3 f
  printf '# Images\n\nBefore.\n\n![ALT-%s](%s)\n\nAfter.\n' "$name" "$url" > "book/$name.md"
  for f in $embedding; do
    hostile "image: $name ($f)" 0 "book/$name\.md:5:1: warning: image '$(printf '%s' "$url" | sed 's/[][\.*^$/]/\\&/g')' not used: $reason" \
      "book/$name.md" "book/$name.$f" "$QUIRE" "book/$name.md" -o "book/$name.$f"
    if [ "$f" = epub ]; then
      python3 -m zipfile -e "book/$name.epub" "book/$name-epub" 2>/dev/null
      check "image: $name ($f): alt text shown" grep -rq "ALT-$name" "book/$name-epub"
      check "image: $name ($f): no secret" sh -c "! grep -rq SECRET-OUTSIDE 'book/$name-epub'"
      check "image: $name ($f): no image file" sh -c "! ls 'book/$name-epub'/EPUB/images 2>/dev/null | grep -q ."
      rm -rf "book/$name-epub"
    elif [ "$f" = html ]; then
      check "image: $name ($f): alt text shown" grep -q "ALT-$name" "book/$name.$f"
      check "image: $name ($f): no secret" sh -c "! grep -q \"\$(printf 'SECRET-OUTSIDE-4242\n' | base64)\" 'book/$name.$f'"
      check "image: $name ($f): no image embedded" sh -c "! grep -q 'data:image' 'book/$name.$f'"
    fi
    rm -f "book/$name.$f"
  done
}

image_case missing img/nothing.png 'no such file in the resource path'
image_case folder img/folder.png 'it is a folder'
image_case dev-zero /dev/zero 'it is outside the resource path'
image_case fifo img/fifo.png 'it is not a regular file'
image_case sparse-1g img/huge.png 'larger than 64 MB'
image_case etc-passwd /etc/passwd 'it is outside the resource path'
image_case dotdot ../outside/secret.png 'it is outside the resource path'
image_case dotdot-deep img/../../outside/secret.png 'it is outside the resource path'
image_case symlink-out img/link-out.png 'it is outside the resource path'
image_case http http://example.com/a.png 'remote files are never fetched'
image_case https https://example.com/a.png 'remote files are never fetched'
image_case file-url file:///etc/passwd 'only local files may be used'

# --resource-path widens the sandbox, and only by what it names.
printf '![ALT-shared](shared.png)\n' > book/shared.md
for f in $embedding; do
  hostile "image from --resource-path ($f)" 0 '' book/shared.md "book/shared.$f" \
    "$QUIRE" --resource-path outside book/shared.md -o "book/shared.$f"
done
# A good image still goes in, beside refused ones.
printf '![good](img/ok.png) ![bad](/etc/passwd)\n' > book/mixed.md
for f in $embedding; do
  hostile "good and refused image ($f)" 0 "image '/etc/passwd' not used" book/mixed.md \
    "book/mixed.$f" "$QUIRE" book/mixed.md -o "book/mixed.$f"
done
has_format html && check "good image embedded in HTML" grep -q 'data:image/png' book/mixed.html
# And --fail-on-warning turns a refusal into a failure with no output.
hostile "refused image, fatal" 4 "image '/etc/passwd' not used" book/mixed.md book/fatal.epub \
  "$QUIRE" --fail-on-warning book/mixed.md -t "$(echo $embedding | cut -d' ' -f1)" -o book/fatal.epub
check "the FIFO is untouched" test -p book/img/fifo.png

end_suite
