"""Writes the synthetic benchmark corpus: the Markdown test corpus and the
samples, front matter removed (it is valid only at the top), concatenated
and repeated to a size in MB, cut at a blank line.

    python3 bench/corpus.py SIZE_MB OUT.md"""
import glob, os, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
parts = []
for pattern in ("tests/corpus/*.md", "samples/*.md", "samples/*.txt"):
    for path in sorted(glob.glob(os.path.join(root, pattern))):
        t = open(path, encoding="utf-8", errors="replace").read()
        if t.startswith("---\n"):
            end = t.find("\n---\n", 4)
            if end > 0:
                t = t[end + 5:]
        parts.append(t + "\n\n")
data = "".join(parts).encode("utf-8")
want = int(float(sys.argv[1]) * 1024 * 1024)
out = bytearray()
while len(out) < want:
    out += data
cut = out.rfind(b"\n\n", 0, want)
open(sys.argv[2], "wb").write(out[: cut + 1 if cut > 0 else want])
