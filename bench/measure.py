"""Runs a command several times; prints "wall cpu rss" (median seconds of
wall-clock time, median seconds of CPU time, user + system, children
included, and the largest peak RSS in KB, from GNU time), or "fail".

    python3 bench/measure.py RUNS SCRATCH_DIR CMD...

Wall time is what a user waits for; CPU time is what the conversion costs,
and stays meaningful when other work shares the machine."""
import os, statistics, subprocess, sys, time

runs, scratch, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
rss_file = os.path.join(scratch, "rss.txt")
walls, cpus, rss = [], [], 0
for _ in range(runs):
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        print("fail")
        sys.exit(0)
    walls.append(wall)
    cpus.append(usage.ru_utime + usage.ru_stime)
    with open(rss_file) as f:
        rss = max(rss, int(f.read().split()[-1]))
print(f"{statistics.median(walls):.4f} {statistics.median(cpus):.4f} {rss}")
