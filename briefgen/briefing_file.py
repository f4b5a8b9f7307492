"""A briefing file's text ⇄ its front matter and body; the one list of the keys a briefing may hold.

Takes the text of a briefing (or of a Markdown seed); gives the front-matter values with the file
line of every key and list item, the body and the line it starts on, and the problems that kept
parts of it from being read. Writes front matter back in the order of ``FIELDS``. ``load``
validates against ``FIELDS``, ``ingest/store`` writes and re-reads briefings with it, and
``briefgen new`` / ``briefgen init`` write their skeleton and example from it: a new key is
added here once.

Built on python-frontmatter: ``HANDLER`` is its ``YAMLHandler`` with the parts briefgen needs
swapped in. Its loader composes the YAML with PyYAML's libyaml ``CSafeLoader`` (60% faster than a
pure-Python loader on large sites, see ARCHITECTURE.md) and keeps the nodes, which carry lines;
aliases (the "billion laughs" bomb) and absurd nesting are refused before anything is built
(issue 8); a value that cannot be built (``date: 2023-02-30``) is a problem of its own key, so
the file's other keys are still read and checked. ``parse`` calls the handler's ``split_lines``
and ``compose`` itself rather than ``frontmatter.parse``, which strips the text (losing line
numbers) and raises on the first bad value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

from .errors import Location, Problem

try:  # libyaml is 60% faster on large sites (see ARCHITECTURE.md); fall back if absent
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

# Limits that keep a hostile file from costing unbounded time or memory (issue 8).
MAX_FRONT_MATTER_BYTES = 200_000
MAX_YAML_DEPTH = 20


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One key of a briefing's front matter (or of one of its sources).

    ``kind`` says what ``load`` accepts: ``text``, ``date``, ``bool``, ``slug``, ``mapping``, or
    ``list`` of ``item``: ``term`` (a term of the taxonomy whose ``field`` is this key, see
    ``taxonomy.TAXONOMIES``), ``text`` or ``source``. ``skeleton`` and
    ``example`` are the YAML text ``briefgen new`` and ``briefgen init`` write for it (None: the
    key is left out); ingest writes a key whose value is empty only if it is ``required`` or
    ``keep_empty`` (a list left for a person to fill in).
    """

    name: str
    kind: str
    item: str | None = None
    required: bool = False
    keep_empty: bool = False
    skeleton: str | None = None
    example: str | None = None


# The order is the order ingest writes them in.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "text", required=True, skeleton='""'),
    FieldSpec("date", "date", required=True, skeleton='""'),
    FieldSpec("summary", "text", skeleton='""',
              example="An example briefing that shows every front-matter key. Edit it or delete it."),
    FieldSpec("countries", "list", "term", keep_empty=True, skeleton="[]", example="[United Kingdom, FR]"),
    FieldSpec("topics", "list", "term", keep_empty=True, skeleton="[]", example="[diplomacy]"),
    FieldSpec("people", "list", "term"),
    FieldSpec("organisations", "list", "term"),
    FieldSpec("questions", "list", "text", skeleton="[]", example="\n  - What does a briefing look like?"),
    FieldSpec("sources", "list", "source", skeleton="[]",
              example="\n  - title: briefgen on the Python Package Index\n    url: https://pypi.org/project/briefgen/"
                      "\n    publisher: PyPI"),
    FieldSpec("slug", "slug"),
    FieldSpec("updated", "date"),
    FieldSpec("credit", "text"),
    FieldSpec("draft", "bool", skeleton="true", example="false"),
    FieldSpec("provenance", "mapping"),  # written by ingest: seed, hashes (see ingest/store.py)
)
SOURCE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "text"),
    FieldSpec("url", "text"),
    FieldSpec("publisher", "text"),
    FieldSpec("date", "date"),
    FieldSpec("license", "text"),
    FieldSpec("author", "text"),  # the byline of the source article
)
KEYS = tuple(spec.name for spec in FIELDS)
SOURCE_KEYS = tuple(spec.name for spec in SOURCE_FIELDS)
_ORDER = {name: index for index, name in enumerate(KEYS)}

