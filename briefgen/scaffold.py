"""``briefgen init``: a directory → a new briefing site that builds as it is (issue 6).

``plan_site`` is pure: options in, the files of a new site out (``briefgen.toml`` with every
default written out as a comment, an example briefing, ``seeds/``, ``.gitignore`` and, if asked,
a GitHub Pages workflow). ``init_site`` writes them, but only when none of them exists yet: it never
overwrites, and names every file that is in the way. It gives an ``InitResult``; ``cli`` prints it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .briefing_file import template_front_matter
from .config import CONFIG_NAME
from .errors import UsageError

DEFAULT_INSTALL = "pip install briefgen"
WORKFLOW_PATH = ".github/workflows/pages.yml"


@dataclass(frozen=True, slots=True)
class InitResult:
    site_dir: Path
    created: tuple[str, ...]
    """Site-relative POSIX paths of the files written, in the order written."""


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, \\uXXXX included).
    return json.dumps(text, ensure_ascii=False)


CONFIG_TEMPLATE = """\
# briefgen site settings. Every setting has a default; uncomment a line to change it.

title = {title}
# description = "Briefings on world events."
# language = "en"                 # BCP 47 tag for <html lang>
# author = ""                     # default author of briefings, used in feeds

# The absolute URL the site is published at. Leave it unset for GitHub Pages: `briefgen publish`
# infers it from the git remote, and the Actions workflow passes --base-url.
# base_url = "https://user.github.io/repo/"

# items_per_page = 20             # briefings per topic, country and archive page
# home_items = 10                 # briefings on the home page
# allow_html = false              # raw HTML in briefing bodies (sanitised)

# The topic taxonomy. Without [[topics]] tables the default world-affairs taxonomy is used
# (diplomacy, conflict, intelligence, politics, economy, energy, environment, health,
# technology, law, human-rights, migration, disasters, society, sport, science).
# Any [[topics]] table replaces that whole list:
# [[topics]]
# slug = "diplomacy"
# label = "Diplomacy"
# description = "Relations between states: talks, treaties, envoys, sanctions."
"""

# The body of content/welcome.md; its front matter is briefing_file's example.
EXAMPLE_BODY = """
Each briefing is a Markdown file under `content/` that starts with a YAML front matter block.
Countries may be ISO codes or names ("UK", "Britain", "Russia"); topics are slugs from the
taxonomy in `briefgen.toml`. Every country and topic gets its own page that links back here.

## Next steps

- Write a new briefing with `briefgen new "Title" --country X --topic Y`.
- Build the site with `briefgen build` and open `output/index.html`.
- Publish it with `briefgen publish` (see the README's "Publishing to GitHub Pages").
"""

SEEDS_README = """\
Source articles (text, HTML, JSON Lines or feeds) that briefings are drafted from; `content/` holds the briefings.
"""

GITIGNORE = """\
# briefgen build output and caches
output/
.briefgen-cache/
.ingest-*.tmp
"""

# GitHub expressions (${{ ... }}) are written with str.replace, not str.format, so their braces stay as they are.
WORKFLOW_TEMPLATE = """\
# Builds the briefgen site and deploys it to GitHub Pages on every push to main.
# One-time setup: the repository's Settings > Pages > Build and deployment > Source: "GitHub Actions".
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a newer push does not cancel one that is already running.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install briefgen
        run: @INSTALL@
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build
        # base_url is https://user.github.io/repo (or the custom domain), without the final slash.
        run: briefgen build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def render_workflow(install_command: str = DEFAULT_INSTALL) -> str:
    """The Pages workflow; ``install_command`` is the shell line that installs briefgen."""
    if not install_command.strip() or "\n" in install_command:
        raise UsageError("the install command must be one non-empty line")
    line = install_command.strip()
    # A JSON string is a valid YAML double-quoted scalar; plain is nicer when YAML allows it.
    plain = re.fullmatch(r"[A-Za-z0-9_./][^:#'\"{}\[\],&*!|>%@`]*", line) and not line.endswith(" ")
    return WORKFLOW_TEMPLATE.replace("@INSTALL@", line if plain else json.dumps(line))


def plan_site(title: str, today: dt.date, github_actions: bool = False,
              install_command: str = DEFAULT_INSTALL) -> dict[str, str]:
    """The files of a new site: site-relative POSIX path → text."""
    clean = " ".join(title.split())
    if not clean:
        raise UsageError("--title must not be empty")
    # The title goes into YAML single-quoted, so a ':' or '#' in it stays text.
    yaml_title = "'" + f"Welcome to {clean}".replace("'", "''") + "'"
    files = {
        CONFIG_NAME: CONFIG_TEMPLATE.format(title=_toml_string(clean)),
        "content/welcome.md": template_front_matter({"title": yaml_title, "date": today.isoformat()}, example=True)
        + EXAMPLE_BODY,
        "seeds/README.md": SEEDS_README,
        ".gitignore": GITIGNORE,
    }
    if github_actions:
        files[WORKFLOW_PATH] = render_workflow(install_command)
    return files


def init_site(site_dir: Path, title: str | None = None, github_actions: bool = False,
              install_command: str = DEFAULT_INSTALL, today: dt.date | None = None) -> InitResult:
    """Create a new site in ``site_dir`` (made if missing). Raises UsageError, writing nothing, if any file exists."""
    site_dir = site_dir.absolute()
    if site_dir.exists() and not site_dir.is_dir():
        raise UsageError(f"{site_dir} is a file, not a directory")
    files = plan_site(title or "Briefings", today or dt.date.today(), github_actions, install_command)
    existing = sorted(path for path in files if (site_dir / path).exists() or (site_dir / path).is_symlink())
    if existing:
        listing = "\n".join(f"  {(site_dir / path).as_posix()}" for path in existing)
        raise UsageError(f"refusing to overwrite existing file{'s' if len(existing) > 1 else ''} "
                         f"(nothing was written):\n{listing}")
    try:
        site_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # say what was being done: "/proc/x: No such file or directory" alone puzzles
        raise OSError(exc.errno, f"cannot create folder: {exc.strerror}", exc.filename or str(site_dir)) from exc
    created = []
    for path, text in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        # "x": even a file that appeared since the check above is never overwritten.
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        created.append(path)
    return InitResult(site_dir, tuple(created))
