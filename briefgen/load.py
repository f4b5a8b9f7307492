"""``content/**/*.md`` → ``Briefing`` values, with every problem located at its file and line.

The front matter is parsed once with PyYAML's C loader through its node API, so each key (and
each list item) keeps the line it came from: ``content/x.md:4: unknown country 'Narnia'``.
``load_file`` is pure (text in, briefing or problems out), which is what lets ``build`` cache it
by content hash and run it in worker processes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .config import SiteConfig
from .countries import resolve_country, slugify, suggest_country
from .errors import Location, Problem, did_you_mean
from .model import Briefing, SourceRef
from .records import fast_pickle

try:  # libyaml is 60% faster on large sites (see ARCHITECTURE.md); fall back if absent
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

KNOWN_KEYS = ("title", "date", "summary", "countries", "topics", "questions", "sources",
              "slug", "draft", "updated", "credit", "provenance")
SOURCE_KEYS = ("title", "url", "publisher", "date", "license", "author")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")

# Limits that keep a hostile file from costing unbounded time or memory (issue 8).
MAX_FILE_BYTES = 5_000_000
MAX_FRONT_MATTER_BYTES = 200_000
MAX_LIST_ITEMS = 500
MAX_YAML_DEPTH = 20
MAX_SLUG_BYTES = 255  # the slug is a folder name of the output (issue 12)


@fast_pickle
@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading one file gave: a briefing, or the problems that prevent one."""

    briefing: Briefing | None
    problems: tuple[Problem, ...]


def find_content_files(content_dir: Path) -> list[Path]:
    """Every ``.md`` under content/, sorted; hidden files and editor temp files are skipped.

    Symlinked folders are not followed. One that leads outside content/ is listed itself, and so
    is a folder that cannot be read (issue 12): the build then reports it (``unusable_entry``)
    instead of silently leaving its briefings out. One directory listing per folder (os.walk):
    this runs on every rebuild.
    """
    if not content_dir.is_dir():
        return []
    root = content_dir.resolve()
    files = []

    def unreadable(error: OSError) -> None:
        files.append(Path(error.filename))

    for folder, dirnames, filenames in os.walk(content_dir, onerror=unreadable):
        base = Path(folder)
        kept = []
        for name in dirnames:
            if name.startswith((".", "_")) or name.endswith("~"):
                continue
            path = base / name
            if path.is_symlink():
                if not _inside(path.resolve(), root):
                    files.append(path)
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if name.endswith(".md") and not name.startswith((".", "_")):
                files.append(base / name)
    return sorted(files)


