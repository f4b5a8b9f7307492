"""A site directory inside a git repository → a commit on the ``gh-pages`` branch, pushed (issue 6).

``publish(site_dir, PublishOptions(...))`` builds into a temporary directory first (a failed build
raises ``ContentErrors`` and publishes nothing), then commits the built tree as the *whole* tree of
the target branch with git plumbing: a temporary index (``GIT_INDEX_FILE``), ``hash-object``,
``update-index``, ``write-tree``, ``commit-tree`` and ``update-ref``. The user's working tree,
index, HEAD and current branch are never touched, so publishing works with uncommitted changes.
It gives a ``PublishResult``; ``cli`` prints it.

``infer_base_url`` is the pure rule that turns a git remote URL or a CNAME into the URL GitHub
Pages will serve the site at.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .build import BuildOptions, BuildStats, build
from .config import load_config
from .errors import BriefgenError, ContentErrors, Problem, UsageError, errors_only

_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")
# user/repo from the three URL forms GitHub hands out (scp-like ssh, ssh://, https://).
_GITHUB_RE = re.compile(
    r"^(?:git@github\.com:|ssh://git@github\.com(?::\d+)?/|https?://(?:[^@/]+@)?(?:www\.)?github\.com/|git://github\.com/)"
    r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$",
    re.IGNORECASE,
)
# The userinfo of a URL (``https://user:token@host``): CI tokens live there, and CI logs are read
# by many (issue 12.5). Up to the last '@' before a space or quote, even past a '/': a password
# may hold either unescaped, and cutting a little too much from a message is harmless.
_USERINFO_RE = re.compile(r"\b([a-z][a-z0-9+.-]*://)[^\s'\"<>]*@", re.IGNORECASE)


class PublishError(BriefgenError):
    """git refused something (exit 1); the message includes git's own words."""


@dataclass(frozen=True, slots=True)
class PublishOptions:
    remote: str = "origin"
    branch: str = "gh-pages"
    message: str | None = None
    cname: str | None = None
    push: bool = True
    base_url: str | None = None


@dataclass(frozen=True, slots=True)
class BaseUrlChoice:
    """The base URL a publish builds with, and why. ``url`` is None when nothing could be inferred."""

    url: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class PublishResult:
    commit: str
    """The branch tip after publishing (the previous tip when nothing changed)."""
    changed: bool
    """False when the built tree equals the branch's previous tree: no commit was made."""
    branch: str
    remote: str
    pushed: bool
    files: int
    """Files in the published tree, ``.nojekyll`` and ``CNAME`` included."""
    cname: str | None
    base_url: BaseUrlChoice
    build: BuildStats
    warnings: tuple[Problem, ...]


# --- base URL inference (pure) ---

def redact_urls(text: str) -> str:
    """``text`` with the credentials taken out of every ``scheme://user:pass@host`` URL in it."""
    return _USERINFO_RE.sub(r"\1", text)


def github_repo(remote_url: str) -> tuple[str, str] | None:
    """``(owner, repo)`` when ``remote_url`` points at a GitHub repository, else None."""
    match = _GITHUB_RE.match(remote_url.strip())
    if not match:
        return None
    return match.group("owner"), match.group("repo")


def infer_base_url(remote_url: str | None, cname: str | None = None) -> str | None:
    """Where GitHub Pages serves a repository's site: a CNAME wins, then the remote's owner/repo.

    ``git@github.com:user/repo.git`` → ``https://user.github.io/repo/``; a repository named
    ``user.github.io`` → ``https://user.github.io/``; a CNAME ``example.org`` → ``https://example.org/``;
    anything else (another host, a local path) → None.
    """
    if cname:
        return f"https://{cname.strip().lower()}/"
    if not remote_url:
        return None
    found = github_repo(remote_url)
    if found is None:
        return None
    owner, repo = found
    host = f"{owner.lower()}.github.io"
    if repo.lower() == host:
        return f"https://{host}/"
    return f"https://{host}/{repo}/"


def choose_base_url(flag: str | None, configured: str, remote_url: str | None, cname: str | None,
                    remote: str = "origin") -> BaseUrlChoice:
    """The base URL to build with: ``--base-url``, then ``briefgen.toml``, then inference.
    The reason shows the remote URL without its credentials."""
    shown = redact_urls(remote_url) if remote_url else None
    if flag:
        return BaseUrlChoice(flag if flag.endswith("/") else flag + "/", "from --base-url")
    if configured:
        return BaseUrlChoice(configured, "from base_url in briefgen.toml")
    inferred = infer_base_url(remote_url, cname)
    if inferred and cname:
        return BaseUrlChoice(inferred, f"inferred from the CNAME {cname}")
    if inferred:
        return BaseUrlChoice(inferred, f"inferred from remote '{remote}' ({shown})")
    where = f"remote '{remote}' ({shown})" if shown else f"remote '{remote}' (not set)"
    return BaseUrlChoice(None, f"could not infer it from {where}: not a GitHub repository")


