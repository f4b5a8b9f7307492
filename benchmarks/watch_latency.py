"""Watch latency on a generated site: from saving one briefing to the page on disk and the reload sent.

    python benchmarks/watch_latency.py [--count 10000] [--edits 20] [--dir DIR]

Generates a site with benchmarks/make_site.py (deterministic), times a clean full build of it,
then runs the same Watcher as ``briefgen serve`` and edits one briefing's body at a time,
waiting for each rebuild. Prints median and p95 over the edits, and the ratio to the full
build measured in the same run (issue 5 target: under 2% of a full build and under 300 ms).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_site import generate  # noqa: E402

from briefgen.build import BuildOptions, build  # noqa: E402
from briefgen.serve import LiveReload  # noqa: E402
from briefgen.watch import RebuildReport, Watcher  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--dir", type=Path, help="work directory (default: a temporary one, removed after)")
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="briefgen-watch-"))
    try:
        site = root / "site"
        if not (site / "content").is_dir():
            print(f"generating {args.count} briefings ...", flush=True)
            generate(args.count, site)
        started = time.perf_counter()
        full = build(site, BuildOptions(use_cache=False, out_dir=root / "clean-output"))
        full_seconds = time.perf_counter() - started
        print(f"clean full build: {full_seconds:.2f} s ({full.stats.pages} pages)", flush=True)

        live = LiveReload()
        lock = threading.Lock()
        marks: dict[str, float] = {}
        done = threading.Event()

        def on_report(report: RebuildReport) -> None:
            if report.search or not report.changes:
                return
            with lock:
                marks["on_disk"] = time.perf_counter()  # the build has written the page before reporting
                live.publish(tuple(str(p) for p in report.problems), rebuilt=report.result is not None)
                marks["reload_sent"] = time.perf_counter()
            done.set()

        watcher = Watcher(site, BuildOptions(), on_report)
        watcher.start()
        files = sorted((site / "content").rglob("*.md"))
        to_disk: list[float] = []
        to_reload: list[float] = []
        try:
            for number in range(args.edits):
                path = files[(number * 7919) % len(files)]
                text = path.read_text()
                done.clear()
                saved = time.perf_counter()
                path.write_text(text + f"\nA sentence added while writing, number {number}.\n")
                if not done.wait(60):
                    raise SystemExit("no rebuild within 60 s")
                slug = path.stem
                page = site / "output" / "briefings" / slug / "index.html"
                assert f"number {number}." in page.read_text(), "the rebuilt page is not on disk"
                to_disk.append(marks["on_disk"] - saved)
                to_reload.append(marks["reload_sent"] - saved)
                time.sleep(1.5)  # let the search index catch up, as between two saves of a person
        finally:
            watcher.stop()
        print()
        print(f"{'':28} {'median':>9} {'p95':>9} {'% of full build':>16}")
        for label, values in (("save -> page on disk", to_disk), ("save -> reload message sent", to_reload)):
            median = statistics.median(values)
            print(f"{label:28} {median * 1000:7.0f} ms {percentile(values, 0.95) * 1000:7.0f} ms "
                  f"{100 * median / full_seconds:15.2f}%")
        print(f"{'clean full build':28} {full_seconds:8.2f} s")
        print(f"({args.edits} edits of one briefing's body on {args.count} briefings; debounce included)")
    finally:
        if not args.dir:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
