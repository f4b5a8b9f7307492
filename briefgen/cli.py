"""The command line: the only place that prints results, exits and picks exit codes.

Exit codes: 0 success, 1 problems in the user's content or files (one that cannot be read or
written is ``briefgen: error: PATH: REASON``), 2 bad usage (options, site layout). Tracebacks only
with ``--debug``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__, uptodate
from .errors import BriefgenError, ContentErrors, UsageError, did_you_mean, visible

if TYPE_CHECKING:
    from .serve import LiveReload
    from .watch import Watcher

# The build, Markdown and country modules are imported where they are used: a no-change
# `briefgen build` answers from file stats (uptodate) before any of them would be needed.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own exit code is 2 too; keep its format
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="briefgen", description="Build briefing sites on world events from front-matter Markdown.")
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks for errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_build(commands)
    _add_ingest(commands)
    _add_serve(commands)
    _add_watch(commands)
    _add_new(commands)
    _add_publish(commands)
    _add_init(commands)
    return parser


def _add_build(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser("build", help="build the site into output/",
                            description="Render content/ through the templates into a static site.")
    _site_arg(p)
    p.add_argument("--out", type=Path, metavar="DIR", help="output directory (default: SITE/output)")
    p.add_argument("--base-url", type=_base_url, metavar="URL", help="absolute URL the site is published at, e.g. https://user.github.io/repo/")
    p.add_argument("--drafts", action="store_true", help="include briefings marked draft: true")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    p.add_argument("--no-cache", dest="use_cache", action="store_false",
                   help="ignore .briefgen-cache/ and render everything (the result is the same, only slower)")
    p.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes for rendering (default: all cores)")
    p.add_argument("--timings", action="store_true", help="print how long each stage took")


def _add_ingest(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser("ingest", help="turn source articles in seeds/ into briefings in content/",
                            description="Read source articles (text, saved HTML, JSON Lines, RSS/Atom, Markdown) and "
                                        "write front-matter briefings to content/. Unchanged sources are skipped; a "
                                        "briefing edited by hand is never overwritten.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders to ingest (default: seeds/)")
    _site_arg(p)
    p.add_argument("--dry-run", "-n", action="store_true", help="say what would be written; write nothing")
    p.add_argument("--force", action="store_true", help="replace briefings even if they were edited by hand (says which)")
    p.add_argument("--write-new-beside", action="store_true",
                   help="for a briefing edited by hand, write the new version beside it as NAME.ingest-new.md (a draft)")


def _add_serve(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser("serve", help="serve output/ locally, rebuild on changes and reload the browser",
                            description="Build, serve the site at http://HOST:PORT/ under its base path, and rebuild "
                                        "and reload open pages whenever content/, templates/ or briefgen.toml change.")
    _site_arg(p)
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--no-watch", dest="watch", action="store_false", help="serve output/ as it is: no rebuilds")
    p.add_argument("--drafts", action="store_true", help="include briefings marked draft: true")
    p.add_argument("--ingest", action="store_true", help="also ingest files added or changed in seeds/")


def _add_watch(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser("watch", help="rebuild whenever content/, templates/ or briefgen.toml change",
                            description="Build, then rebuild after every change (no server). Ctrl-C stops.")
    _site_arg(p)
    p.add_argument("--drafts", action="store_true", help="include briefings marked draft: true")
    p.add_argument("--ingest", action="store_true", help="also ingest files added or changed in seeds/")
    p.set_defaults(watch=True)


def _add_new(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser("new", help="write a new briefing skeleton",
                            description="Write a dated, valid briefing skeleton under content/ and print its path.")
    p.add_argument("title", help="the briefing's title")
    p.add_argument("--country", action="append", default=[], metavar="X", help="a country name or ISO code (repeatable)")
    p.add_argument("--topic", action="append", default=[], metavar="Y", help="a topic slug (repeatable)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the briefing's date (default: today)")
    _site_arg(p)


def _add_publish(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser("publish", help="build and push the site to the gh-pages branch",
                            description="Build the site, commit it as the whole tree of the gh-pages branch "
                                        "(without touching your working tree) and push it.")
    _site_arg(p)
    p.add_argument("--remote", default="origin", help="git remote to push to (default: origin)")
    p.add_argument("--branch", default="gh-pages", help="branch to publish to (default: gh-pages)")
    p.add_argument("--message", "-m", metavar="MSG", help="commit message")
    p.add_argument("--cname", metavar="DOMAIN", help="custom domain: writes CNAME (an existing CNAME is kept)")
    p.add_argument("--base-url", type=_base_url, metavar="URL", help="absolute URL of the site (default: briefgen.toml, else inferred from the remote)")
    p.add_argument("--no-push", dest="push", action="store_false", help="commit to the branch but do not push")


def _add_init(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser("init", help="create a new site",
                            description="Create a new briefing site: briefgen.toml, content/ with an example, "
                                        "seeds/, .gitignore. Never overwrites a file.")
    p.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR", help="where (default: current directory)")
    p.add_argument("--title", default="Briefings", help="the site's title")
    p.add_argument("--github-actions", action="store_true", help="also write .github/workflows/pages.yml")
    p.add_argument("--install-command", default=None, metavar="CMD",
                   help="how the workflow installs briefgen (default: pip install briefgen)")


def _site_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help="site root (default: current directory)")


def run() -> NoReturn:
    """The ``briefgen`` command: ``main``, then out without tearing the interpreter down. A
    build's cache is about a million small objects, which Python would free one by one at exit:
    0.8 s at 10,000 briefings, as long as loading them (issue 15). Nothing is left to tear down
    (pools, threads and files are closed by then); what is printed is flushed."""
    code = main()
    if "logging" in sys.modules:  # imported only by the commands that log (serve, watch)
        sys.modules["logging"].shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return _COMMANDS[args.command](args)
    except ContentErrors as exc:
        for problem in exc.problems:
            print(f"error: {problem}" if not problem.warning else str(problem), file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return _failed(args, EXIT_CONTENT)
    except UsageError as exc:
        print(f"briefgen: error: {exc}", file=sys.stderr)
        return _failed(args, EXIT_USAGE)
    except BriefgenError as exc:
        print(f"briefgen: error: {exc}", file=sys.stderr)
        return _failed(args, EXIT_CONTENT)
    except OSError as exc:
        # A file or folder the user can fix (permissions, a missing folder, a full disk): one
        # line naming it, not a traceback (issue 12).
        print(f"briefgen: error: {_describe_os_error(exc)}", file=sys.stderr)
        return _failed(args, EXIT_CONTENT)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _failed(args: argparse.Namespace, code: int) -> int:
    if args.debug:
        import traceback

        traceback.print_exc()
    return code


def _describe_os_error(exc: OSError) -> str:
    """``path: reason`` for an OSError; the path relative to the current folder when inside it."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return visible(reason)
    name = os.fsdecode(exc.filename) if isinstance(exc.filename, str | bytes) else str(exc.filename)
    try:
        relative = os.path.relpath(name)
    except ValueError:
        relative = name
    shown = name if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative
    return visible(f"{shown}: {reason}")


