"""Turns bench/run's measurements into bench/results.md."""
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

def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()

def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
    except Exception:
        return "?"

print("# Benchmark results\n")
print(f"Machine: {cpu()}, {os.cpu_count()} cores, Linux {platform.release()}.")
print(f"Peers: {version(['pandoc', '--version'])}; cmark-gfm {version(['cmark-gfm', '--version'])}.")
print(f"Medians of {sys.argv[2]} runs (pandoc: at most 3, and 1 above 5 MB; pdfroff: 1).")
print("Produced by `bash bench/run`.\n")

def fmt_t(v):
    return "fail" if v is None else f"{v[0]:.3f} s"

def fmt_m(v):
    return "" if v is None else f"{v[1] / 1024:.0f} MB"

tools = ["floor-cmark", "quire-txt", "quire-epub", "quire-pdf",
         "pandoc-plain", "pandoc-epub", "pandoc-pdfroff"]
print("## Medians (wall time, peak RSS)\n")
print("| input | MB | " + " | ".join(tools) + " |")
print("|---|---:|" + "---:|" * len(tools))
for name in order:
    cells = []
    for t in tools:
        v = rows[name].get(t, "absent")
        cells.append("—" if v == "absent" else f"{fmt_t(v)}, {fmt_m(v)}")
    print(f"| {name} | {sizes[name] / 1048576:.2f} | " + " | ".join(cells) + " |")

def ratio(a, b):
    if a is None or b is None or a == "absent" or b == "absent" or a[0] == 0:
        return "—"
    return f"{b[0] / a[0]:.1f}×"

print("\n## Ratios (same run)\n")
print("| input | txt / floor | epub / floor | pandoc plain / quire txt | pandoc epub3 / quire epub | pandoc pdfroff / quire pdf | quire pdf RSS / pandoc pdfroff RSS |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name in order:
    r = rows[name]
    g = lambda k: r.get(k, "absent")
    def slower(x, y):  # x / floor
        if x in (None, "absent") or y in (None, "absent") or y[0] == 0:
            return "—"
        return f"{x[0] / y[0]:.2f}"
    rss = "—"
    if g("quire-pdf") not in (None, "absent") and g("pandoc-pdfroff") not in (None, "absent"):
        rss = f"{g('quire-pdf')[1] / g('pandoc-pdfroff')[1]:.2f}"
    print(f"| {name} | {slower(g('quire-txt'), g('floor-cmark'))} | {slower(g('quire-epub'), g('floor-cmark'))} "
          f"| {ratio(g('quire-txt'), g('pandoc-plain'))} | {ratio(g('quire-epub'), g('pandoc-epub'))} "
          f"| {ratio(g('quire-pdf'), g('pandoc-pdfroff'))} | {rss} |")

print("\n## Scaling (seconds per MB at 32 MB / at 1 MB)\n")
one = next((n for n in order if n.startswith("corpus-1MB")), None)
big = next((n for n in order if n.startswith("corpus-32MB")), None)
if one and big:
    for t in ["quire-txt", "quire-epub", "quire-pdf", "floor-cmark"]:
        a, b = rows[one].get(t), rows[big].get(t)
        if a and b and a[0] > 0:
            print(f"- {t}: {(b[0] / (sizes[big] / 1048576)) / (a[0] / (sizes[one] / 1048576)):.2f}")
else:
    print("(not measured in this run)")