def unusable_entry(path: Path, rel: str, content_root: Path) -> Problem | None:
    """Why a path ``find_content_files`` listed cannot be read as a briefing; None if it can.

    One ``lstat`` for an ordinary file: the build asks this of every file it reads. Only regular
    files are read: opening a FIFO named ``x.md`` would wait forever for a writer (issue 12).
    A FIFO, socket or device is never a briefing someone wrote, so it is a warning and the
    build goes on; an unreadable folder or a link leading outside content/ hides briefings, so
    those are errors.
    """
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            target = path.resolve()
            if not _inside(target, content_root):
                kind = "folder" if os.path.isdir(target) else "file"
                return Problem(Location(rel), f"symbolic link to a {kind} outside content/ is not followed")
            mode = os.stat(path).st_mode
    except OSError:
        return None  # gone or dangling: reading it reports why, naming the file
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):  # listed because os.walk could not read it
        try:
            os.scandir(path).close()
        except OSError as exc:
            return Problem(Location(rel), f"cannot read folder: {exc.strerror}")
        return None  # readable again since it was listed
    return Problem(Location(rel), "not a regular file: skipped", warning=True)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _split(text: str) -> tuple[str, int, str, int] | None:
    """(yaml text, line of first yaml line, body, line of first body line), or None."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if FENCE_RE.match(lines[index]):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2
    return None


def _check_nodes(node: yaml.Node, depth: int = 0, seen: set[int] | None = None) -> tuple[int, str] | None:
    """Refuse YAML aliases (the 'billion laughs' bomb) and absurd nesting before constructing.

    Returns (0-based line in the YAML text, message) of the first offending node.
    """
    seen = set() if seen is None else seen
    if id(node) in seen:  # only an alias reaches a node twice
        return -1, "YAML aliases (*name) are not allowed in front matter"
    seen.add(id(node))
    if depth > MAX_YAML_DEPTH:
        return int(node.start_mark.line), f"front matter is nested more than {MAX_YAML_DEPTH} levels deep"
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        problem = _check_nodes(child, depth + 1, seen)
        if problem:
            # An alias has no mark of its own: it is on the line where its parent holds it.
            return (problem[0] if problem[0] >= 0 else _alias_line(node, child)), problem[1]
    return None


def _alias_line(parent: yaml.Node, child: yaml.Node) -> int:
    """Line of the alias that put ``child`` (a node seen before) into ``parent``: the key's or the item's line."""
    if isinstance(parent, yaml.MappingNode):
        for key, value in reversed(parent.value):  # the alias is the later of the two places
            if value is child or key is child:
                return int(key.start_mark.line)
    return int(parent.start_mark.line)


def load_file(rel_path: str, text: str, config: SiteConfig) -> LoadResult:
    """Parse and validate one briefing. ``rel_path`` is the site-relative path used in messages."""
    problems: list[Problem] = []

    def problem(line: int | None, message: str, hint: str | None = None) -> None:
        problems.append(Problem(Location(rel_path, line), message, hint))

    def fail(line: int | None, message: str, hint: str | None = None) -> LoadResult:
        problem(line, message, hint)
        return LoadResult(None, tuple(problems))

    if "\x00" in text:
        return fail(None, "file contains NUL bytes; is it a binary file?")
    if text.startswith("\ufeff"):
        text = text[1:]
    # CR LF and a lone CR end a line, as in YAML and CommonMark: line numbers match both.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return fail(None, "file is empty")
    split = _split(text)
    if split is None:
        if text.startswith("---"):
            return fail(1, "front matter has no closing '---' line")
        return fail(1, "missing front matter: a briefing starts with a '---' line, then title and date")
    yaml_text, yaml_line, body, body_line = split
    if len(yaml_text) > MAX_FRONT_MATTER_BYTES:
        return fail(1, f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1000} KB")

    node: Any = None
    try:
        loader = _Loader(yaml_text)
        try:
            node = loader.get_single_node()
            if node is None:
                return fail(1, "front matter is empty: a briefing needs at least a title and a date")
            bad = _check_nodes(node)
            if bad:
                return fail(bad[0] + yaml_line, bad[1])
            if not isinstance(node, yaml.MappingNode):
                return fail(yaml_line, "front matter must be a mapping of keys to values")
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = mark.line + yaml_line if mark else yaml_line
        return fail(at, f"invalid YAML: {exc.problem or exc.context}")
    except yaml.reader.ReaderError as exc:  # a control character, which YAML does not allow
        at = yaml_text[: max(0, exc.position)].count("\n") + yaml_line
        return fail(at, f"front matter contains the control character U+{exc.character:04X}; remove it"
                    if isinstance(exc.character, int) else f"invalid YAML: {exc.reason}")
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        # PyYAML raises ValueError for timestamps it matched but cannot build (0000-00-00).
        return fail(*_bad_value(node, exc, yaml_line))

    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    country_scalars: list[str] | None = None
    for key_node, value_node in node.value:
        if key_node.value == "countries" and isinstance(value_node, yaml.SequenceNode):
            # YAML 1.1 reads NO (Norway) as false: take country codes as written in the file.
            country_scalars = [str(item.value) if isinstance(item, yaml.ScalarNode) else "" for item in value_node.value]
        key = str(key_node.value)
        if key in key_lines:
            problem(key_node.start_mark.line + yaml_line, f"duplicate key '{key}'")
        key_lines[key] = key_node.start_mark.line + yaml_line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [item.start_mark.line + yaml_line for item in value_node.value]

    def line(key: str, index: int | None = None) -> int | None:
        if index is not None and key in item_lines and index < len(item_lines[key]):
            return item_lines[key][index]
        return key_lines.get(key)

    for key in data:
        if not isinstance(key, str) or key not in KNOWN_KEYS:
            problem(line(str(key)), f"unknown key '{key}'", did_you_mean(str(key), KNOWN_KEYS))

    title = data.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        problem(line("title") or 1, "missing title")
    elif not isinstance(title, str):
        problem(line("title"), "title must be text")

    date_value = data.get("date")
    published: dt.datetime | None = None
    if date_value is None:
        problem(line("date") or 1, "missing date")
    else:
        published = _parse_datetime(date_value)
        if published is None:
            problem(line("date"), f"malformed date '{date_value}': use YYYY-MM-DD or an ISO datetime")
    updated: dt.datetime | None = None
    if data.get("updated") is not None:
        updated = _parse_datetime(data["updated"])
        if updated is None:
            problem(line("updated"), f"malformed date '{data['updated']}': use YYYY-MM-DD or an ISO datetime")

    summary = data.get("summary")
    if summary is not None and not isinstance(summary, str):
        problem(line("summary"), "summary must be text")
        summary = None
    credit = data.get("credit")
    if credit is not None and not isinstance(credit, str):
        problem(line("credit"), "credit must be text")
        credit = None

    countries: list[str] = []
    for index, item in enumerate(_as_list(data.get("countries"), "countries", line, problem)):
        if isinstance(item, bool) and country_scalars is not None and index < len(country_scalars):
            item = country_scalars[index]
        if not isinstance(item, str | int) or isinstance(item, bool):
            problem(line("countries", index), "a country must be a name or an ISO code")
            continue
        country = resolve_country(str(item))
        if country is None:
            problem(line("countries", index), f"unknown country '{item}'", suggest_country(str(item)))
        elif country.code not in countries:
            countries.append(country.code)

    topics: list[str] = []
    for index, item in enumerate(_as_list(data.get("topics"), "topics", line, problem)):
        slug = str(item).strip().lower() if isinstance(item, str) else None
        if slug not in config.topic_slugs:
            labels = {t.label.lower(): t.slug for t in config.topics}
            if slug is not None and slug in labels:
                slug = labels[slug]
            else:
                problem(line("topics", index), f"unknown topic '{item}'", did_you_mean(str(item), config.topic_slugs))
                continue
        if slug not in topics:
            topics.append(slug)

    questions: list[str] = []
    for index, item in enumerate(_as_list(data.get("questions"), "questions", line, problem)):
        if not isinstance(item, str) or not item.strip():
            problem(line("questions", index), "a question must be text")
        else:
            questions.append(item.strip())

    sources: list[SourceRef] = []
    for index, item in enumerate(_as_list(data.get("sources"), "sources", line, problem)):
        source = _parse_source(item, line("sources", index), problem)
        if source:
            sources.append(source)

    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        problem(line("draft"), "draft must be true or false")
        draft = False

    provenance = data.get("provenance")
    if provenance is not None and not isinstance(provenance, dict):
        problem(line("provenance"), "provenance must be a mapping")

    slug = data.get("slug")
    if slug is None:
        stem = Path(rel_path).stem
        slug = slugify(Path(rel_path).parent.name if stem == "index" else stem)
        if not slug:
            problem(None, "cannot make a URL slug from the file name; add a 'slug:' key")
    elif not isinstance(slug, str) or not SLUG_RE.match(slug):
        problem(line("slug"), f"slug '{slug}' must be lower-case letters, digits and hyphens",
                f"try '{slugify(str(slug))}'" if slugify(str(slug)) else None)
    if isinstance(slug, str) and len(slug.encode()) > MAX_SLUG_BYTES:
        problem(line("slug") if "slug" in data else None, f"slug is longer than {MAX_SLUG_BYTES} bytes"
                + ("" if "slug" in data else " (made from the file name); add a shorter 'slug:' key"))

    if problems or published is None or not isinstance(title, str) or not isinstance(slug, str):
        return LoadResult(None, tuple(problems))
    return LoadResult(
        Briefing(
            path=rel_path, slug=slug, title=" ".join(title.split()), date=_calendar_day(date_value, published),
            published=published, body=body, body_line=body_line,
            summary=" ".join(summary.split()) if summary and summary.strip() else None,
            updated=updated, countries=tuple(countries), topics=tuple(topics),
            questions=tuple(questions), sources=tuple(sources), credit=credit, draft=draft,
            key_lines=tuple(sorted(key_lines.items())),
        ),
        (),
    )


def _bad_value(node: Any, exc: Exception, yaml_line: int) -> tuple[int, str]:
    """(line, message) for a value PyYAML matched but could not build (it gives no mark).

    Each scalar is built on its own to find the culprit: ``date: 0000-00-00`` or a number with
    more digits than Python converts.
    """
    culprit = _unbuildable_scalar(node)
    if culprit is None:
        return yaml_line, f"invalid value: {exc}"
    line = int(culprit.start_mark.line) + yaml_line
    text = str(culprit.value)
    if culprit.tag.endswith(":timestamp"):
        return line, f"invalid value '{text[:40]}': not a real date; use YYYY-MM-DD or an ISO datetime"
    if culprit.tag.endswith((":int", ":float")):
        return line, f"invalid value: a number with {len(text)} digits is too long; quote it if it is text"
    return line, f"invalid value '{text[:40]}': {exc}"


def _unbuildable_scalar(node: Any) -> Any:
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.constructor.SafeConstructor().construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node
        return None
    children: Iterable[Any] = ()
    if isinstance(node, yaml.MappingNode):
        children = (n for pair in node.value for n in pair)
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
    for child in children:
        found = _unbuildable_scalar(child)
        if found is not None:
            return found
    return None


def _as_list(value: Any, key: str, line: Any, problem: Any) -> Sequence[Any]:
    if value is None:
        return ()
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        problem(line(key), f"{key} must be a list")
        return ()
    if len(value) > MAX_LIST_ITEMS:
        problem(line(key), f"{key} has {len(value)} entries; the limit is {MAX_LIST_ITEMS}")
        return ()
    return value


def _parse_source(item: Any, line: int | None, problem: Any) -> SourceRef | None:
    if isinstance(item, str):
        item = {"url": item} if re.match(r"^https?://", item) else {"title": item}
    if not isinstance(item, dict):
        problem(line, "a source must be a mapping with title, url, publisher, date")
        return None
    unknown = [k for k in item if k not in SOURCE_KEYS]
    for key in unknown:
        problem(line, f"unknown source key '{key}'", did_you_mean(str(key), SOURCE_KEYS))
    url = item.get("url")
    if url is not None:
        url = str(url).strip()
        if not re.match(r"^https?://[^\s]+$", url, re.IGNORECASE):
            problem(line, f"source url must be an http(s) URL, got '{url[:80]}'")
            return None
    date = None
    if item.get("date") is not None:
        parsed = _parse_datetime(item["date"])
        if parsed is None:
            problem(line, f"malformed source date '{item['date']}'")
            return None
        date = parsed.date()
    title = item.get("title") or item.get("publisher") or url
    if not title:
        problem(line, "a source needs a title or a url")
        return None
    if unknown:
        return None
    return SourceRef(title=str(title), url=url, publisher=_opt_str(item.get("publisher")), date=date,
                     license=_opt_str(item.get("license")), author=_opt_str(item.get("author")))


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _parse_datetime(value: Any) -> dt.datetime | None:
    """A YAML date, datetime or ISO string → aware datetime (UTC when no zone is given)."""
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            result = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if result.year < 1:  # pragma: no cover - datetime refuses year 0 already
        return None
    return result if result.tzinfo else result.replace(tzinfo=dt.timezone.utc)


def _calendar_day(raw: Any, published: dt.datetime) -> dt.date:
    """The day the author wrote, not shifted by a time-zone conversion."""
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    return published.date()


def duplicate_slug_problems(briefings: Iterable[Briefing]) -> list[Problem]:
    """Two briefings with one slug would write one page: report both places."""
    by_slug: dict[str, list[Briefing]] = {}
    for briefing in briefings:
        by_slug.setdefault(briefing.slug, []).append(briefing)
    problems = []
    for slug, group in by_slug.items():
        if len(group) > 1:
            paths = sorted(b.path for b in group)
            for b in group:
                others = ", ".join(p for p in paths if p != b.path)
                problems.append(Problem(Location(b.path, b.line_of("slug") or 1),
                                        f"duplicate slug '{slug}' (also used by {others})"))
    return problems
