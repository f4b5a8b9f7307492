"""What the command line says when the user's files or options are wrong (issue 12).

Every OSError a user can cause is one line, ``briefgen: error: PATH: REASON``, exit 1 (2 for a bad
option), with a traceback only under ``--debug``; ``output/`` is left as it was.

Permission tests need a process that file modes apply to. Root reads and writes anything, and on
this kind of machine user ``nobody`` cannot even start this Python (it lives under /root, mode
700). So as root the CLI runs under ``setpriv`` without the two capabilities that let root ignore
file modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): it is still uid 0, owner of the test files,
and a ``chmod 000`` folder is closed to it as to any user. ``no_root_powers`` checks that first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from conftest import briefing, run_cli, snapshot, write_site

DROP = ["--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture(scope="module")
def no_root_powers(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A command prefix under which file modes apply (empty when not running as root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv is missing: cannot drop root's power to read anything")
    closed = tmp_path_factory.mktemp("probe") / "closed"
    closed.write_text("secret")
    closed.chmod(0)
    probe = subprocess.run([setpriv, *DROP, sys.executable, "-c", f"open({str(closed)!r}).read()"],
                           capture_output=True, text=True, timeout=60)
    assert "PermissionError" in probe.stderr, f"setpriv did not take root's powers away: {probe.stderr}"
    return [setpriv, *DROP]


def cli_as_user(prefix: list[str], *args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, "-m", "briefgen", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


@contextmanager
def mode(path: Path, bits: int) -> Iterator[None]:
    """chmod for the test, restored after (so pytest can clean up tmp_path)."""
    old = path.stat().st_mode & 0o7777
    path.chmod(bits)
    try:
        yield
    finally:
        path.chmod(old)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {
        "briefgen.toml": 'title = "Errors"\n',
        "content/open.md": briefing("Open briefing"),
        "content/locked/hidden.md": briefing("Hidden briefing"),
    })


def one_error_line(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """The single error line of a failed run: no traceback, the expected exit code."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_unreadable_folder_in_content_is_an_error(site: Path, no_root_powers: list[str], cache: list[str]) -> None:
    assert run_cli("build", "--site", site).returncode == 0  # the cache and the quick check have a record
    before = snapshot(site / "output")
    with mode(site / "content/locked", 0):
        result = cli_as_user(no_root_powers, "build", "--site", site, *cache, cwd=site)
    assert result.returncode == 1, result.stderr
    assert "error: content/locked: cannot read folder: Permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site / "output") == before


def test_unreadable_content_folder_itself(site: Path, no_root_powers: list[str]) -> None:
    with mode(site / "content", 0):
        result = cli_as_user(no_root_powers, "build", "--site", site, cwd=site)
    assert result.returncode == 1, result.stderr
    assert "error: content: cannot read folder: Permission denied" in result.stderr
    assert not (site / "output").exists()


def test_fifo_named_md_is_skipped_with_a_warning(site: Path) -> None:
    shutil.rmtree(site / "content/locked")
    os.mkfifo(site / "content/pipe.md")
    for _ in range(2):  # a fresh build, then one with a cache: neither may open the FIFO and wait
        result = subprocess.run([sys.executable, "-m", "briefgen", "build", "--site", str(site)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "content/pipe.md: warning: not a regular file: skipped" in result.stderr
    assert (site / "output/briefings/open/index.html").is_file()


def test_symlinked_folder_outside_content_is_called_a_folder(site: Path, tmp_path: Path) -> None:
    write_site(tmp_path / "outside", {"far.md": briefing("Far away")})
    (site / "content/elsewhere").symlink_to(tmp_path / "outside")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1
    assert "error: content/elsewhere: symbolic link to a folder outside content/ is not followed" in result.stderr


def test_unreadable_config_file(site: Path, tmp_path: Path, no_root_powers: list[str]) -> None:
    with mode(site / "briefgen.toml", 0):
        result = cli_as_user(no_root_powers, "build", "--site", "site", cwd=tmp_path)
    assert one_error_line(result) == "briefgen: error: site/briefgen.toml: Permission denied"


def test_unreadable_templates_folder(site: Path, tmp_path: Path, no_root_powers: list[str]) -> None:
    write_site(site, {"templates/briefing.html": "{{ page.title }}"})
    with mode(site / "templates", 0):
        result = cli_as_user(no_root_powers, "build", "--site", "site", "--no-cache", cwd=tmp_path)
    assert one_error_line(result) == "briefgen: error: site/templates: cannot read folder: Permission denied"
    assert not (site / "output").exists()


def test_unreadable_template_file(site: Path, tmp_path: Path, no_root_powers: list[str]) -> None:
    shutil.rmtree(site / "content/locked")
    write_site(site, {"templates/briefing.html": "{{ page.title }}"})
    with mode(site / "templates/briefing.html", 0):
        result = cli_as_user(no_root_powers, "build", "--site", "site", cwd=tmp_path)
    assert one_error_line(result) == "briefgen: error: site/templates/briefing.html: Permission denied"
    assert not (site / "output").exists()


def test_unwritable_parent_of_the_output_folder(site: Path, tmp_path: Path, no_root_powers: list[str]) -> None:
    shutil.rmtree(site / "content/locked")
    (tmp_path / "readonly").mkdir()
    with mode(tmp_path / "readonly", 0o555):
        result = cli_as_user(no_root_powers, "build", "--site", "site", "--out", "readonly/public", cwd=tmp_path)
        assert one_error_line(result) == "briefgen: error: readonly: cannot write the output folder public/ here: Permission denied"
        assert list((tmp_path / "readonly").iterdir()) == []
        debug = cli_as_user(no_root_powers, "--debug", "build", "--site", "site", "--out", "readonly/public", cwd=tmp_path)
    assert debug.returncode == 1 and "Traceback" in debug.stderr  # --debug still shows where it came from


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_with_an_impossible_port_is_a_usage_error(site: Path, port: str) -> None:
    result = run_cli("serve", "--site", site, "--port", port)
    assert one_error_line(result, 2) == f"briefgen serve: error: argument --port: must be a number from 0 to 65535, got '{port}'"
    assert not (site / "output").exists()  # refused before building anything


@pytest.mark.parametrize("command", ["build", "publish"])
@pytest.mark.parametrize("url", ["example.org/repo", "/repo/", "ftp://example.org/", ""])
def test_base_url_flag_gets_the_config_files_check(site: Path, command: str, url: str) -> None:
    result = run_cli(command, "--site", site, "--base-url", url)
    line = one_error_line(result, 2)
    assert line.startswith(f"briefgen {command}: error: argument --base-url: must be an absolute http(s) URL, got '{url}'")
    assert not (site / "output").exists()


def test_base_url_flag_without_a_trailing_slash_still_works(site: Path) -> None:
    shutil.rmtree(site / "content/locked")
    assert run_cli("build", "--site", site, "--base-url", "https://example.org/repo").returncode == 0
    page = (site / "output/index.html").read_text()
    assert 'rel="canonical" href="https://example.org/repo/"' in page


def test_new_maps_control_characters_in_the_title_to_spaces(site: Path) -> None:
    title = "Talks\x1b[31m resume\tin\x07Geneva\x7f\x85today"
    result = run_cli("new", title, "--site", site, "--date", "2024-05-01")
    assert result.returncode == 0, result.stderr
    front = yaml.safe_load(Path(result.stdout.strip()).read_text().split("---")[1])
    assert front["title"] == "Talks [31m resume in Geneva today"