def _port(text: str) -> int:
    """--port: checked here, so a bad one is a usage error naming the option, not a traceback."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 65535, got '{text}'")
    return port


def _base_url(text: str) -> str:
    """--base-url gets briefgen.toml's check: a relative one made relative canonical links (issue 12)."""
    from .config import base_url_problem

    wrong = base_url_problem(text)
    if wrong:
        raise argparse.ArgumentTypeError(f"{wrong} (for example https://user.github.io/repo/)")
    return text


def _check_site_folders(site: Path) -> None:
    """An unreadable templates/ would otherwise be reported as some file inside it."""
    folder = site / "templates"
    try:
        os.scandir(folder).close()
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:
        raise OSError(exc.errno, f"cannot read folder: {exc.strerror}", str(folder)) from exc


def _check_output_parent(out_dir: Path) -> None:
    """The new site is written beside the output folder, then swapped in. Find a parent that
    cannot be written now, not after the whole build, and name it, not a temporary folder."""
    import tempfile

    parent = out_dir.absolute().parent
    while not parent.is_dir() and parent != parent.parent:  # missing folders are made by the build
        parent = parent.parent
    try:
        os.rmdir(tempfile.mkdtemp(prefix=f".{out_dir.name}.check-", dir=parent))
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write the output folder {out_dir.name}/ here: {exc.strerror}",
                      str(parent)) from exc


