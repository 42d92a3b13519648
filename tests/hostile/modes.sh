# The output file's permissions and symbolic links. The output is written
# to a temporary file and renamed into place; that must not change what a
# plain write would keep: a replaced file keeps its permission bits, a new
# one gets 0666 less the umask, and a symbolic link is written through to
# the file it leads to (the link stays a link).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

printf '# Title\n\nSome *text* here.\n' > doc.md
mode_of() { stat -c %a "$1"; }
check_mode() { # NAME FILE WANT
  local got
  got=$(mode_of "$2")
  if [ "$got" = "$3" ]; then pass; else fail "$1: mode $got, expected $3"; fi
}

for f in txt pdf; do
  has_format "$f" || continue
  # New files: 0666 less the umask.
  for mask in 022 077 002 027; do
    rm -f "new-$mask.$f"
    hostile "new output, umask $mask ($f)" 0 '' doc.md "new-$mask.$f" \
      sh -c "umask $mask && exec '$QUIRE' doc.md -o 'new-$mask.$f'"
    check_mode "new output, umask $mask ($f)" "new-$mask.$f" \
      "$(printf '%o' $((0666 & ~0$mask)))"
  done
  # Replaced files keep their bits, whatever the umask.
  for bits in 600 640 444 755 604; do
    printf 'old\n' > "old-$bits.$f"
    chmod "$bits" "old-$bits.$f"
    hostile "replaced output, mode $bits ($f)" 0 '' doc.md "old-$bits.$f" \
      sh -c "umask 022 && exec '$QUIRE' doc.md -o 'old-$bits.$f'"
    check_mode "replaced output, mode $bits ($f)" "old-$bits.$f" "$bits"
    check "replaced output, mode $bits ($f): written" sh -c "! grep -qx old 'old-$bits.$f'"
  done
done

# Run as root, a replaced file keeps its owner and group too.
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
  printf 'old\n' > owned.txt
  chown nobody:"$(id -gn nobody)" owned.txt
  hostile "replaced output of another user" 0 '' doc.md owned.txt "$QUIRE" doc.md -o owned.txt
  check "replaced output keeps its owner" test "$(stat -c %U:%G owned.txt)" = "nobody:$(id -gn nobody)"
fi

# Symbolic links are written through.
mkdir -p there
printf 'old\n' > there/real.txt
chmod 640 there/real.txt
ln -s there/real.txt link.txt
hostile "output a link" 0 '' doc.md link.txt "$QUIRE" doc.md -o link.txt
check "output a link: still a link" test -L link.txt
check "output a link: the target written" grep -q Title there/real.txt
check "output a link: the target keeps its mode" test "$(mode_of there/real.txt)" = 640
check "output a link: no temporary file beside the target" \
  test -z "$(ls -A there | grep -v '^real\.txt$')"
# A chain of links, one relative to its own folder.
ln -s real.txt there/hop.txt
ln -s there/hop.txt chain.txt
hostile "output a chain of links" 0 '' doc.md chain.txt "$QUIRE" doc.md -t txt -o chain.txt
check "chain: both still links" test -L chain.txt -a -L there/hop.txt
check "chain: the target written" sh -c "grep -q Title there/real.txt && test \"\$(readlink there/hop.txt)\" = real.txt"
# A link to a file not there yet: the file is made, the link kept.
ln -s there/made.txt dangling.txt
hostile "output a dangling link" 0 '' doc.md dangling.txt "$QUIRE" doc.md -t txt -o dangling.txt
check "dangling link: still a link" test -L dangling.txt
check "dangling link: its target made" grep -q Title there/made.txt
# A loop of links is an error, and the links stay as they were.
ln -s loop-b.txt loop-a.txt
ln -s loop-a.txt loop-b.txt
hostile "output a loop of links" 3 'loop-a.txt: cannot write output: Too many levels of symbolic links' \
  doc.md "" "$QUIRE" doc.md -t txt -o loop-a.txt
check "loop: still links" test -L loop-a.txt -a -L loop-b.txt
# A failed run leaves the link and its target alone.
printf 'keep\n' > there/kept.txt
ln -s there/kept.txt failing.txt
hostile "output a link, failing run" 4 'no output written' "" failing.txt \
  sh -c "printf 'bad \\377\\n' | '$QUIRE' --fail-on-warning - -t txt -o failing.txt"
check "failing run: still a link to the old file" sh -c "test -L failing.txt && grep -qx keep there/kept.txt"
check "failing run: no temporary file" test -z "$(ls -A there | grep '^\.')"

end_suite