FENCE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
# What building a composed value can raise (PyYAML raises ValueError for a timestamp it matched
# but cannot build, 0000-00-00; OverflowError for a number too big for a float).
_VALUE_ERRORS = (yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What could be read of a briefing file's front matter, with file lines (1-based).

    ``values`` holds every key whose value could be built; a key in ``unbuilt`` was there but its
    value could not be built, and neither could an item of a list that is ``UNBUILT`` (a problem
    says why). ``lists`` keeps the YAML nodes of each list's items, read only for the line or
    the spelling of an item (most files need neither).
    """

    values: dict[str, Any]
    key_lines: dict[str, int]
    lists: dict[str, list[yaml.Node]]
    first_line: int
    duplicates: tuple[tuple[str, int], ...]
    unbuilt: frozenset[str]
    body: str
    body_line: int
    empty: bool = False

    def line(self, key: str, index: int | None = None) -> int | None:
        """The line of a key, or of one item of a list."""
        items = self.lists.get(key)
        if index is not None and items is not None and index < len(items):
            return int(items[index].start_mark.line) + self.first_line
        return self.key_lines.get(key)

    def as_written(self, key: str, index: int) -> str | None:
        """An item of a list as the file spells it: YAML 1.1 reads the country code NO as false."""
        items = self.lists.get(key)
        if items is None or index >= len(items):
            return None
        return str(items[index].value) if isinstance(items[index], yaml.ScalarNode) else ""


class FrontMatterError(ValueError):
    """Raised by ``HANDLER.load`` (python-frontmatter's interface) for front matter it cannot read."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


class _NoAliasDumper(yaml.SafeDumper):
    """yaml.safe_dump, but a value used twice (the same date) is written twice, never as &id001/*id001."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


class BriefingHandler(YAMLHandler):
    """python-frontmatter's YAML handler with line numbers, hostile-input checks and briefgen's layout.

    ``split_lines``/``compose`` are what ``parse`` uses; ``split``/``load``/``export``/``format``
    are python-frontmatter's interface over them, so ``frontmatter.loads(text, handler=HANDLER)``
    and ``frontmatter.dumps(post)`` read and write briefings the same way.
    """

    def detect(self, text: str) -> bool:
        return text.split("\n", 1)[0].rstrip() == "---"

    def split_lines(self, text: str) -> tuple[str, int, str, int] | None:
        """(YAML text, file line of its first line, body, file line of the body's first line), or
        None when there is no front matter or no closing ``---`` (or ``...``) line. ``text`` uses
        ``\\n`` line ends."""
        lines = text.split("\n")
        if lines[0].rstrip() != "---":
            return None
        for index in range(1, len(lines)):
            if FENCE_RE.match(lines[index]):
                return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2
        return None

    def split(self, text: str) -> tuple[str, str]:
        found = self.split_lines(text)
        if found is None:
            raise ValueError("no front matter")  # python-frontmatter's "cannot split"
        return found[0], found[2]

    def compose(self, yaml_text: str, first_line: int, path: str,
                body: tuple[str, int] = ("", 0)) -> tuple[FrontMatter | None, list[Problem]]:
        """Front matter YAML → its values and lines (and ``body``, the body and its first line,
        kept beside them). None when it cannot be read at all (broken YAML, an alias, too deep,
        not a mapping); else the problems of single values."""
        def fail(line: int, message: str) -> tuple[None, list[Problem]]:
            return None, [Problem(Location(path, line), message)]

        node: Any = None
        try:
            loader = _Loader(yaml_text)
            try:
                node = loader.get_single_node()
                if node is None:
                    return FrontMatter({}, {}, {}, first_line, (), frozenset(), *body, empty=True), []
                bad = _check_nodes(node)
                if bad:
                    return fail(bad[0] + first_line, bad[1])
                if not isinstance(node, yaml.MappingNode):
                    return fail(first_line, "front matter must be a mapping of keys to values")
                try:
                    return _front_matter(node, loader.construct_document(node), first_line, body), []
                except _VALUE_ERRORS:
                    pass  # some value cannot be built: build key by key below, to say which and go on
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            return fail(mark.line + first_line if mark else first_line, f"invalid YAML: {exc.problem or exc.context}")
        except yaml.reader.ReaderError as exc:  # a control character, which YAML does not allow
            at = yaml_text[: max(0, exc.position)].count("\n") + first_line
            return fail(at, f"front matter contains the control character U+{exc.character:04X}; remove it"
                        if isinstance(exc.character, int) else f"invalid YAML: {exc.reason}")
        except _VALUE_ERRORS as exc:
            return fail(first_line, f"invalid value: {exc}")
        return _front_matter_by_key(node, first_line, path, body)

    def load(self, fm: str, **kwargs: object) -> Any:
        """python-frontmatter's ``load``: the values, or ``FrontMatterError`` for the first problem."""
        front, problems = self.compose(fm, 2, "")
        if problems:
            first = min(problems, key=Problem.sort_key)
            raise FrontMatterError(first.location.line, first.message)
        return front.values if front is not None else {}

    def export(self, metadata: Mapping[str, object], **kwargs: object) -> str:
        """The front matter's YAML, keys in the order given, ending with a newline."""
        return str(yaml.dump(dict(metadata), Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True,
                             width=10_000, default_flow_style=False))

    def format(self, post: frontmatter.Post, **kwargs: object) -> str:
        """``---``, the YAML, ``---``, then the content exactly as given (no stripping)."""
        return f"---\n{self.export(post.metadata)}---\n{post.content}"


HANDLER = BriefingHandler()


def parse(text: str, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    """A briefing file's text → its front matter and body, and the problems found reading them.

    ``path`` names the file in problems. None when nothing can be read (no front matter, broken
    YAML...); otherwise values that could not be built are problems of their own keys.
    """
    def fail(line: int | None, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(Location(path, line), message)]

    if "\x00" in text:
        return fail(None, "file contains NUL bytes; is it a binary file?")
    text = _normalised(text)
    if not text.strip():
        return fail(None, "file is empty")
    split = HANDLER.split_lines(text)
    if split is None:
        if text.startswith("---"):
            return fail(1, "front matter has no closing '---' line")
        return fail(1, "missing front matter: a briefing starts with a '---' line, then title and date")
    yaml_text, yaml_line, body, body_line = split
    if len(yaml_text) > MAX_FRONT_MATTER_BYTES:
        return fail(1, f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1000} KB")
    return HANDLER.compose(yaml_text, yaml_line, path, (body, body_line))


def _normalised(text: str) -> str:
    """Without a BOM; CR LF and a lone CR end a line, as in YAML and CommonMark: line numbers match both."""
    text = text[1:] if text.startswith("\ufeff") else text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def body_of(text: str) -> tuple[str, int] | None:
    """The body of a briefing file and its first line, also when its front matter cannot be read
    (its wikilinks are still checked); None when no front matter can be split off."""
    split = HANDLER.split_lines(_normalised(text)) if "\x00" not in text else None
    return (split[2], split[3]) if split is not None else None


def read_values(text: str) -> tuple[dict[str, Any], str] | None:
    """(front-matter values, body) of a file that reads without a problem; None otherwise."""
    front, problems = parse(text, "")
    if front is None or problems or front.empty:
        return None
    return front.values, front.body


def _front_matter(node: yaml.MappingNode, values: Any, first_line: int, body: tuple[str, int],
                  unbuilt: Iterable[str] = ()) -> FrontMatter:
    """The lines of ``node``'s keys and list items (the last of two equal keys counts, as in PyYAML)."""
    key_lines: dict[str, int] = {}
    lists: dict[str, list[yaml.Node]] = {}
    duplicates = []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + first_line
        if key in key_lines:
            duplicates.append((key, line))
        key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            lists[key] = value_node.value
    return FrontMatter(values, key_lines, lists, first_line, tuple(duplicates), frozenset(unbuilt), *body)


def _front_matter_by_key(node: yaml.MappingNode, first_line: int, path: str,
                         body: tuple[str, int]) -> tuple[FrontMatter, list[Problem]]:
    """Build each key's value on its own, and each item of a list: one that cannot be built is a
    problem of its own (its item of a list is then ``UNBUILT``), and the rest is read."""
    values: dict[Any, Any] = {}
    unbuilt = []
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        built = _build(yaml.MappingNode(node.tag, [(key_node, value_node)], key_node.start_mark, value_node.end_mark),
                       first_line, path, problems)
        if built is not UNBUILT:
            values.update(built)
            continue
        if isinstance(value_node, yaml.SequenceNode):
            empty = yaml.SequenceNode(value_node.tag, [], value_node.start_mark, value_node.end_mark)
            key = _build(yaml.MappingNode(node.tag, [(key_node, empty)]), first_line, path, [])
            if key is not UNBUILT:  # the key is fine: only some items are not
                problems.pop()
                values.update({name: [_build(item, first_line, path, problems) for item in value_node.value]
                               for name in key})
                continue
        unbuilt.append(str(key_node.value))
    return _front_matter(node, values, first_line, body, unbuilt), problems


class _Unbuilt:
    def __repr__(self) -> str:
        return "UNBUILT"


UNBUILT: Any = _Unbuilt()  # an item of a list whose value could not be built (a problem says why)


def _build(node: yaml.Node, first_line: int, path: str, problems: list[Problem]) -> Any:
    """The value of ``node``, or ``UNBUILT`` with the reason added to ``problems``."""
    try:
        return yaml.constructor.SafeConstructor().construct_document(node)
    except yaml.MarkedYAMLError as exc:  # a tag with no safe constructor, an unhashable key
        mark = exc.problem_mark or exc.context_mark or node.start_mark
        line, message = mark.line + first_line, f"invalid YAML: {exc.problem or exc.context}"
    except _VALUE_ERRORS as exc:
        # PyYAML raises ValueError for timestamps it matched but cannot build (0000-00-00).
        line, message = _bad_value(node, exc, first_line)
    problems.append(Problem(Location(path, line), message))
    return UNBUILT


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


def _bad_value(node: Any, exc: Exception, first_line: int) -> tuple[int, str]:
    """(line, message) for a value PyYAML matched but could not build (it gives no mark).

    Each scalar is built on its own to find the culprit: ``date: 0000-00-00`` or a number with
    more digits than Python converts.
    """
    culprit = _unbuildable_scalar(node)
    if culprit is None:
        return node.start_mark.line + first_line, f"invalid value: {exc}"
    line = int(culprit.start_mark.line) + first_line
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


# ------------------------------------------------------------------------------------- writing

def in_field_order(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with the keys of ``FIELDS`` in their order, any other key after them as it came."""
    return dict(sorted(values.items(), key=lambda item: _ORDER.get(item[0], len(_ORDER))))


def written_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values ingest writes, in field order: an empty one only if its field is required or ``keep_empty``."""
    kept = {spec.name for spec in FIELDS if spec.required or spec.keep_empty}
    return in_field_order({key: value for key, value in values.items() if value or key in kept})


def format_briefing(values: Mapping[str, Any], body: str) -> str:
    """A briefing file's text: ``---``, the front matter (keys in the order given), ``---``, then ``body`` as is."""
    post = frontmatter.Post(body, HANDLER)
    post.metadata.update(values)
    return frontmatter.dumps(post)


def template_front_matter(given: Mapping[str, str], *, example: bool = False) -> str:
    """The front matter ``briefgen new`` (its skeleton) or ``briefgen init`` (``example``) writes:
    a line for each field that has a skeleton or example value, in field order. ``given`` holds
    the YAML text of the values already known (title, date...)."""
    lines = ["---"]
    for spec in FIELDS:
        text = given.get(spec.name, spec.example if example else spec.skeleton)
        if text is not None:
            lines.append(f"{spec.name}:{text}" if text.startswith("\n") else f"{spec.name}: {text}")
    return "\n".join(lines) + "\n---\n"
