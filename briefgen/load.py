"""``content/**/*.md`` → ``Briefing`` values, with every problem located at its file and line.

``briefing_file.parse`` reads the front matter (each key and list item keeps the line it came
from); this module checks each field of ``briefing_file.FIELDS`` against its kind, so every
independent problem of a file is reported in one run: ``content/x.md:4: unknown country 'Narnia'``
beside the same file's bad date and unknown topic. ``load_file`` is pure (text in, briefing or
problems out), which is what lets ``build`` cache it by content hash and run it in worker processes.
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

from .briefing_file import FIELDS, KEYS, SOURCE_KEYS, UNBUILT, FieldSpec, FrontMatter, parse
from .config import SiteConfig
from .countries import slugify
from .errors import Location, Problem, did_you_mean
from .model import Briefing, SourceRef
from .records import fast_pickle
from .taxonomy import TAXONOMIES, Rejection

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Limits that keep a hostile file from costing unbounded time or memory (issue 8); the front
# matter's own (size, nesting) are in briefing_file.
MAX_FILE_BYTES = 5_000_000
MAX_LIST_ITEMS = 500
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
    return sorted(files, key=lambda path: path.parts)  # Path's own order, without its slow __lt__


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


def load_file(rel_path: str, text: str, config: SiteConfig) -> LoadResult:
    """Parse and validate one briefing. ``rel_path`` is the site-relative path used in messages.

    Every field is checked whatever the others hold: a bad date does not hide an unknown country.
    """
    front, problems = parse(text, rel_path)
    if front is None:
        return LoadResult(None, tuple(problems))
    if front.empty:
        return LoadResult(None, (Problem(Location(rel_path, 1),
                                         "front matter is empty: a briefing needs at least a title and a date"),))
    fields = _Fields(rel_path, front, config, problems)
    for key, line in front.duplicates:
        fields.problem(line, f"duplicate key '{key}'")
    for key in [*front.values, *sorted(front.unbuilt)]:
        if not isinstance(key, str) or key not in KEYS:
            fields.problem(front.line(str(key)), f"unknown key '{key}'", did_you_mean(str(key), KEYS))
    value: dict[str, Any] = {spec.name: fields.check(spec) if spec.name in front.values or spec.required or spec.kind == "slug"
             else _ABSENT.get(spec.kind) for spec in FIELDS}  # (an absent optional field needs no call)
    title, published, slug, summary = value["title"], value["date"], value["slug"], value["summary"]
    if problems or published is None or title is None or slug is None:
        return LoadResult(None, tuple(problems))
    return LoadResult(
        Briefing(
            path=rel_path, slug=slug, title=" ".join(title.split()),
            date=_calendar_day(front.values["date"], published), published=published,
            body=front.body, body_line=front.body_line,
            summary=" ".join(summary.split()) if summary and summary.strip() else None,
            updated=value["updated"], **{t.field: value[t.field] for t in TAXONOMIES},
            questions=value["questions"], sources=value["sources"], credit=value["credit"],
            draft=value["draft"], key_lines=tuple(sorted(front.key_lines.items())),
        ),
        (),
    )


class _Fields:
    """Checks the fields of one file's front matter by their kind, collecting every problem."""

    def __init__(self, path: str, front: FrontMatter, config: SiteConfig, problems: list[Problem]) -> None:
        self.path, self.front, self.config, self.problems = path, front, config, problems

    def problem(self, line: int | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(Location(self.path, line), message, hint))

    def check(self, spec: FieldSpec) -> Any:
        """The field's value as the briefing holds it; its kind's ``_ABSENT`` value if absent or wrong."""
        if spec.name in self.front.unbuilt:  # its value could not be built: parse said why
            return _ABSENT.get(spec.kind)
        return _KIND_CHECKS[spec.kind](self, spec, self.front.values.get(spec.name))

    def _missing(self, spec: FieldSpec) -> None:
        if spec.required:
            self.problem(self.front.line(spec.name) or 1, f"missing {spec.name}")

    def _text(self, spec: FieldSpec, value: Any) -> str | None:
        if value is None or (spec.required and isinstance(value, str) and not value.strip()):
            self._missing(spec)
            return None
        if not isinstance(value, str):
            self.problem(self.front.line(spec.name), f"{spec.name} must be text")
            return None
        return value

    def _date(self, spec: FieldSpec, value: Any) -> dt.datetime | None:
        if value is None:
            self._missing(spec)
            return None
        parsed = _parse_datetime(value)
        if parsed is None:
            self.problem(self.front.line(spec.name), f"malformed date '{value}': use YYYY-MM-DD or an ISO datetime")
        return parsed

    def _bool(self, spec: FieldSpec, value: Any) -> bool:
        if spec.name in self.front.values and not isinstance(value, bool):  # 'draft:' with no value too
            self.problem(self.front.line(spec.name), f"{spec.name} must be true or false")
        return value is True

    def _mapping(self, spec: FieldSpec, value: Any) -> dict[Any, Any] | None:
        if value is not None and not isinstance(value, dict):
            self.problem(self.front.line(spec.name), f"{spec.name} must be a mapping")
            return None
        return value

    def _slug(self, spec: FieldSpec, value: Any) -> str | None:
        if value is None:
            stem = Path(self.path).stem
            slug = slugify(Path(self.path).parent.name if stem == "index" else stem)
            if not slug:
                self.problem(None, f"cannot make a URL slug from the file name; add a '{spec.name}:' key")
                return None
            if len(slug.encode()) > MAX_SLUG_BYTES:
                self.problem(None, f"slug is longer than {MAX_SLUG_BYTES} bytes (made from the file name); "
                                   f"add a shorter '{spec.name}:' key")
                return None
            return slug
        before = len(self.problems)
        if not isinstance(value, str) or not SLUG_RE.match(value):
            suggestion = slugify(str(value))
            self.problem(self.front.line(spec.name), f"slug '{value}' must be lower-case letters, digits and hyphens",
                         f"try '{suggestion}'" if suggestion else None)
        if isinstance(value, str) and len(value.encode()) > MAX_SLUG_BYTES:  # a folder name of the output (issue 12)
            self.problem(self.front.line(spec.name), f"slug is longer than {MAX_SLUG_BYTES} bytes")
        return value if len(self.problems) == before else None

    def _list(self, spec: FieldSpec, value: Any) -> tuple[Any, ...]:
        items: list[Any] = []
        terms: set[str] = set()
        check_item = _ITEM_CHECKS[spec.item or ""]
        for index, item in enumerate(self._as_list(spec.name, value)):
            if item is UNBUILT:  # parse said why
                continue
            checked = check_item(self, spec.name, index, item)
            if checked is None:
                continue
            if spec.item == "term":  # one key per term: 'richard moore' and 'Richard Moore' are one person
                term = _TAXONOMY_OF[spec.name].vocabulary.term_id(checked)
                if term in terms:
                    continue
                terms.add(term)
            items.append(checked)
        return tuple(items)

    def _as_list(self, key: str, value: Any) -> Sequence[Any]:
        if value is None:
            return ()
        if isinstance(value, str | dict):
            value = [value]
        if not isinstance(value, list):
            self.problem(self.front.line(key), f"{key} must be a list")
            return ()
        if len(value) > MAX_LIST_ITEMS:
            self.problem(self.front.line(key), f"{key} has {len(value)} entries; the limit is {MAX_LIST_ITEMS}")
            return ()
        return value

    def _term_item(self, key: str, index: int, item: Any) -> str | None:
        """A term of the taxonomy filed under ``key``: its key, as its vocabulary reads it."""
        if isinstance(item, bool):  # YAML 1.1 reads NO (Norway) as false: take the term as written
            written = self.front.as_written(key, index)
            item = item if written is None else written
        term = _TAXONOMY_OF[key].vocabulary.parse(item, self.config)
        if isinstance(term, Rejection):
            self.problem(self.front.line(key, index), term.message, term.hint)
            return None
        return term

    def _text_item(self, key: str, index: int, item: Any) -> str | None:
        if not isinstance(item, str) or not item.strip():
            self.problem(self.front.line(key, index), f"a {_singular(key)} must be text")
            return None
        return item.strip()

    def _source_item(self, key: str, index: int, item: Any) -> SourceRef | None:
        """One source; every problem of it is reported, then it is left out if there was one."""
        line = self.front.line(key, index)
        if isinstance(item, str):
            item = {"url": item} if re.match(r"^https?://", item) else {"title": item}
        if not isinstance(item, dict):
            self.problem(line, "a source must be a mapping with title, url, publisher, date")
            return None
        before = len(self.problems)
        for name in item:
            if name not in SOURCE_KEYS:
                self.problem(line, f"unknown source key '{name}'", did_you_mean(str(name), SOURCE_KEYS))
        url = item.get("url")
        if url is not None:
            url = str(url).strip()
            if not re.match(r"^https?://[^\s]+$", url, re.IGNORECASE):
                self.problem(line, f"source url must be an http(s) URL, got '{url[:80]}'")
        date = None
        if item.get("date") is not None:
            parsed = _parse_datetime(item["date"])
            if parsed is None:
                self.problem(line, f"malformed source date '{item['date']}'")
            else:
                date = parsed.date()
        title = item.get("title") or item.get("publisher") or url
        if not title:
            self.problem(line, "a source needs a title or a url")
        if len(self.problems) > before:
            return None
        return SourceRef(title=str(title), url=url, publisher=_opt_str(item.get("publisher")), date=date,
                         license=_opt_str(item.get("license")), author=_opt_str(item.get("author")))


_KIND_CHECKS: dict[str, Any] = {kind: getattr(_Fields, f"_{kind}")
                                for kind in ("text", "date", "bool", "mapping", "slug", "list")}
_ITEM_CHECKS: dict[str, Any] = {item: getattr(_Fields, f"_{item}_item") for item in ("term", "text", "source")}
_TAXONOMY_OF = {t.field: t for t in TAXONOMIES}
_ABSENT: dict[str, Any] = {"list": (), "bool": False}  # a field's value when it is not there (else None)


def _singular(key: str) -> str:
    return key[:-1] if key.endswith("s") else key


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
    return result if result.tzinfo else result.replace(tzinfo=dt.UTC)


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
