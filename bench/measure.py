"""Runs commands several times; prints "wall cpu rss" for each (median
seconds of wall-clock time, median seconds of CPU time, user + system,
children included, and the largest peak RSS in KB, from GNU time), or
"fail".

    python3 bench/measure.py RUNS SCRATCH_DIR CMD...
    python3 bench/measure.py RUNS SCRATCH_DIR -- CMD1... -- CMD2... ...

With several commands the runs take turns (1 2 3, 1 2 3, ...), so that a
neighbour's burst of work on the shared machine falls on all of them
alike instead of on whichever was running; one line per command, in
order. Wall time is what a user waits for; CPU time is what the
conversion costs, and stays meaningful when other work shares the
machine."""
import os, statistics, subprocess, sys, time

runs, scratch, rest = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
if rest and rest[0] == "--":
    cmds, cur = [], []
    for a in rest[1:]:
        if a == "--":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    cmds.append(cur)
else:
    cmds = [rest]
rss_file = os.path.join(scratch, "rss.txt")
walls = [[] for _ in cmds]
cpus = [[] for _ in cmds]
rss = [0 for _ in cmds]
failed = [False for _ in cmds]
for _ in range(runs):
    for i, cmd in enumerate(cmds):
        if failed[i]:
            continue
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            failed[i] = True
            continue
        walls[i].append(wall)
        cpus[i].append(usage.ru_utime + usage.ru_stime)
        with open(rss_file) as f:
            rss[i] = max(rss[i], int(f.read().split()[-1]))
for i in range(len(cmds)):
    if failed[i]:
        print("fail")
    else:
        print(f"{statistics.median(walls[i]):.4f} {statistics.median(cpus[i]):.4f} {rss[i]}")
