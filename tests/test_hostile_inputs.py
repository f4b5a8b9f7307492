"""Hostile and broken files give a clear ``path:line: message`` in bounded time and memory (issue 8).

YAML bombs, deep nesting, a 200 MB file, a 1 MB line, binary files, invalid UTF-8, NUL bytes,
empty files, front matter without a closing fence, ``0000-00-00``, 10,000 countries: each is one
error naming its file (no traceback), every other file is still checked, the exit code is 1 for
content errors, and the limits (documented in SECURITY.md) are the constants in the code.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import briefing, run_cli, write_site

from briefgen.briefing_file import MAX_FRONT_MATTER_BYTES, MAX_YAML_DEPTH
from briefgen.ingest import readers, seeds
from briefgen.load import MAX_FILE_BYTES, MAX_LIST_ITEMS

GOOD = briefing("Good", countries="[FR]")
HUGE = 200 * 1024 * 1024


def bomb(levels: int = 9) -> str:
    """The 'billion laughs': each level refers nine times to the one before (9**9 strings)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines)


def sparse_file(path: Path, head: bytes, size: int = HUGE) -> None:
    """A file of ``size`` bytes that takes no time or disk to write (a hole after ``head``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(head)
        handle.seek(size - 1)
        handle.write(b"\n")


def limited_run(args: list[str | Path], memory_mb: int, timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the CLI with its address space and CPU time capped: reading a 200 MB file whole would
    fail, and so would spinning on a hostile input (the bound is a limit, not a speed check)."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        resource.setrlimit(resource.RLIMIT_CPU, (120, 120))

    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True,
                            timeout=timeout, preexec_fn=cap, check=False)
    return result, time.monotonic() - started


CONTENT_CASES: dict[str, tuple[str | bytes, str]] = {
    "bomb.md": (f"---\ntitle: Bomb\ndate: 2023-01-01\n{bomb()}\nsummary: *a8\n---\n\nx\n",
                "bomb.md:5: YAML aliases (*name) are not allowed in front matter"),
    "deep-flow.md": ("---\ntitle: Deep\ndate: 2023-01-01\nsummary: " + "[" * 5000 + "]" * 5000 + "\n---\n\nx\n",
                     "deep-flow.md:4: invalid YAML: exceeded maximum nesting depth"),
    "deep-block.md": ("---\ntitle: Deep\ndate: 2023-01-01\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 60)) + "---\n\nx\n",
                      f"deep-block.md:25: front matter is nested more than {MAX_YAML_DEPTH} levels deep"),
    "long-front-matter.md": ("---\ntitle: " + "x" * 1_000_000 + "\ndate: 2023-01-01\n---\n\nx\n",
                             f"long-front-matter.md:1: front matter is larger than {MAX_FRONT_MATTER_BYTES // 1000} KB"),
    "one-line-no-fence.md": ("---" + "x" * 1_000_000, "one-line-no-fence.md:1: front matter has no closing '---' line"),
    "binary.md": (bytes(range(256)) * 100, "binary.md:2: not valid UTF-8 text"),
    "image.md": (b"\x89PNG\r\n\x1a\n" + b"\x00\xff" * 1000, "image.md:1: not valid UTF-8 text"),
    "latin1.md": (GOOD.replace("Good", "Caf\xe9").encode("latin-1"), "latin1.md:2: not valid UTF-8 text"),
    "nul.md": (GOOD.replace("Body", "Bo\x00dy"), "nul.md: file contains NUL bytes"),
    "empty.md": ("", "empty.md: file is empty"),
    "blank.md": ("\n \n\t\n", "blank.md: file is empty"),
    "no-fence.md": ("---\ntitle: x\ndate: 2023-01-01\n\nbody\n", "no-fence.md:1: front matter has no closing '---' line"),
    "no-front-matter.md": ("Just text.\n", "no-front-matter.md:1: missing front matter"),
    "zero-date.md": ("---\ntitle: Zero\ndate: 0000-00-00\n---\n\nx\n", "zero-date.md:3: invalid value '0000-00-00': not a real date"),
    "zero-date-quoted.md": ("---\ntitle: Zero\ndate: '0000-00-00'\n---\n\nx\n", "zero-date-quoted.md:3: malformed date '0000-00-00'"),
    "zero-source-date.md": ("---\ntitle: Z\ndate: 2023-01-01\nsources:\n  - {title: s, date: 0000-00-00}\n---\n\nx\n",
                            "zero-source-date.md:5: invalid value '0000-00-00': not a real date"),
    "huge-number.md": ("---\ntitle: N\ndate: 2023-01-01\nsummary: " + "9" * 100_000 + "\n---\n\nx\n",
                       "huge-number.md:4: invalid value: a number with 100000 digits is too long"),
    "countries.md": ("---\ntitle: Many\ndate: 2023-01-01\ncountries: [" + ", ".join(["FR"] * 10_000) + "]\n---\n\nx\n",
                     f"countries.md:4: countries has 10000 entries; the limit is {MAX_LIST_ITEMS}"),
    "python-tag.md": ("---\ntitle: !!python/object/apply:os.system ['echo PWNED']\ndate: 2023-01-01\n---\n\nx\n",
                      "python-tag.md:2: invalid YAML: could not determine a constructor for the tag"),
    "list.md": ("---\n- a\n- b\n---\n\nx\n", "list.md:2: front matter must be a mapping"),
    "utf16.md": (GOOD.encode("utf-16"), "utf16.md:1: not valid UTF-8 text"),
    "unknown-country.md": (briefing("Good but wrong", countries="[Narnia]"), "unknown-country.md:4: unknown country 'Narnia'"),
}


@pytest.fixture(scope="module")
def hostile_content_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], float]:
    site = write_site(tmp_path_factory.mktemp("hostile-content") / "site", {"briefgen.toml": 'title = "H"\n',
                                                                           "content/good.md": GOOD})
    for name, (data, _) in CONTENT_CASES.items():
        path = site / "content" / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    # Good files whose Markdown is pathological: they load, and markup copes in bounded time.
    (site / "content/long-line.md").write_text(briefing("Long line", body="word " * 200_000), encoding="utf-8")
    nasty = ">" * 3000 + " quote\n\n" + "- " * 1000 + "item\n\n" + "*" * 30_000 + "x" + "*" * 30_000 + "\n\n" + "[" * 20_000 + "\n\n"
    nasty += "".join(f"[^{i}]" for i in range(2000)) + "\n\n" + "".join(f"[^{i}]: note\n" for i in range(2000))
    nasty += "\n" + "[[" * 10_000 + "\n\n" + "[[a|" * 5_000 + "]]" * 5000 + "\n"
    (site / "content/nasty-markdown.md").write_text(briefing("Nasty", body=nasty), encoding="utf-8")
    sparse_file(site / "content/huge.md", GOOD.encode())
    started = time.monotonic()
    result = run_cli("build", "--site", site)
    return site, result, time.monotonic() - started


def test_every_broken_file_is_one_clear_error(hostile_content_build: tuple[Path, subprocess.CompletedProcess[str], float]) -> None:
    site, result, _ = hostile_content_build
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for name, (_, message) in CONTENT_CASES.items():
        assert f"error: content/{message}" in result.stderr, f"{name}: {result.stderr}"
    assert f"error: content/huge.md: file is 210 MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB" in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert all(line.startswith("error: content/") for line in lines), lines
    # Good files (even pathological Markdown) load: no error names them.
    for good in ("good.md", "long-line.md", "nasty-markdown.md"):
        assert f"content/{good}" not in result.stderr
    assert result.stderr.rstrip().endswith(f"{len(lines)} errors; nothing was written")
    assert not (site / "output").exists()


def test_huge_files_are_refused_without_being_read(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"briefgen.toml": 'title = "H"\n', "content/good.md": GOOD})
    sparse_file(site / "content/huge.md", GOOD.encode())
    sparse_file(site / "seeds/huge.txt", b" date 2023-01-01 Huge\n\nOfficials in France met in Paris.\n")
    (site / "seeds/2023-01-02-fine.txt").write_text("Officials in Spain met in Madrid on Monday.\n", encoding="utf-8")
    # 190 MB of address space for everything: reading either file whole would not fit.
    result, _ = limited_run(["build", "--site", site], memory_mb=190)
    assert result.returncode == 1, result.stderr
    assert "error: content/huge.md: file is 210 MB; the limit is 5 MB" in result.stderr
    assert "MemoryError" not in result.stderr
    result, _ = limited_run(["ingest", "--site", site], memory_mb=190)
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert f"seeds/huge.txt: file is larger than {seeds.MAX_FILE_BYTES // (1024 * 1024)} MB: skipped" in output
    assert "seeds/2023-01-02-fine.txt: written" in output  # the rest of the run goes on
    assert "MemoryError" not in output and "Traceback" not in output


SEED_CASES: dict[str, tuple[str | bytes, str]] = {
    "bomb.md": (f"---\ntitle: Bomb\ndate: 2023-01-01\n{bomb()}\ncountries: *a8\n---\n\nOfficials in France met.\n",
                "seeds/bomb.md: line 5: YAML aliases (*name) are not allowed in front matter"),
    "deep.md": ("---\ntitle: Deep\ndate: 2023-01-01\ncountries: " + "[" * 5000 + "]" * 5000 + "\n---\n\nx\n",
                "seeds/deep.md: line 4: invalid YAML: exceeded maximum nesting depth"),
    "deep.json": ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "seeds/deep.json: not valid JSON"),
    "deep.jsonl": ("[" * 100_000 + "]" * 100_000 + "\n", "seeds/deep.jsonl:1: not valid JSON"),
    "binary.txt": (bytes(range(256)) * 50, "seeds/binary.txt: warning: binary file, not text: skipped"),
    "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(1000), "seeds/image.txt: warning: binary file, not text: skipped"),
    "nul.txt": (b" date 2023-01-06 Nul\n\nOfficials\x00 in France met in Paris.\n", "seeds/nul.txt: warning: binary file"),
    "empty.txt": (b"", "seeds/empty.txt: warning: empty file: skipped"),
    "no-fence.md": ("---\ntitle: x\ndate: 2023-01-01\n\nOfficials in France met.\n", "seeds/no-fence.md: front matter has no closing '---'"),
    "zero.md": ("---\ntitle: Zero\ndate: 0000-00-00\n---\n\nOfficials in France met.\n", "seeds/zero.md: line 3: invalid value '0000-00-00': not a real date"),
    "zero.txt": (" date 0000-00-00 Zero\n\nOfficials in France met in Paris.\n", "seeds/zero.txt: invalid date '0000-00-00'"),
    "zero.jsonl": (json.dumps({"title": "Z", "date": "0000-00-00", "text": "Officials in France met."}) + "\n",
                   "seeds/zero.jsonl (entry 1): invalid date '0000-00-00'"),
    "python-tag.md": ("---\ntitle: !!python/object/apply:os.system ['echo PWNED']\ndate: 2023-01-01\n---\n\nx\n",
                      "seeds/python-tag.md: line 2: invalid YAML: could not determine a constructor"),
    "xxe.xml": (('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss version="2.0"><channel>'
                 "<title>x</title><item><title>Entity &xxe; here</title><pubDate>Fri, 21 Jul 2023 10:00:00 GMT</pubDate>"
                 "<description>Officials in France met in Paris &xxe; on Monday.</description></item></channel></rss>"), ""),
    "laughs.xml": ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY l0 "lol">'
                   + "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
                   + ']>\n<rss version="2.0"><channel><title>&l9;</title><item><title>&l9;</title>'
                   "<pubDate>Fri, 21 Jul 2023 10:00:00 GMT</pubDate><description>Officials in Spain met &l9;.</description>"
                   "</item></channel></rss>", ""),
}


def test_hostile_seeds_are_reported_and_the_rest_is_ingested(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"briefgen.toml": 'title = "H"\n',
                                          "seeds/2023-01-01-good.txt": "Officials in France met in Paris on Monday.\n"})
    for name, (data, _) in SEED_CASES.items():
        (site / "seeds" / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (site / "seeds/2023-01-02-long-line.txt").write_text("Officials in Italy met. " * 45_000 + "\n", encoding="utf-8")
    (site / "seeds/2023-01-03-latin1.txt").write_bytes("Officials in Peru met at a caf\xe9 in Lima.\n".encode("latin-1"))
    (site / "seeds/2023-01-04-bad-bytes.txt").write_bytes(b"Officials in Chile \xff\xfe\xc3 met in Santiago.\n")
    (site / "seeds/many.md").write_text("---\ntitle: Many\ndate: 2023-01-07\ncountries: [" + ", ".join(["FR"] * 10_000)
                                        + "]\n---\n\nOfficials in France met.\n", encoding="utf-8")
    result = run_cli("ingest", "--site", site)  # run_cli's timeout bounds the time
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for name, (_, message) in SEED_CASES.items():
        if message:
            assert message in output, f"{name}: {output}"
    for name in ("2023-01-01-good.txt", "2023-01-02-long-line.txt", "2023-01-03-latin1.txt",
                 "2023-01-04-bad-bytes.txt", "many.md", "xxe.xml (entry 1)", "laughs.xml (entry 1)"):
        assert f"seeds/{name}: written" in output, f"{name}: {output}"
    assert "seeds/2023-01-02-long-line.txt: warning: text longer than" in output
    contents = "".join(p.read_text(encoding="utf-8") for p in (site / "content").glob("*.md"))
    assert "root:" not in contents  # no external entity was read
    assert "lol" * 1000 not in contents  # no entity was expanded a billion times
    # Whatever ingest wrote builds.
    build = run_cli("build", "--site", site)
    assert build.returncode == 0, build.stderr


def test_a_broken_briefing_in_content_does_not_stop_ingest(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"briefgen.toml": 'title = "H"\n',
                                          "seeds/2023-01-01-a.txt": "Officials in France met in Paris on Monday.\n",
                                          "content/zero.md": "---\ntitle: Zero\ndate: 0000-00-00\n---\n\nx\n",
                                          "content/bomb.md": f"---\n{bomb()}\n---\n\nx\n"})
    result = run_cli("ingest", "--site", site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "seeds/2023-01-01-a.txt: written" in result.stdout


@pytest.mark.parametrize("text", ["---\ndate: 0000-00-00\n---\n", f"---\n{bomb()}\n---\n", "---\n" + "[" * 3000 + "]" * 3000 + "\n---\n",
                                  "---\na: " + "9" * 50_000 + "\n---\n", "---\n!!python/name:os.system\n---\n"])
def test_markdown_seed_reader_never_raises(text: str) -> None:
    article, problem = readers.read_markdown(text + "\nOfficials in France met.\n", "seeds/x.md", "0" * 64)
    assert article is None and problem
