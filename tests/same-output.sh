#!/usr/bin/env bash
# Byte-identical outputs across a change that must not change them.
#
#   bash tests/same-output.sh BASE_REV [NEW_QUIRE]
#
# Builds quire at BASE_REV (a Release build in a throw-away worktree, kept
# under build/same-output/ for the next run) and compares it with NEW_QUIRE
# (default: a Release build of the work tree in build/same-output/new).
# Both convert the same inputs, taken from the work tree, with
# SOURCE_DATE_EPOCH fixed: every corpus file, sample and test document, the
# manual page's source, and, when Debian's nodejs-doc is installed, each
# Node.js API document and all of them as one book; every one to every
# output format, and a few with non-default options. Prints each output
# that differs and "N passed, N failed"; exits 1 when any differs.
#
# Used for issue 13 (a restructuring with outputs unchanged) against
# fec52ed, the commit before it began.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD

base_rev=${1:?usage: bash tests/same-output.sh BASE_REV [NEW_QUIRE]}
base_sha=$(git rev-parse --verify "$base_rev^{commit}")
# SAME_OUTPUT_CACHE: where the base build and its outputs are kept (several
# work trees may share one); the outputs under test go to a fresh folder.
work=${SAME_OUTPUT_CACHE:-$src/build/same-output}
mkdir -p "$work"
new_out=$(mktemp -d "$work/out-new.XXXXXX")
trap 'rm -rf "$new_out"' EXIT

build() { # source-dir build-dir
  cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DQUIRE_TESTS=OFF -DQUIRE_WERROR=OFF >/dev/null
  cmake --build "$2" -j "$(nproc)" --target quire >/dev/null
}

base_quire=$work/base-$base_sha/build/quire
if [ ! -x "$base_quire" ]; then
  rm -rf "$work/base-$base_sha"
  git worktree add -q --detach "$work/base-$base_sha/src" "$base_sha"
  build "$work/base-$base_sha/src" "$work/base-$base_sha/build"
fi
new_quire=${2:-}
# Each conversion runs in its input's folder: the binary's path must not
# be relative.
[ -n "$new_quire" ] && new_quire=$(realpath "$new_quire")
if [ -z "$new_quire" ]; then
  build "$src" "$src/build/same-output-new"
  new_quire=$src/build/same-output-new/quire
fi

# ---- the inputs ----
inputs=()
for f in tests/corpus/*.md tests/corpus/*.txt samples/*.md samples/*.txt \
  tests/pdf/*.md tests/epub/book/*.md src/cli/quire.1.md src/read/article/FORMAT.md; do
  [ -f "$f" ] && inputs+=("$src/$f")
done
node=()
# Debian's nodejs-doc: most API docs gzipped, a few small ones plain.
mkdir -p "$work/nodejs"
for doc in /usr/share/doc/nodejs/api/*.md /usr/share/doc/nodejs/api/*.md.gz; do
  [ -e "$doc" ] || continue
  md=$work/nodejs/$(basename "$doc" .gz)
  if [ ! -f "$md" ]; then
    case $doc in *.gz) gzip -dc "$doc" >"$md" ;; *) cp "$doc" "$md" ;; esac
  fi
done
compgen -G "$work/nodejs/*.md" >/dev/null && node=("$work"/nodejs/*.md) # by name
[ ${#node[@]} -gt 0 ] ||
  echo "note: nodejs-doc is not installed; the Node.js API documents are left out" >&2

# ---- the conversions: "NAME|OPTIONS|INPUT..." ----
jobs=()
n=0
for f in "${inputs[@]}" "${node[@]}"; do
  n=$((n + 1))
  stem=$n-$(basename "$f")
  for fmt in txt tree man html epub pdf; do
    jobs+=("$stem.$fmt|-t $fmt|$f")
  done
done
for f in "${inputs[@]}"; do
  stem=$(basename "$f")
  jobs+=("$stem.toc.pdf|-t pdf --toc --toc-depth 4|$f")
  jobs+=("$stem.letter.pdf|-t pdf --paper letter --margin 20mm --fontsize 12 --ragged|$f")
  jobs+=("$stem.40.txt|-t txt --columns 40|$f")
  jobs+=("$stem.split2.epub|-t epub --split-level 2|$f")
done
corpus_md=("$src"/tests/corpus/*.md)
for fmt in txt html epub pdf; do
  jobs+=("corpus-book.$fmt|-t $fmt --toc|${corpus_md[*]}")
done
if [ ${#node[@]} -gt 0 ]; then
  for fmt in txt html epub pdf; do
    jobs+=("nodejs-book.$fmt|-t $fmt --toc|${node[*]}")
  done
fi

convert() { # quire outdir
  local q=$1 out=$2 job name opts files rc
  rm -rf "$out"
  mkdir -p "$out"
  for job in "${jobs[@]}"; do
    IFS='|' read -r name opts files <<<"$job"
    # shellcheck disable=SC2086
    (cd "$(dirname "${files%% *}")" &&
      SOURCE_DATE_EPOCH=1700000000 "$q" -q $opts $files -o "$out/$name" 2>"$out/$name.err")
    rc=$?
    echo "$rc" >"$out/$name.rc"
  done
}

# The base outputs are kept, stamped with the inputs they came from.
stamp=$( (printf '%s\n' "${jobs[@]}"; cat "${inputs[@]}" "${node[@]}") | sha256sum | cut -c1-16)
base_out=$work/out-base-$base_sha-$stamp
set +e
if [ ! -f "$base_out/.done" ]; then
  convert "$base_quire" "$base_out.tmp.$$"
  rm -rf "$base_out"
  mv "$base_out.tmp.$$" "$base_out"
  touch "$base_out/.done"
fi
convert "$new_quire" "$new_out"
set -e

passed=0
failed=0
for job in "${jobs[@]}"; do
  name=${job%%|*}
  for part in "" .rc .err; do
    a=$base_out/$name$part b=$new_out/$name$part
    if [ -e "$a" ] || [ -e "$b" ]; then
      if cmp -s "$a" "$b"; then
        passed=$((passed + 1))
      else
        echo "DIFFERS: $name$part" >&2
        failed=$((failed + 1))
      fi
    fi
  done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
