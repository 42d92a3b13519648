# A document read from standard input has no folder of its own: the
# current folder is not its sandbox. Images come only from --resource-path;
# without it nothing a document names is even looked up (strace shows no
# system call naming the file, when strace works here).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

embedding=""
for f in epub html; do has_format "$f" && embedding="$embedding $f"; done
if [ -z "$embedding" ]; then echo "skipped: no writer embeds images"; exit 77; fi

mkdir -p cwd allowed
cp "$QUIRE_SRC/fuzz/resources/a.png" cwd/secret.png
cp "$QUIRE_SRC/fuzz/resources/a.png" allowed/ok.png
mkfifo cwd/fifo.png
here=$(pwd)

# embedded FILE FORMAT: whether an image went into the output.
embedded() {
  case $2 in
    html) grep -q 'data:image' "$1" ;;
    epub) python3 -m zipfile -l "$1" | grep -q 'images/' ;;
  esac
}

for f in $embedding; do
  # A file under the current folder, relative and absolute.
  hostile "stdin: image in the current folder ($f)" 0 \
    "image 'secret\.png' not used: a document from standard input reads files only from --resource-path" \
    "" "cwd/rel.$f" sh -c "cd cwd && printf '![x](secret.png)\n' | '$QUIRE' -f markdown - -t $f -o rel.$f"
  if embedded "cwd/rel.$f" "$f"; then fail "stdin: secret.png embedded ($f)"; else pass; fi
  hostile "stdin: absolute path in the current folder ($f)" 0 "image '$here/cwd/secret\.png' not used" \
    "" "cwd/abs.$f" sh -c "cd cwd && printf '![x]($here/cwd/secret.png)\n' | '$QUIRE' -f markdown - -t $f -o abs.$f"
  if embedded "cwd/abs.$f" "$f"; then fail "stdin: absolute secret.png embedded ($f)"; else pass; fi
  # The current folder being / made every file of the system readable.
  hostile "stdin: /etc/passwd from / ($f)" 0 "image '/etc/passwd' not used" "" "$here/root.$f" \
    sh -c "cd / && printf '![x](/etc/passwd)\n' | '$QUIRE' -f markdown - -t $f -o '$here/root.$f'"
  # A FIFO that would block whoever opens it.
  hostile "stdin: a FIFO in the current folder ($f)" 0 "image 'fifo\.png' not used" "" "cwd/fifo.$f" \
    sh -c "cd cwd && printf '![x](fifo.png)\n' | '$QUIRE' -f markdown - -t $f -o fifo.$f"
  # --resource-path is the sandbox, and only it.
  hostile "stdin: image from --resource-path ($f)" 0 '' "" "cwd/ok.$f" \
    sh -c "cd cwd && printf '![x](ok.png)\n' | '$QUIRE' --resource-path '$here/allowed' -f markdown - -t $f -o ok.$f"
  if embedded "cwd/ok.$f" "$f"; then pass; else fail "stdin: --resource-path image not embedded ($f)"; fi
  hostile "stdin: current folder with --resource-path ($f)" 0 \
    "image 'secret\.png' not used: no such file in the resource path" "" "cwd/both.$f" \
    sh -c "cd cwd && printf '![x](secret.png)\n' | '$QUIRE' --resource-path '$here/allowed' -f markdown - -t $f -o both.$f"
  if embedded "cwd/both.$f" "$f"; then fail "stdin: secret.png embedded beside --resource-path ($f)"; else pass; fi
  hostile "stdin: outside --resource-path ($f)" 0 \
    "image '$here/cwd/secret\.png' not used: it is outside the resource path \(--resource-path\)" \
    "" "cwd/out.$f" \
    sh -c "cd cwd && printf '![x]($here/cwd/secret.png)\n' | '$QUIRE' --resource-path '$here/allowed' -f markdown - -t $f -o out.$f"
done

# Without --resource-path no system call names the file at all.
if strace -f -o /dev/null true 2>/dev/null; then
  f=$(echo $embedding | cut -d' ' -f1)
  (cd cwd && printf '![x](secret.png) ![y](%s/cwd/fifo.png) ![z](/etc/passwd)\n' "$here" |
    strace -f -e trace=%file -o ../trace.txt "$QUIRE" -f markdown - -t "$f" -o traced."$f" 2>/dev/null)
  check "stdin: quire ran under strace" test -s cwd/traced."$f"
  if grep -E 'secret\.png|fifo\.png|/etc/passwd' trace.txt >/dev/null; then
    fail "stdin: a named file was looked up: $(grep -E 'secret|fifo|passwd' trace.txt | head -3)"
  else pass; fi
else
  echo "strace does not work here: the system-call check is skipped"
fi
check "the FIFO is still a FIFO" test -p cwd/fifo.png

end_suite
