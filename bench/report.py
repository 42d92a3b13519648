"""Turns bench/run's measurements into bench/results.md.

    python3 bench/report.py RESULTS.tsv RUNS QUICK

Each row of RESULTS.tsv: input, size in bytes, tool, and "wall cpu rss"
(median seconds, median CPU seconds, peak RSS in KB) or "fail"."""
import os, platform, subprocess, sys
from collections import defaultdict

rows = defaultdict(dict)
sizes = {}
order = []
for line in open(sys.argv[1]):
    name, size, tool, result = line.rstrip("\n").split("\t")
    if name not in sizes:
        order.append(name)
    sizes[name] = int(size)
    rows[name][tool] = None if result == "fail" else tuple(float(x) for x in result.split())
runs, quick = sys.argv[2], sys.argv[3] == "1"

def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()

def mem_total():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            return f"{int(line.split()[1]) / 1048576:.0f} GB RAM"
    return "?"

def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
    except Exception:
        return "?"

def get(name, tool):
    """The measurement, None when it failed, "absent" when not run."""
    return rows[name].get(tool, "absent")

def ok(v):
    return v not in (None, "absent")

WALL, CPU, RSS = 0, 1, 2

print("# Benchmark results\n")
print(f"Machine: {cpu_model()}, {os.cpu_count()} cores, {mem_total()}, "
      f"Linux {platform.release()}; load average at the end "
      f"{os.getloadavg()[0]:.1f} (other work shared the machine: see CPU time).  ")
print(f"Peers: {version(['pandoc', '--version'])}; {version(['cmark-gfm', '--version'])}; "
      f"{version(['groff', '--version'])}.  ")
print(f"Produced by `bash bench/run{' --quick' if quick else ''}`: medians of {runs} runs, "
      "the floor and quire's three writers taking turns run by run (pandoc: 3 runs up to 1 MB, 1 above, not run above 16 MB; pdfroff: 1 run, "
      "inputs up to 4 MB). The floor is `cmark-gfm -e table -e strikethrough -e autolink "
      "-e tasklist --smart -t html`: parsing alone, plus cmark's own HTML output.  ")
print("nodejs-api-all is the 64 files of /usr/share/doc/nodejs/api concatenated; "
      "nodejs-api-each converts them one by one (sum of the per-file medians, largest RSS).\n")

tools = ["floor-cmark", "quire-txt", "quire-epub", "quire-pdf",
         "pandoc-plain", "pandoc-epub", "pandoc-pdfroff"]

def cell(v):
    if v == "absent":
        return "—"
    if v is None:
        return "fail"
    return f"{v[WALL]:.3f} / {v[CPU]:.3f} s, {v[RSS] / 1024:.0f} MB"

print("## Medians (wall / CPU seconds, peak RSS)\n")
print("| input | MB | " + " | ".join(tools) + " |")
print("|---|---:|" + "---:|" * len(tools))
for name in order:
    cells = [cell(get(name, t)) for t in tools]
    print(f"| {name} | {sizes[name] / 1048576:.2f} | " + " | ".join(cells) + " |")

def over(a, b, k=CPU, fmt="{:.2f}"):
    """a / b on measure k, or a dash."""
    if not ok(a) or not ok(b) or b[k] == 0:
        return None
    return a[k] / b[k]

def show(x, fmt="{:.2f}"):
    return "—" if x is None else fmt.format(x)

print("\n## Ratios (same run; CPU time unless marked wall)\n")
print("| input | txt / floor | epub / floor | pandoc plain / quire txt | "
      "pandoc epub3 / quire epub | pandoc pdfroff / quire pdf (wall) | "
      "RSS quire / pandoc: txt, epub, pdf |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name in order:
    g = lambda t: get(name, t)
    rss = ", ".join(show(over(g(q), g(p), RSS)) for q, p in
                    [("quire-txt", "pandoc-plain"), ("quire-epub", "pandoc-epub"),
                     ("quire-pdf", "pandoc-pdfroff")])
    print(f"| {name} | {show(over(g('quire-txt'), g('floor-cmark')))} "
          f"| {show(over(g('quire-epub'), g('floor-cmark')))} "
          f"| {show(over(g('pandoc-plain'), g('quire-txt')), '{:.1f}×')} "
          f"| {show(over(g('pandoc-epub'), g('quire-epub')), '{:.1f}×')} "
          f"| {show(over(g('pandoc-pdfroff'), g('quire-pdf')), '{:.1f}×')} "
          f"({show(over(g('pandoc-pdfroff'), g('quire-pdf'), WALL), '{:.1f}×')}) "
          f"| {rss} |")

corpora = [n for n in order if n.startswith("corpus-")]
one = next((n for n in corpora if n == "corpus-1MB"), None)
big = max(corpora, key=lambda n: sizes[n]) if corpora else None
scaling = {}
print(f"\n## Scaling (time per MB on {big} / on {one})\n")
if one and big and big != one:
    print("| tool | CPU | wall |")
    print("|---|---:|---:|")
    for t in ["floor-cmark", "quire-txt", "quire-epub", "quire-pdf"]:
        a, b = get(one, t), get(big, t)
        if ok(a) and ok(b):
            per = lambda v, n, k: v[k] / (sizes[n] / 1048576)
            scaling[t] = per(b, big, CPU) / per(a, one, CPU)
            print(f"| {t} | {scaling[t]:.2f} | "
                  f"{per(b, big, WALL) / per(a, one, WALL):.2f} |")
else:
    print("(not measured in this run)")

# The targets, checked on this run's figures.
print("\n## Targets\n")
def verdict(good):
    return "met" if good else "**missed**"

def worst(tool, base, inputs):
    vals = [(over(get(n, tool), get(n, base)), n) for n in inputs]
    vals = [(v, n) for v, n in vals if v is not None]
    return max(vals) if vals else (None, None)

inputs = [n for n in order if n != "nodejs-api-each"]
big_inputs = [n for n in inputs if sizes[n] >= 1048576]
for tool, limit, label in [("quire-txt", 1.5, "txt ≤ 1.5× the floor"),
                           ("quire-epub", 2.5, "epub ≤ 2.5× the floor")]:
    v, n = worst(tool, "floor-cmark", big_inputs)
    if v is not None:
        print(f"- {label} (inputs of 1 MB and more): worst {v:.2f} on {n}: {verdict(v <= limit)}.")
real = "nodejs-api-all"
if real in rows:
    v = over(get(real, "pandoc-pdfroff"), get(real, "quire-pdf"), WALL)
    c = over(get(real, "pandoc-pdfroff"), get(real, "quire-pdf"))
    if v is not None:
        print(f"- pdf ≥ 20× faster than pandoc with pdfroff on {real}: {v:.1f}× wall, "
              f"{c:.1f}× CPU: {verdict(v >= 20)}.")
if scaling:
    w = max(scaling, key=scaling.get)
    print(f"- time per MB at {big} within 1.3× of that at {one}: worst {scaling[w]:.2f} "
          f"({w}, CPU): {verdict(scaling[w] <= 1.3)}.")
pairs = [("quire-txt", "pandoc-plain"), ("quire-epub", "pandoc-epub"),
         ("quire-pdf", "pandoc-pdfroff")]
r = [(over(get(n, q), get(n, p), RSS), n, q) for n in inputs for q, p in pairs]
r = [x for x in r if x[0] is not None]
if r:
    v, n, q = max(r)
    print(f"- peak RSS ≤ 1/5 of pandoc's: worst {v:.2f} ({q} on {n}): {verdict(v <= 0.2)}.")
