"""``briefgen publish`` with real git against a local bare repository as the remote (issue 6).

Every git command runs with an empty global config (``GIT_CONFIG_GLOBAL``) so the machine's own
settings cannot leak in; the test repositories set their own user.name/email.
"""

from __future__ import annotations

import base64
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pytest
from linkcheck import crawl, serve

from briefgen.publish import BaseUrlChoice, choose_base_url, github_repo, infer_base_url, redact_urls
from briefgen.scaffold import init_site

SECOND = """---
title: Talks in Geneva on the Black Sea grain deal
date: 2023-07-21
summary: Russia and Ukraine send envoys; Turkey mediates.
countries: [Russia, UA, Turkey]
topics: [diplomacy, economy]
questions: ["Will the grain corridor reopen?"]
---

Body with a [link to the welcome briefing](../welcome/) and a footnote.[^1]

[^1]: A footnote.
"""


# --- helpers ---

@pytest.fixture
def git_env(tmp_path: Path) -> dict[str, str]:
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=str(empty), GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
    return env


def git(repo: Path, env: dict[str, str], *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def cli(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefgen", *args], check=False, cwd=cwd, env=env, capture_output=True, text=True)


def make_repo(tmp_path: Path, env: dict[str, str], remote: str | None = None, identity: bool = True) -> Path:
    """A git repository whose root is a new site (with two briefings), committed on main."""
    repo = tmp_path / "repo"
    init_site(repo, title="Test briefings")
    (repo / "content" / "geneva.md").write_text(SECOND, encoding="utf-8")
    git(repo, env, "init", "-q", "-b", "main")
    if identity:
        git(repo, env, "config", "user.name", "Test Publisher")
        git(repo, env, "config", "user.email", "publisher@example.org")
    git(repo, env, "add", "-A")
    git(repo, env, "-c", "user.name=x", "-c", "user.email=x@example.org", "commit", "-q", "-m", "site")
    if remote is None:
        bare = tmp_path / "remote.git"
        git(tmp_path, env, "init", "-q", "--bare", str(bare))
        remote = str(bare)
    git(repo, env, "remote", "add", "origin", remote)
    return repo


def user_state(repo: Path, env: dict[str, str]) -> dict[str, str]:
    """Everything publish must not change: working tree, index, HEAD and current branch."""
    return {
        "status": git(repo, env, "status", "--porcelain", "--untracked-files=all"),
        "head": git(repo, env, "rev-parse", "HEAD"),
        "branch": git(repo, env, "symbolic-ref", "HEAD"),
        "cached": git(repo, env, "diff", "--cached"),
        "worktree": git(repo, env, "diff"),
        "index": git(repo, env, "ls-files", "--stage"),
    }


def branch_files(repo: Path, env: dict[str, str], ref: str) -> dict[str, bytes]:
    """path → bytes of every blob in the tree of ``ref``."""
    listing = git(repo, env, "ls-tree", "-r", "-z", ref).split("\0")
    entries = [(line.split("\t", 1)[1], line.split()[2]) for line in listing if line]
    batch = subprocess.run(["git", "cat-file", "--batch"], cwd=repo, env=env, check=True, capture_output=True,
                           input="".join(sha + "\n" for _, sha in entries).encode()).stdout
    files, pos = {}, 0
    for path, _ in entries:
        header_end = batch.index(b"\n", pos)
        size = int(batch[pos:header_end].split()[2])
        files[path] = batch[header_end + 1: header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return files


def dir_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- base URL inference ---

@pytest.mark.parametrize("remote, expected", [
    ("git@github.com:user/repo.git", "https://user.github.io/repo/"),
    ("git@github.com:user/repo", "https://user.github.io/repo/"),
    ("https://github.com/user/repo", "https://user.github.io/repo/"),
    ("https://github.com/user/repo.git", "https://user.github.io/repo/"),
    ("https://github.com/user/repo/", "https://user.github.io/repo/"),
    ("https://token@github.com/User/my.site.git", "https://user.github.io/my.site/"),
    ("ssh://git@github.com/user/repo.git", "https://user.github.io/repo/"),
    ("ssh://git@github.com:22/user/repo.git", "https://user.github.io/repo/"),
    ("git@github.com:user/user.github.io.git", "https://user.github.io/"),
    ("https://github.com/User/user.github.io", "https://user.github.io/"),
    ("/srv/git/site.git", None),
    ("../remote.git", None),
    ("file:///srv/git/site.git", None),
    ("git@gitlab.com:user/repo.git", None),
    ("https://github.com.evil.example/user/repo", None),
    ("https://github.com/user", None),
    ("", None),
    (None, None),
])
def test_infer_base_url_from_remote(remote: str | None, expected: str | None) -> None:
    assert infer_base_url(remote) == expected


def test_cname_wins_over_remote() -> None:
    assert infer_base_url("git@github.com:user/repo.git", "docs.example.org") == "https://docs.example.org/"
    assert infer_base_url("/local/bare.git", "docs.example.org") == "https://docs.example.org/"
    assert github_repo("git@github.com:user/repo.git") == ("user", "repo")


def test_choose_base_url_order() -> None:
    remote = "git@github.com:user/repo.git"
    assert choose_base_url("https://x.org/a", "https://cfg.org/", remote, None).url == "https://x.org/a/"
    assert choose_base_url(None, "https://cfg.org/", remote, "c.org") == BaseUrlChoice("https://cfg.org/", "from base_url in briefgen.toml")
    chosen = choose_base_url(None, "", remote, None)
    assert chosen.url == "https://user.github.io/repo/" and remote in chosen.reason
    assert choose_base_url(None, "", remote, "c.org").url == "https://c.org/"
    unknown = choose_base_url(None, "", "/srv/site.git", None)
    assert unknown.url is None and "could not infer" in unknown.reason


# --- end to end with git ---

def test_publish_twice_keeps_history_and_leaves_the_user_alone(tmp_path: Path, git_env: dict[str, str]) -> None:
    repo = make_repo(tmp_path, git_env)
    bare = tmp_path / "remote.git"
    # A dirty working tree: a modified tracked file, an untracked file and a staged change.
    with open(repo / "content" / "welcome.md", "a", encoding="utf-8") as handle:
        handle.write("\nAn unsaved paragraph.\n")
    (repo / "notes.txt").write_text("untracked\n")
    (repo / "seeds" / "README.md").write_text("staged change\n")
    git(repo, git_env, "add", "seeds/README.md")
    before = user_state(repo, git_env)

    first = cli(repo, git_env, "publish")
    assert first.returncode == 0, first.stderr
    assert "could not infer" in first.stdout and "base_url" in first.stdout
    assert "committed" in first.stdout and "pushed gh-pages" in first.stdout and "to origin" in first.stdout
    assert user_state(repo, git_env) == before

    (repo / "content" / "later.md").write_text(SECOND.replace("Talks in Geneva", "Later talks"), encoding="utf-8")
    before = user_state(repo, git_env)
    second = cli(repo, git_env, "publish", "--message", "second publish")
    assert second.returncode == 0, second.stderr
    assert user_state(repo, git_env) == before

    tip = git(bare, git_env, "rev-parse", "refs/heads/gh-pages").strip()
    assert tip == git(repo, git_env, "rev-parse", "refs/heads/gh-pages").strip()
    assert tip[:12] in second.stdout
    assert git(bare, git_env, "rev-list", "--count", "gh-pages").strip() == "2"
    assert git(bare, git_env, "log", "-1", "--format=%an <%ae>|%s", "gh-pages").strip() == \
        "Test Publisher <publisher@example.org>|second publish"

    expected = tmp_path / "expected"
    built = cli(repo, git_env, "build", "--quiet", "--out", str(expected))
    assert built.returncode == 0, built.stderr
    published = branch_files(bare, git_env, "gh-pages")
    assert ".nojekyll" in published and "briefings/later/index.html" in published
    assert published == dir_files(expected)
    assert f"{len(published)} files" in second.stdout

    # Nothing new: no empty commit.
    third = cli(repo, git_env, "publish")
    assert third.returncode == 0, third.stderr
    assert "nothing changed" in third.stdout
    assert git(bare, git_env, "rev-list", "--count", "gh-pages").strip() == "2"


def test_publishing_leaves_the_next_build_incremental(tmp_path: Path, git_env: dict[str, str]) -> None:
    """publish builds into a temporary directory: the site's own output/ and its cache stay as
    they were, so the next `briefgen build` renders nothing when nothing changed."""
    repo = make_repo(tmp_path, git_env)
    assert cli(repo, git_env, "build", "--quiet").returncode == 0
    output_before = dir_files(repo / "output")
    published = cli(repo, git_env, "publish", "--no-push")
    assert published.returncode == 0, published.stderr
    assert dir_files(repo / "output") == output_before
    (repo / "content" / "welcome.md").touch()  # an input changed: the build runs, not only the up-to-date check
    again = cli(repo, git_env, "build")
    assert again.returncode == 0, again.stderr
    assert "(0 rendered, 0 files changed)" in again.stdout, again.stdout


def test_failed_build_publishes_nothing(tmp_path: Path, git_env: dict[str, str]) -> None:
    repo = make_repo(tmp_path, git_env)
    bare = tmp_path / "remote.git"
    assert cli(repo, git_env, "publish").returncode == 0
    tip = git(bare, git_env, "rev-parse", "gh-pages")
    (repo / "content" / "broken.md").write_text("---\ntitle: [unclosed\ndate: 2023-01-01\n---\nBody\n")
    result = cli(repo, git_env, "publish")
    assert result.returncode == 1
    assert "content/broken.md:" in result.stderr and "Traceback" not in result.stderr
    assert git(bare, git_env, "rev-parse", "gh-pages") == tip
    assert git(repo, git_env, "rev-parse", "gh-pages") == tip


def test_publish_from_another_clone_continues_the_remote_history(tmp_path: Path, git_env: dict[str, str]) -> None:
    repo = make_repo(tmp_path, git_env)
    bare = tmp_path / "remote.git"
    assert cli(repo, git_env, "publish").returncode == 0
    first = git(bare, git_env, "rev-parse", "gh-pages").strip()
    other = tmp_path / "other"
    git(tmp_path, git_env, "clone", "-q", str(bare), str(other))  # has no local gh-pages branch
    git(other, git_env, "config", "user.name", "Other")
    git(other, git_env, "config", "user.email", "other@example.org")
    git(repo, git_env, "push", "-q", "origin", "main")
    git(other, git_env, "pull", "-q", "origin", "main")
    (other / "content" / "later.md").write_text(SECOND.replace("Talks in Geneva", "Later talks"), encoding="utf-8")
    result = cli(other, git_env, "publish")
    assert result.returncode == 0, result.stderr
    assert git(bare, git_env, "rev-parse", "gh-pages^").strip() == first
    assert git(bare, git_env, "log", "-1", "--format=%an", "gh-pages").strip() == "Other"


def test_cname_is_written_and_kept(tmp_path: Path, git_env: dict[str, str]) -> None:
    repo = make_repo(tmp_path, git_env, remote="git@github.com:user/repo.git")
    result = cli(repo, git_env, "publish", "--no-push", "--cname", "Docs.Example.org")
    assert result.returncode == 0, result.stderr
    assert "https://docs.example.org/" in result.stdout and "not pushed" in result.stdout
    assert branch_files(repo, git_env, "gh-pages")["CNAME"] == b"docs.example.org\n"
    (repo / "content" / "later.md").write_text(SECOND.replace("Talks in Geneva", "Later talks"), encoding="utf-8")
    again = cli(repo, git_env, "publish", "--no-push")
    assert again.returncode == 0, again.stderr
    files = branch_files(repo, git_env, "gh-pages")
    assert files["CNAME"] == b"docs.example.org\n"
    assert b"https://docs.example.org/briefings/later/" in files["sitemap.xml"]
    assert cli(repo, git_env, "publish", "--no-push", "--cname", "not a domain").returncode == 2


def test_clear_errors_without_identity_or_remote(tmp_path: Path, git_env: dict[str, str]) -> None:
    repo = make_repo(tmp_path, git_env, identity=False)
    result = cli(repo, git_env, "publish", "--no-push")
    assert result.returncode == 2
    assert "user.name" in result.stderr and "git config" in result.stderr and "Traceback" not in result.stderr
    git(repo, git_env, "config", "user.name", "A")
    git(repo, git_env, "config", "user.email", "a@example.org")
    result = cli(repo, git_env, "publish", "--remote", "nowhere")
    assert result.returncode == 2 and "no remote 'nowhere'" in result.stderr
    git(repo, git_env, "switch", "-q", "-c", "gh-pages")
    result = cli(repo, git_env, "publish", "--no-push")
    assert result.returncode == 2 and "switch to your source branch" in result.stderr


# --- credentials in the remote URL never reach the output (issue 12, item 5) ---

SECRET = "ghp_SECRET"


@pytest.mark.parametrize("text, expected", [
    ("https://alice:ghp_SECRET@github.com/a/b.git", "https://github.com/a/b.git"),
    ("https://ghp_SECRET@github.com/a/b", "https://github.com/a/b"),
    ("https://x-access-token:p@ss/w:ghp_SECRET@github.com/a/b", "https://github.com/a/b"),
    ("fatal: 'HTTP://u:ghp_SECRET@h.org/r' and ssh://git@host:22/r failed", "fatal: 'HTTP://h.org/r' and ssh://host:22/r failed"),
    ("git@github.com:user/repo.git", "git@github.com:user/repo.git"),
    ("https://github.com/a/b then mail me at a@b.org", "https://github.com/a/b then mail me at a@b.org"),
])
def test_redact_urls(text: str, expected: str) -> None:
    assert redact_urls(text) == expected


class GitHttpHandler(http.server.BaseHTTPRequestHandler):
    """git's smart HTTP protocol through ``git http-backend``, behind Basic auth alice:ghp_SECRET."""

    project_root = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.run_backend()

    def do_POST(self) -> None:  # noqa: N802
        self.run_backend()

    def run_backend(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Authorization") != "Basic " + base64.b64encode(f"alice:{SECRET}".encode()).decode():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        env = {**os.environ, "GIT_PROJECT_ROOT": self.project_root, "GIT_HTTP_EXPORT_ALL": "1", "REMOTE_USER": "alice",
               "REQUEST_METHOD": self.command, "PATH_INFO": path, "QUERY_STRING": query,
               "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(len(body)),
               "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", "")}
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True, check=True).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        status = next((int(line.split()[1]) for line in lines if line.startswith("Status:")), 200)
        self.send_response(status)
        for line in lines:
            name, _, value = line.partition(": ")
            if name != "Status":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@contextmanager
def git_over_http(root: Path) -> Iterator[int]:
    """Serve the bare repositories under ``root`` over HTTP on localhost; yields the port."""
    handler = type("Handler", (GitHttpHandler,), {"project_root": str(root)})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_token_in_a_github_remote_is_not_printed(tmp_path: Path, git_env: dict[str, str]) -> None:
    repo = make_repo(tmp_path, git_env, remote=f"https://alice:{SECRET}@github.com/alice/briefs.git")
    result = cli(repo, git_env, "publish", "--no-push")
    assert result.returncode == 0, result.stderr
    assert "base URL https://alice.github.io/briefs/ (inferred from remote 'origin' " \
           "(https://github.com/alice/briefs.git))" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_token_in_another_remote_is_not_printed_when_pushing_or_failing(tmp_path: Path,
                                                                        git_env: dict[str, str]) -> None:
    served = tmp_path / "served"
    bare = served / "briefs.git"
    git(tmp_path, git_env, "init", "-q", "--bare", str(bare))
    with git_over_http(served) as port:
        repo = make_repo(tmp_path, git_env, remote=f"http://alice:{SECRET}@127.0.0.1:{port}/briefs.git")
        git(repo, git_env, "config", "http.postBuffer", "100000000")  # one POST, no chunked upload
        first = cli(repo, git_env, "publish")
        assert first.returncode == 0, first.stderr
        assert f"could not infer it from remote 'origin' (http://127.0.0.1:{port}/briefs.git)" in first.stdout
        assert git(bare, git_env, "rev-parse", "gh-pages") == git(repo, git_env, "rev-parse", "gh-pages")

        # The server refuses the next push and echoes a URL with credentials: publish relays git's
        # words, without the credentials.
        hook = bare / "hooks" / "pre-receive"
        hook.write_text(f"#!/bin/sh\necho 'refused; see https://bob:{SECRET}@ci.example.org/log'\nexit 1\n")
        hook.chmod(0o755)
        (repo / "content" / "later.md").write_text(SECOND.replace("Talks in Geneva", "Later talks"), encoding="utf-8")
        second = cli(repo, git_env, "publish")
    assert second.returncode == 1
    assert "refused; see https://ci.example.org/log" in second.stderr and "Traceback" not in second.stderr
    assert SECRET not in first.stdout + first.stderr + second.stdout + second.stderr


# --- a gh-pages branch checked out in another worktree (issue 12, item 9) ---

def test_refuses_to_move_a_branch_checked_out_in_another_worktree(tmp_path: Path, git_env: dict[str, str]) -> None:
    repo = make_repo(tmp_path, git_env)
    bare = tmp_path / "remote.git"
    assert cli(repo, git_env, "publish").returncode == 0
    tip = git(repo, git_env, "rev-parse", "gh-pages")
    pages = tmp_path / "ghp"
    git(repo, git_env, "worktree", "add", "-q", str(pages), "gh-pages")
    (repo / "content" / "later.md").write_text(SECOND.replace("Talks in Geneva", "Later talks"), encoding="utf-8")

    result = cli(repo, git_env, "publish")
    assert result.returncode == 2
    assert f"checked out in the worktree {pages}" in result.stderr and "Traceback" not in result.stderr
    assert git(repo, git_env, "rev-parse", "gh-pages") == tip
    assert git(bare, git_env, "rev-parse", "gh-pages") == tip
    assert git(pages, git_env, "status", "--porcelain") == ""

    # Once the worktree is gone, publishing works again.
    git(repo, git_env, "worktree", "remove", str(pages))
    again = cli(repo, git_env, "publish")
    assert again.returncode == 0, again.stderr
    assert git(bare, git_env, "rev-parse", "gh-pages") != tip


# --- the published site under /repo/ passes a full link check ---

def test_published_site_passes_link_check_under_repo(tmp_path: Path, git_env: dict[str, str]) -> None:
    repo = make_repo(tmp_path, git_env, remote="git@github.com:user/repo.git")
    result = cli(repo, git_env, "publish", "--no-push")
    assert result.returncode == 0, result.stderr
    assert "base URL https://user.github.io/repo/ (inferred from remote 'origin'" in result.stdout

    root = tmp_path / "served"
    for path, data in branch_files(repo, git_env, "gh-pages").items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    assert b"https://user.github.io/repo/" in (root / "sitemap.xml").read_bytes()
    with serve(root, "/repo/") as url:
        seen, broken = crawl(url)
        assert not broken, "broken links:\n" + "\n".join(broken)
        assert len(seen) >= 20
        assert any(unquote(u).endswith("/repo/briefings/geneva/index.html") for u in seen)
        assert any("/repo/countries/" in u for u in seen) and any("/repo/assets/" in u for u in seen)
        # GitHub shows 404.html at any depth: its links start from /repo/ and resolve there too.
        _, broken_404 = crawl(url + "404.html")
        assert not broken_404
