# Interrupted runs leave no temporary file. SIGINT, SIGTERM and SIGHUP
# during a long PDF: the run dies of the signal, and beside the output
# there is nothing, or the old output unchanged. SIGKILL too, where the
# system has O_TMPFILE (the output has no name until it is complete). On a
# file system without it (notmpfile.c, preloaded, fakes one) the named
# temporary file is removed on SIGINT, SIGTERM and SIGHUP.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/hostile.bash"

has_format pdf || { echo "skipped: no PDF writer"; exit 77; }
awk 'BEGIN { for (i = 0; i < 200000; i++) print "Line " i " of a long document.\n" }' > big.md

# interrupt NAME SIGNAL DIR [ENV...]: converts big.md to DIR/out.pdf, sends
# SIGNAL once the output is open, and checks what is left in DIR.
interrupt() {
  local name=$1 sig=$2 dir=$3 pid i open=no status before
  shift 3
  before=$(ls -A "$dir" | tr '\n' ' ')
  [ -e "$dir/out.pdf" ] && before="$before$(cksum < "$dir/out.pdf")"
  # A background job of a script starts with SIGINT ignored: undo that.
  env $default_int "$@" "$QUIRE" big.md -o "$dir/out.pdf" 2> err.txt &
  pid=$!
  # The output is open when the process holds a file in DIR (a named
  # temporary file, or an unnamed one: "DIR/#123 (deleted)").
  for i in $(seq 1200); do
    if ls -l "/proc/$pid/fd" 2>/dev/null | grep -q -- "/$dir/"; then open=yes; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  kill -s "$sig" "$pid" 2>/dev/null
  wait "$pid"
  status=$?
  check "$name: the output was open when the signal came" test "$open" = yes
  check "$name: died of SIG$sig (status $status)" test "$status" -eq $((128 + $(kill -l "$sig")))
  local after
  after=$(ls -A "$dir" | tr '\n' ' ')
  [ -e "$dir/out.pdf" ] && after="$after$(cksum < "$dir/out.pdf")"
  if [ "$after" = "$before" ]; then pass
  else fail "$name: left in $dir: '$after' (before: '$before')"; fi
}

sigs="TERM HUP KILL" default_int=""
if env --default-signal=INT true 2>/dev/null; then
  sigs="INT $sigs" default_int=--default-signal=INT
else
  echo "env cannot undo an ignored SIGINT here: SIGINT not tried"
fi
n=0
for sig in $sigs; do
  n=$((n + 1))
  mkdir -p "new$n" "old$n"
  interrupt "new output, SIG$sig" "$sig" "new$n"
  printf 'old output\n' > "old$n/out.pdf"
  interrupt "existing output, SIG$sig" "$sig" "old$n"
done

# The other way: a named temporary file, removed on the catchable signals.
if sanitized; then
  echo "skipped the case without O_TMPFILE: ASan will not be preloaded over"
elif cc=$(command -v cc || command -v gcc || command -v clang) &&
     "$cc" -shared -fPIC -O2 -o notmpfile.so "$QUIRE_SRC/tests/hostile/notmpfile.c" -ldl; then
  mkdir -p named
  LD_PRELOAD=$PWD/notmpfile.so "$QUIRE" big.md -t txt -o named/ok.txt 2> err.txt
  check "without O_TMPFILE: a run still writes its output" test -s named/ok.txt
  rm -f named/ok.txt
  for sig in ${sigs% KILL}; do
    n=$((n + 1))
    mkdir -p "named$n"
    interrupt "without O_TMPFILE, SIG$sig" "$sig" "named$n" LD_PRELOAD="$PWD/notmpfile.so"
    printf 'old output\n' > "named$n/out.pdf"
    interrupt "without O_TMPFILE, existing output, SIG$sig" "$sig" "named$n" \
      LD_PRELOAD="$PWD/notmpfile.so"
  done
else
  echo "skipped the case without O_TMPFILE: cannot build notmpfile.so"
fi

# A signal ignored when quire started stays ignored (nohup): the run ends
# with its output.
mkdir -p ignored
( trap '' HUP; exec "$QUIRE" big.md -t txt -o ignored/out.txt ) 2> err.txt &
pid=$!
sleep 0.3
kill -s HUP "$pid" 2>/dev/null
wait "$pid"
check "an ignored SIGHUP stays ignored" test $? -eq 0 -a -s ignored/out.txt

end_suite
