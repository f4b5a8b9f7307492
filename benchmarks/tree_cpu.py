"""CPU seconds of every process a command starts (issue 15): where a build's work goes.

    python benchmarks/tree_cpu.py COMMAND [ARGS...]

    python benchmarks/tree_cpu.py python -m briefgen build --site SITE --quiet
    python benchmarks/tree_cpu.py hugo --source SITE/hugo --destination OUT --quiet

Runs the command and samples ``/proc`` (Linux) every 0.05 s: for each process of its tree, the
last user and kernel CPU time seen. ``time`` cannot say this for a build: it counts only the
children that were waited for, and briefgen's render workers are children of the forkserver,
which the build leaves without waiting (``cli.run`` exits by ``os._exit``). A process that lives
less than 0.05 s may be missed, and the last 0.05 s of each is.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def processes() -> dict[int, tuple[int, float, float, int]]:
    """pid → (parent pid, user seconds, kernel seconds, resident bytes), for every process now."""
    found = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        found[int(entry)] = (int(fields[1]), int(fields[11]) / TICKS, int(fields[12]) / TICKS, int(fields[21]) * page)
    return found


def tree(root: int, found: dict[int, tuple[int, float, float, int]]) -> set[int]:
    """``root`` and all its descendants among ``found``."""
    members, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, *_) in found.items() if ppid == parent and pid not in members]
        members.update(children)
        frontier.extend(children)
    return members


def _name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace").strip()[:100]
    except OSError:
        return "?"


def main(command: list[str]) -> int:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    seen: dict[int, tuple[float, float]] = {}
    names: dict[int, str] = {}
    while process.poll() is None:
        found = processes()
        for pid in tree(process.pid, found):
            if pid in found:
                seen[pid] = found[pid][1:3]
                names.setdefault(pid, _name(pid))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    for pid in sorted(seen, key=lambda p: -sum(seen[p])):
        user, kernel = seen[pid]
        print(f"  {user + kernel:8.2f} s CPU ({kernel:.2f} s in the kernel)  {names[pid]}")
    total = sum(user + kernel for user, kernel in seen.values())
    print(f"wall {wall:.2f} s, CPU {total:.2f} s in {len(seen)} processes, exit {process.returncode}")
    return process.returncode


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    raise SystemExit(main(sys.argv[1:]))