def _build(args: argparse.Namespace) -> int:
    show_progress = not args.quiet and sys.stderr.isatty() and not os.environ.get("CI")

    def progress(stage: str, done: int, total: int) -> None:
        if show_progress:
            print(f"\r{stage} {done}/{total}", end="", file=sys.stderr, flush=True)

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    _check_site_folders(args.site)
    started = time.perf_counter()
    # The stats of every input, taken once before the build stack is imported: they answer the
    # up-to-date check, and the build's load stage reads them instead of stat'ing content/ again.
    state = uptodate.current_state(args.site, args.out, args.base_url, args.drafts) if args.use_cache else None
    recorded = uptodate.recorded_build(args.site, args.out, args.base_url, args.drafts, state) if state else None
    if recorded is not None:
        if not args.quiet:
            _print_built(recorded.briefings, recorded.pages, 0, 0, recorded.out_dir, time.perf_counter() - started)
            if args.timings:
                print(f"  up to date: no input changed since the last build (checked in {time.perf_counter() - started:.2f} s)")
        return EXIT_OK
    from .build import BuildOptions, build

    _check_output_parent(args.out or args.site / "output")
    result = build(args.site, BuildOptions(out_dir=args.out, base_url=args.base_url, drafts=args.drafts,
                                           use_cache=args.use_cache, jobs=args.jobs, inputs=state),
                   progress=progress)
    if show_progress:
        print("\r\033[K", end="", file=sys.stderr)
    for warning in result.warnings:
        print(str(warning), file=sys.stderr)
    if not args.quiet:
        s = result.stats
        _print_built(s.briefings, s.pages, s.rendered, s.written, result.out_dir, s.seconds)
        if args.timings:
            print("  " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in s.timings))
    return EXIT_OK


def _print_built(briefings: int, pages: int, rendered: int, written: int, out_dir: Path, seconds: float) -> None:
    print(f"built {briefings} briefing{'s' if briefings != 1 else ''}, {pages} pages "
          f"({rendered} rendered, {written} files changed) into {_display(out_dir)} in {seconds:.2f} s")


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path) + "/"
    except ValueError:
        return str(path)