def check_cname(cname: str) -> str:
    """A bare domain name for the ``CNAME`` file, or UsageError."""
    domain = cname.strip().lower().rstrip(".")
    if not _DOMAIN_RE.match(domain):
        raise UsageError(f"--cname needs a bare domain name like docs.example.org, got '{cname}'")
    return domain


# --- git ---

def _git(repo: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None,
         check: bool = True) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    # The user's own GIT_INDEX_FILE/GIT_DIR would redirect our plumbing onto their index.
    for name in ("GIT_INDEX_FILE", "GIT_WORK_TREE"):
        full_env.pop(name, None)
    full_env.update(env or {})
    try:
        result = subprocess.run(["git", *args], check=False, cwd=repo, env=full_env, input=input, capture_output=True,
                                text=True, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH; publish needs it") from None
    if check and result.returncode != 0:
        # git's words may quote a remote URL, and a server's "remote:" lines anything.
        detail = redact_urls((result.stderr or result.stdout).strip())
        raise PublishError(f"git {args[0]} failed in {repo}: {detail}")
    return result


def _rev(repo: Path, ref: str) -> str | None:
    result = _git(repo, "rev-parse", "--verify", "--quiet", ref + "^{commit}", check=False)
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def _check_identity(repo: Path) -> None:
    missing = []
    for key, env_name in (("user.name", "GIT_AUTHOR_NAME"), ("user.email", "GIT_AUTHOR_EMAIL")):
        if os.environ.get(env_name):
            continue
        if not _git(repo, "config", "--get", key, check=False).stdout.strip():
            missing.append(key)
    if missing:
        settings = "\n".join(f"  git config --global {key} \"{'Your Name' if key == 'user.name' else 'you@example.org'}\""
                             for key in missing)
        raise UsageError(f"git does not know who is publishing ({' and '.join(missing)} unset); "
                         f"the gh-pages commit needs an author. Set it with:\n{settings}")


def _parent(repo: Path, options: PublishOptions) -> str | None:
    """The commit the new one follows: the local branch, or the remote's when that is ahead or the only one."""
    ref = f"refs/heads/{options.branch}"
    local = _rev(repo, ref)
    if not options.push:
        return local
    listed = _git(repo, "ls-remote", "--heads", options.remote, ref)
    remote_tip = next((line.split()[0] for line in listed.stdout.splitlines() if line.endswith(ref)), None)
    if remote_tip is None or remote_tip == local:
        return local
    if _rev(repo, remote_tip) is None:
        _git(repo, "fetch", "--quiet", "--no-tags", options.remote, ref)
    if local is None or _git(repo, "merge-base", "--is-ancestor", local, remote_tip, check=False).returncode == 0:
        return remote_tip
    if _git(repo, "merge-base", "--is-ancestor", remote_tip, local, check=False).returncode == 0:
        return local
    raise PublishError(f"the local branch '{options.branch}' and {options.remote}/{options.branch} have diverged; "
                       f"delete the local one (git branch -D {options.branch}) to publish on top of the remote's")


def _existing_cname(repo: Path, parent: str | None) -> str | None:
    if parent is None:
        return None
    shown = _git(repo, "cat-file", "blob", f"{parent}:CNAME", check=False)
    text = shown.stdout.strip() if shown.returncode == 0 else ""
    return text.splitlines()[0].strip() if text else None


def _commit_tree(repo: Path, root: Path, scratch: Path) -> tuple[str, int]:
    """Write every file under ``root`` as one git tree, through a throwaway index. Returns (tree, files)."""
    paths = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())
    if any("\n" in p for p in paths):
        raise PublishError("an output path contains a newline; git plumbing cannot publish it")
    env = {"GIT_INDEX_FILE": str(scratch / "index")}
    # --no-filters: bytes exactly as built, whatever the repo's .gitattributes or autocrlf say.
    hashed = _git(repo, "hash-object", "-w", "--no-filters", "--stdin-paths",
                  input="".join(str(root / p) + "\n" for p in paths)).stdout.split()
    entries = "".join(f"100644 {sha}\t{path}\0" for sha, path in zip(hashed, paths, strict=True))
    _git(repo, "update-index", "--add", "-z", "--index-info", env=env, input=entries)
    tree = _git(repo, "write-tree", env=env).stdout.strip()
    return tree, len(paths)


