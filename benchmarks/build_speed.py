"""Build speed and memory: briefgen against Hugo + Pagefind on the same generated content (issue 15).

    python benchmarks/build_speed.py [--sizes 2000,10000] [--rounds 3] [--dir DIR] [--install-hugo]

For each size, benchmarks/make_site.py writes N briefings in briefgen's format and the same
content as a Hugo site. A Hugo user who wants what briefgen gives (term pages, feeds, full-text
search) runs ``hugo`` and then Pagefind over its output: that pair is the reference, with
Pagefind from the same wheel briefgen uses. In one run on this machine, ``--rounds`` times,
alternating briefgen and the reference so that both see the same machine load:
  - briefgen cold build (no cache, no previous output) / hugo + pagefind cold (and hugo alone),
  - briefgen rebuild after editing one briefing's body / hugo + pagefind after the same edit,
  - briefgen rebuild with no change (answered from file stats after the first, see uptodate.py),
each command in its own process, with wall time and the peak memory of its whole process
tree (the builder, its workers and Pagefind, sampled from /proc every 0.1 s). Medians are
reported, with the ratios briefgen / reference. ``--install-hugo`` installs Debian's hugo.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_site import generate  # noqa: E402
from tree_cpu import processes, tree  # noqa: E402


@dataclass
class Run:
    label: str
    seconds: float
    peak_mb: float
    pages: int


def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    found = processes()
    return sum(found[pid][3] for pid in tree(root, found) if pid in found) / (1024 * 1024)


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Run a command; return wall seconds, peak memory of its process tree (MB) and its stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_mb(process.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}\n{err}")
    return seconds, peak, out


def compile_briefgen() -> None:
    """Compile briefgen's modules to bytecode first. Installed from a wheel they are compiled at
    install, and a checkout's are compiled by its first run, unless PYTHONDONTWRITEBYTECODE is
    set (as in some shells and CI): then every build process compiles about 40 modules again,
    0.25 s measured on each one-edit and no-change rebuild that a user would not see."""
    import compileall

    import briefgen as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def briefgen(site: Path, *extra: str) -> tuple[float, float, str]:
    return timed([sys.executable, "-m", "briefgen", "build", "--site", str(site), *extra])


def hugo_pagefind(hugo: str, site: Path, destination: Path) -> tuple[float, float, float]:
    """Hugo, then Pagefind over its output: (total seconds, peak MB of either, Hugo's seconds)."""
    hugo_seconds, hugo_peak, _ = timed([hugo, "--source", str(site / "hugo"), "--destination", str(destination),
                                        "--quiet"])
    search_seconds, search_peak, _ = timed([sys.executable, "-m", "pagefind", "--site", str(destination)])
    return hugo_seconds + search_seconds, max(hugo_peak, search_peak), hugo_seconds


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))


def edit(site: Path, number: int) -> None:
    files = sorted((site / "content").rglob("*.md"))
    path = files[(number * 7919) % len(files)]
    path.write_text(path.read_text() + f"\nAn edit made for the benchmark, number {number}.\n")


def bench_size(count: int, root: Path, hugo: str | None, rounds: int) -> list[Run]:
    site = root / f"site-{count}"
    if not (site / "content").is_dir():
        print(f"  generating {count} briefings ...", flush=True)
        generate(count, site, hugo=True)
    results: dict[str, list[tuple[float, float]]] = {}

    def note(label: str, seconds: float, peak: float) -> None:
        results.setdefault(label, []).append((seconds, peak))

    destination = root / f"hugo-out-{count}"
    for round_number in range(rounds):
        for stale in (site / "output", site / ".briefgen-cache", site / ".output.standby", destination):
            shutil.rmtree(stale, ignore_errors=True)
        seconds, peak, _ = briefgen(site, "--quiet")
        note("briefgen cold build", seconds, peak)
        if hugo:
            total, peak, alone = hugo_pagefind(hugo, site, destination)
            note("hugo + pagefind cold", total, peak)
            note("hugo alone cold", alone, 0.0)
        edit(site, 2 * round_number)
        briefgen(site, "--quiet")  # the first rebuild keeps the previous site as the standby tree
        edit(site, 2 * round_number + 1)
        seconds, peak, _ = briefgen(site, "--quiet")
        note("briefgen one-briefing edit", seconds, peak)
        if hugo:
            hugo_edit(site, round_number)
            total, peak, alone = hugo_pagefind(hugo, site, destination)
            note("hugo + pagefind after one edit", total, peak)
            note("hugo alone after one edit", alone, 0.0)
        time.sleep(2.5)  # the build just after an edit is not recorded for the up-to-date check
        briefgen(site, "--quiet")
        seconds, peak, _ = briefgen(site, "--quiet")
        note("briefgen no-change rebuild", seconds, peak)
    pages = count_pages(site / "output")
    return [Run(label, statistics.median(s for s, _ in values), max(p for _, p in values), pages)
            for label, values in results.items()]


def hugo_edit(site: Path, number: int) -> None:
    files = sorted((site / "hugo/content/briefings").glob("*.md"))
    path = files[(number * 7919) % len(files)]
    path.write_text(path.read_text() + f"\nAn edit made for the benchmark, number {number}.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,10000", help="comma-separated numbers of briefings (e.g. 2000,10000,100000)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per size; medians are reported")
    parser.add_argument("--dir", type=Path, help="work directory, kept for reruns (default: temporary)")
    parser.add_argument("--install-hugo", action="store_true", help="apt-get install hugo if it is missing")
    args = parser.parse_args()
    hugo = shutil.which("hugo")
    if hugo is None and args.install_hugo:
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=False)
        hugo = shutil.which("hugo")
    if hugo:
        print(subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip())
    else:
        print("hugo not installed: briefgen figures only (use --install-hugo)")
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    compile_briefgen()
    root = args.dir or Path(tempfile.mkdtemp(prefix="briefgen-speed-"))
    try:
        for count in (int(x) for x in args.sizes.split(",")):
            print(f"\n{count} briefings", flush=True)
            runs = bench_size(count, root, hugo, args.rounds)
            print(f"  {'':30} {'wall':>9} {'pages/s':>9} {'peak MB':>9}")
            for run in runs:
                peak = f"{run.peak_mb:9.0f}" if run.peak_mb else f"{'-':>9}"
                print(f"  {run.label:30} {run.seconds:8.2f}s {run.pages / run.seconds:9.0f} {peak}")
            by = {r.label: r for r in runs}
            if "hugo + pagefind cold" in by:
                cold, rebuild = by["hugo + pagefind cold"], by["hugo + pagefind after one edit"]
                print(f"  briefgen / (hugo + pagefind): cold {by['briefgen cold build'].seconds / cold.seconds:.2f}x, "
                      f"one edit {by['briefgen one-briefing edit'].seconds / rebuild.seconds:.3f}x, "
                      f"no change {by['briefgen no-change rebuild'].seconds / rebuild.seconds:.3f}x; "
                      f"briefgen / hugo alone: cold {by['briefgen cold build'].seconds / by['hugo alone cold'].seconds:.2f}x; "
                      f"peak memory (cold) {by['briefgen cold build'].peak_mb / cold.peak_mb:.2f}x")
    finally:
        if not args.dir:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