# The body of a new briefing; its front matter is briefing_file's skeleton.
SKELETON_BODY = """
Write the briefing here. The first paragraph is the summary when `summary` is empty.

## Background

"""


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _new(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from .briefing_file import template_front_matter
    from .config import load_config
    from .countries import resolve_country, slugify, suggest_country

    site: Path = args.site
    config, problems = load_config(site)
    if problems:
        raise ContentErrors(problems)
    codes = []
    for name in args.country:
        country = resolve_country(name)
        if country is None:
            hint = suggest_country(name)
            raise UsageError(f"unknown country '{name}'" + (f" ({hint})" if hint else ""))
        codes.append(country.code)
    for topic in args.topic:
        if topic not in config.topic_slugs:
            hint = did_you_mean(topic, config.topic_slugs)
            raise UsageError(f"unknown topic '{topic}'" + (f" ({hint})" if hint else "") +
                             f"; topics: {', '.join(config.topic_slugs)}")
    try:
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise UsageError(f"--date must be YYYY-MM-DD, got '{args.date}'") from None
    # A control character (an ANSI escape, a tab from a paste) would reach pages and feeds: a space instead.
    title = " ".join(_CONTROL_CHARS.sub(" ", args.title).split())
    slug = slugify(title)[:80].strip("-")
    if not slug:
        raise UsageError("the title needs at least one letter or digit")
    content = site / "content"
    content.mkdir(parents=True, exist_ok=True)
    path = content / f"{slug}.md"
    number = 2
    while path.exists():
        path = content / f"{slug}-{number}.md"
        number += 1
    text = template_front_matter({"title": json.dumps(title, ensure_ascii=False), "date": date.isoformat(),
                                  "countries": f"[{', '.join(codes)}]", "topics": f"[{', '.join(args.topic)}]"})
    text += SKELETON_BODY
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    print(path.as_posix())
    return EXIT_OK


def _publish(args: argparse.Namespace) -> int:
    from .publish import PublishOptions, publish

    _check_site_folders(args.site)
    result = publish(args.site, PublishOptions(remote=args.remote, branch=args.branch, message=args.message,
                                               cname=args.cname, push=args.push, base_url=args.base_url))
    for warning in result.warnings:
        print(str(warning), file=sys.stderr)
    choice = result.base_url
    if choice.url:
        print(f"base URL {choice.url} ({choice.reason})")
    else:
        print(f"base URL: {choice.reason}; built with the default. Set base_url in briefgen.toml "
              f"or pass --base-url so feeds and canonical links point at the published site.")
    s = result.build
    print(f"built {s.briefings} briefing{'s' if s.briefings != 1 else ''}, {s.pages} pages")
    short = result.commit[:12]
    if result.changed:
        print(f"committed {short} to branch {result.branch}: {result.files} files")
    else:
        print(f"nothing changed since the last publish; {result.branch} stays at {short} ({result.files} files)")
    if result.pushed:
        print(f"pushed {result.branch} ({short}) to {result.remote}")
        if choice.url:
            print(f"the site will be at {choice.url} once GitHub Pages has deployed it "
                  f"(Settings > Pages: deploy from branch {result.branch}, folder / (root))")
    else:
        print(f"not pushed (--no-push); push it with: git push {result.remote} {result.branch}")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from .scaffold import DEFAULT_INSTALL, init_site

    result = init_site(args.dir, title=args.title, github_actions=args.github_actions,
                       install_command=args.install_command or DEFAULT_INSTALL)
    for path in result.created:
        print(f"created {_display(result.site_dir / path)[:-1]}")
    where = _display(result.site_dir)
    print(f"new site in {where}; next: briefgen build --site {where}")
    return EXIT_OK


def _ingest(args: argparse.Namespace) -> int:
    from .config import load_config
    from .ingest.pipeline import ingest

    site: Path = args.site
    config, problems = load_config(site)
    if problems:
        raise ContentErrors(problems)
    report = ingest(site, args.paths or None, dry_run=args.dry_run, force=args.force,
                    write_new_beside=args.write_new_beside, config=config)
    for outcome in report.outcomes:
        is_problem = outcome.problem is not None
        print(str(outcome), file=sys.stderr if is_problem else sys.stdout)
    print(report.summary())
    return EXIT_CONTENT if report.has_errors else EXIT_OK


def _print_report(report: object) -> None:
    import datetime as dt

    from .watch import RebuildReport

    assert isinstance(report, RebuildReport)
    stamp = dt.datetime.now().strftime("%H:%M:%S")
    if report.search and report.result is not None:
        print(f"[{stamp}] search index updated in {report.seconds * 1000:.0f} ms", flush=True)
        return
    if report.changes:
        print(f"[{stamp}] {report.changes.describe()}", flush=True)
    for line in report.ingested:
        print(f"  ingest: {line}", flush=True)
    if report.result is None:
        for problem in report.problems:
            print(f"  error: {problem}", file=sys.stderr, flush=True)
        print(f"  build failed ({len(report.problems)} problem{'s' if len(report.problems) != 1 else ''}); "
              f"still serving the last good site", file=sys.stderr, flush=True)
        return
    s = report.result.stats
    verb = "rebuilt" if report.changes else "built"
    print(f"[{stamp}] {verb}: {s.rendered} of {s.pages} pages rendered, {s.written} files changed, "
          f"in {report.seconds * 1000:.0f} ms", flush=True)


def _serve(args: argparse.Namespace) -> int:
    import logging
    import threading

    from .serve import LiveReload

    # Only serve and watch log (watch.py: a rebuild's problems); every other command prints.
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    site: Path = args.site.resolve()
    serving = args.command == "serve"
    _check_site_folders(site)
    if args.watch:
        _check_output_parent(site / "output")
    live = LiveReload() if serving and args.watch else None
    watcher = _start_watcher(site, args, live) if args.watch else None
    if serving:
        return _serve_output(site, args, live, watcher)
    print(f"watching {_display(site)} for changes; Ctrl-C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        if watcher:
            watcher.stop()
    return EXIT_OK


def _start_watcher(site: Path, args: argparse.Namespace, live: LiveReload | None) -> Watcher:
    """Build once and watch; every rebuild's report is printed and, when serving, sent to open pages."""
    from .build import BuildOptions as Options
    from .watch import Watcher

    def on_report(report: object) -> None:
        _print_report(report)
        if live is not None:
            problems = tuple(str(p) for p in report.problems if not p.warning)  # type: ignore[attr-defined]
            live.publish(problems, rebuilt=report.result is not None)  # type: ignore[attr-defined]

    watcher = Watcher(site, Options(drafts=args.drafts), on_report, ingest=args.ingest)
    first = watcher.start()
    if first.result is None and args.command != "serve":
        print("fix the problems above; watching for changes", file=sys.stderr)
    return watcher


def _serve_output(site: Path, args: argparse.Namespace, live: LiveReload | None, watcher: Watcher | None) -> int:
    """Serve output/ under the site's base path until Ctrl-C."""
    from .config import load_config
    from .serve import make_server
    from .urls import DEFAULT_BASE_URL, UrlScheme

    config, _ = load_config(site)
    scheme = UrlScheme(config.base_url or DEFAULT_BASE_URL)
    out_dir = site / "output"
    if not out_dir.is_dir():
        raise UsageError(f"{_display(out_dir)} does not exist: run briefgen build first")
    try:
        server = make_server(out_dir, scheme.base_path, args.host, args.port, live)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    host, port = str(server.server_address[0]), server.server_address[1]
    print(f"serving {_display(out_dir)} at http://{host}:{port}{scheme.base_path} "
          f"({'rebuilding on changes' if args.watch else 'no rebuilds'}); Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if live:
            live.close()
        server.server_close()
        if watcher:
            watcher.stop()
    return EXIT_OK


_COMMANDS = {"build": _build, "new": _new, "ingest": _ingest, "serve": _serve, "watch": _serve, "publish": _publish,
             "init": _init}