def _check_not_checked_out(repo: Path, branch: str) -> None:
    """UsageError when a worktree has ``branch`` checked out: moving the branch under it would leave
    that worktree showing the previous site as staged changes (issue 12.9)."""
    if _git(repo, "symbolic-ref", "--quiet", "HEAD", check=False).stdout.strip() == f"refs/heads/{branch}":
        raise UsageError(f"you are on the branch '{branch}' that publish replaces; "
                         f"switch to your source branch first (git switch main)")
    listed = _git(repo, "worktree", "list", "--porcelain", check=False).stdout
    for entry in listed.split("\n\n"):
        fields = dict(line.partition(" ")[::2] for line in entry.splitlines())
        if fields.get("branch") == f"refs/heads/{branch}":
            path = fields.get("worktree", "?")
            raise UsageError(f"the branch '{branch}' that publish replaces is checked out in the worktree {path}; "
                             f"remove that worktree (git worktree remove {path}) or switch it to another "
                             f"branch, then publish again")


def _repo_root(site_dir: Path) -> Path:
    result = _git(site_dir, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise UsageError(f"{site_dir} is not inside a git repository; publish commits to a branch of one "
                         f"(run 'git init' and add a GitHub remote first)")
    if _git(site_dir, "rev-parse", "--is-bare-repository").stdout.strip() == "true":
        raise UsageError(f"{site_dir} is a bare repository; run publish from a clone with the site in it")
    return Path(result.stdout.strip())


def publish(site_dir: Path, options: PublishOptions = PublishOptions()) -> PublishResult:
    """Build the site and commit it to ``options.branch``; push unless ``options.push`` is False."""
    site_dir = site_dir.resolve()
    if not site_dir.is_dir():
        raise UsageError(f"site directory {site_dir} does not exist")
    if not re.match(r"^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+(?<![./])$", options.branch) or options.branch.endswith(".lock"):
        raise UsageError(f"--branch '{options.branch}' is not a valid branch name")
    repo = _repo_root(site_dir)
    _check_identity(repo)
    _check_not_checked_out(repo, options.branch)
    remote_url = _git(repo, "remote", "get-url", options.remote, check=False).stdout.strip() or None
    if options.push and remote_url is None:
        raise UsageError(f"this repository has no remote '{options.remote}'; add one with "
                         f"'git remote add {options.remote} URL', pass --remote NAME, or use --no-push")
    cname_flag = check_cname(options.cname) if options.cname else None

    parent = _parent(repo, options)
    cname = cname_flag or _existing_cname(repo, parent)
    config, problems = load_config(site_dir)
    if errors_only(problems):
        raise ContentErrors(problems)
    choice = choose_base_url(options.base_url, config.base_url, remote_url, cname, options.remote)

    with tempfile.TemporaryDirectory(prefix="briefgen-publish-") as scratch_name:
        scratch = Path(scratch_name)
        out = scratch / "site"
        # The cache speeds this build up (rendered Markdown), but is not saved: it goes on
        # describing the site's own output/, so the next `briefgen build` stays incremental.
        built = build(site_dir, BuildOptions(out_dir=out, base_url=choice.url, save_cache=False))
        # GitHub Pages runs Jekyll unless told not to, which hides folders starting with '_'.
        (out / ".nojekyll").touch()
        if cname:
            (out / "CNAME").write_text(cname + "\n", encoding="utf-8")
        tree, files = _commit_tree(repo, out, scratch)

    changed = parent is None or _git(repo, "rev-parse", parent + "^{tree}").stdout.strip() != tree
    commit = parent or ""
    if changed:
        message = options.message or _default_message(repo)
        args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
        commit = _git(repo, *args).stdout.strip()
    local = _rev(repo, f"refs/heads/{options.branch}")
    if local != commit:
        # The old value makes update-ref refuse if the branch moved under us since we read it.
        _git(repo, "update-ref", "-m", "briefgen publish", f"refs/heads/{options.branch}", commit,
             local or "0" * len(commit))
    if options.push:
        _git(repo, "push", "--quiet", options.remote, f"refs/heads/{options.branch}:refs/heads/{options.branch}")
    return PublishResult(commit, changed, options.branch, options.remote, options.push, files, cname, choice,
                         built.stats, built.warnings)


def _default_message(repo: Path) -> str:
    head = _git(repo, "rev-parse", "--short", "--verify", "--quiet", "HEAD", check=False).stdout.strip()
    return f"Publish site from {head} (briefgen {__version__})" if head else f"Publish site (briefgen {__version__})"
