"""Two ``briefgen build`` on one site at once: one builds, the other stops with a clear message
(exit 2) and touches nothing; the output is a complete site; a killed build leaves no stale lock (issue 8)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli, snapshot

sys.path.insert(0, str(REPO / "benchmarks"))
from make_site import generate

LOCK = ".briefgen-cache/lock"


@pytest.fixture(scope="module")
def site_and_expected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    base = tmp_path_factory.mktemp("concurrency")
    generate(200, base / "site")
    shutil.copytree(base / "site", base / "clean")
    assert run_cli("build", "--site", base / "clean", "--quiet").returncode == 0
    return base / "site", snapshot(base / "clean" / "output")


def start_build(site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "briefgen", "build", "--site", str(site), "--quiet", "--no-cache"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for_lock(site: Path, process: subprocess.Popen[str]) -> bool:
    """True once ``process`` holds the site lock (it writes its pid into the lock file)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        lock = site / LOCK
        if lock.exists() and lock.read_text().strip() == f"pid {process.pid}":
            return True
        time.sleep(0.01)
    return False


def test_second_build_is_refused_while_the_first_runs(site_and_expected: tuple[Path, dict[str, bytes]]) -> None:
    site, expected = site_and_expected
    for _attempt in range(3):  # on a very fast machine the first build may finish before the second starts
        first = start_build(site)
        assert wait_for_lock(site, first), first.communicate()
        second = run_cli("build", "--site", site)
        _out, err = first.communicate(timeout=120)
        assert first.returncode == 0, err
        if second.returncode == 0:
            continue
        assert second.returncode == 2, second.stderr
        assert f"briefgen: error: another briefgen is building this site (pid {first.pid}); wait for it to finish" \
            in second.stderr
        assert "Traceback" not in second.stderr
        assert snapshot(site / "output") == expected  # complete, and the same as an undisturbed build
        break
    else:
        pytest.fail("the first build always finished before the second one started")
    # The lock is released: the next build runs.
    assert run_cli("build", "--site", site, "--quiet").returncode == 0


def test_a_killed_build_leaves_no_stale_lock(site_and_expected: tuple[Path, dict[str, bytes]]) -> None:
    site, expected = site_and_expected
    first = start_build(site)
    assert wait_for_lock(site, first)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    result = run_cli("build", "--site", site, "--quiet")
    assert result.returncode == 0, result.stderr  # the kernel released the lock with the process
    assert snapshot(site / "output") == expected
