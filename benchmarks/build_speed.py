"""Build speed and memory: briefgen against Hugo on the same generated content (issue 7).

    python benchmarks/build_speed.py [--sizes 1000,10000] [--dir DIR] [--install-hugo]

For each size, benchmarks/make_site.py writes N briefings in briefgen's format and the same
content as a Hugo site. Then, in one run on this machine:
  - briefgen cold build (no cache, no previous output),
  - briefgen rebuild after editing one briefing's body (median of 3 edits, after a first edit
    that sets up the standby tree),
  - briefgen rebuild with no change: first the full pipeline (the build just after an edit is
    not recorded), then the usual case, answered from file stats (briefgen/uptodate.py),
  - hugo cold build, and hugo again after touching one file (Hugo has no persistent cache),
each in its own process, with wall time, pages per second and peak memory (ru_maxrss), and the
ratios briefgen/Hugo. ``--install-hugo`` installs Debian's hugo package when it is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_site import generate  # noqa: E402


@dataclass
class Run:
    label: str
    seconds: float
    peak_mb: float
    pages: int


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Run a command; return wall seconds, peak resident memory (MB) and its stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}\n{err}")
    return seconds, usage.ru_maxrss / 1024, out


def briefgen(site: Path, *extra: str) -> tuple[float, float, str]:
    return timed([sys.executable, "-m", "briefgen", "build", "--site", str(site), *extra])


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))


def edit(site: Path, number: int) -> None:
    files = sorted((site / "content").rglob("*.md"))
    path = files[(number * 7919) % len(files)]
    path.write_text(path.read_text() + f"\nAn edit made for the benchmark, number {number}.\n")


def bench_size(count: int, root: Path, hugo: str | None) -> list[Run]:
    site = root / f"site-{count}"
    if not (site / "content").is_dir():
        print(f"  generating {count} briefings ...", flush=True)
        generate(count, site, hugo=True)
    for stale in (site / "output", site / ".briefgen-cache", site / ".output.standby"):
        shutil.rmtree(stale, ignore_errors=True)
    runs: list[Run] = []
    seconds, peak, _ = briefgen(site, "--quiet")
    pages = count_pages(site / "output")
    runs.append(Run("briefgen cold build", seconds, peak, pages))
    edit(site, 0)
    briefgen(site, "--quiet")  # the first rebuild keeps the previous site as the standby tree
    edits = []
    for number in range(1, 4):
        edit(site, number)
        edits.append(briefgen(site, "--quiet"))
    runs.append(Run("briefgen one-briefing edit", statistics.median(e[0] for e in edits),
                    max(e[1] for e in edits), pages))
    # The build right after an edit is not recorded for the quick up-to-date check (the edited
    # file could still change within its timestamp's tick), so the first no-change build runs
    # the whole pipeline with the cache; it records, and the builds after it are answered from
    # file stats. Both are measured.
    time.sleep(2.5)
    seconds, peak, _ = briefgen(site, "--quiet")
    runs.append(Run("briefgen no change, full check", seconds, peak, pages))
    no_change = [briefgen(site, "--quiet") for _ in range(3)]
    runs.append(Run("briefgen no-change rebuild", statistics.median(e[0] for e in no_change),
                    max(e[1] for e in no_change), pages))
    if hugo:
        destination = root / f"hugo-out-{count}"
        shutil.rmtree(destination, ignore_errors=True)
        seconds, peak, _ = timed([hugo, "--source", str(site / "hugo"), "--destination", str(destination), "--quiet"])
        hugo_pages = count_pages(destination)
        runs.append(Run("hugo cold build", seconds, peak, hugo_pages))
        first = sorted((site / "hugo/content/briefings").glob("*.md"))[0]
        first.write_text(first.read_text() + "\nAn edit.\n")
        seconds, peak, _ = timed([hugo, "--source", str(site / "hugo"), "--destination", str(destination), "--quiet"])
        runs.append(Run("hugo after one edit", seconds, peak, hugo_pages))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of briefings (e.g. 1000,10000,100000)")
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
    root = args.dir or Path(tempfile.mkdtemp(prefix="briefgen-speed-"))
    try:
        for count in (int(x) for x in args.sizes.split(",")):
            print(f"\n{count} briefings", flush=True)
            runs = bench_size(count, root, hugo)
            print(f"  {'':30} {'wall':>9} {'pages/s':>9} {'peak MB':>9}")
            for run in runs:
                print(f"  {run.label:30} {run.seconds:8.2f}s {run.pages / run.seconds:9.0f} {run.peak_mb:9.0f}")
            by = {r.label: r for r in runs}
            if "hugo cold build" in by:
                cold, rebuild = by["hugo cold build"], by["hugo after one edit"]
                print(f"  ratios briefgen/hugo: cold {by['briefgen cold build'].seconds / cold.seconds:.2f}x, "
                      f"one edit {by['briefgen one-briefing edit'].seconds / rebuild.seconds:.3f}x, "
                      f"no change {by['briefgen no-change rebuild'].seconds / rebuild.seconds:.3f}x "
                      f"(full check {by['briefgen no change, full check'].seconds / rebuild.seconds:.3f}x), "
                      f"peak memory (cold) {by['briefgen cold build'].peak_mb / cold.peak_mb:.2f}x")
    finally:
        if not args.dir:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
