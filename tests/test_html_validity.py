"""Every page of the bundled site is valid HTML by the Nu HTML Checker (issue 9).

The checker is npm's ``vnu-jar`` (installed by ``scripts/test`` from package.json) run on the
machine's Java; a missing Java or jar fails the test with how to get it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.external  # needs Java and npm's vnu-jar: `pytest -m "not browser and not external"` skips it
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_nu_validator_finds_no_errors(bundled_site_build: Path) -> None:
    java = shutil.which("java")
    assert java, "the HTML validator needs Java: apt-get install default-jre-headless (./scripts/test does)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} missing: run `npm install --no-package-lock` in the repository"
    pages = list(bundled_site_build.rglob("*.html"))
    assert len(pages) > 20, "the bundled site has too few pages to be worth validating"
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json",
                             str(bundled_site_build)], check=False, capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').removeprefix('file:' + str(bundled_site_build))}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, "\n".join(errors[:30])
    assert result.returncode == 0, result.stderr[-2000:]
