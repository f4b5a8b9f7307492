"""The markup stage: briefings → ``Marked`` (each body's HTML, by slug, and its problems).

A body is rendered again only when its file changed (``MarkupCache``, keyed by the file's hash,
which was computed while loading). Bodies are rendered in worker processes on cold builds.
Afterwards the briefings drop their Markdown: it is not needed again until the file changes.
On a huge cold build the bodies' HTML goes to the body store as it is made (``_mark_up_apart``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import SiteConfig
from ..errors import Problem
from ..load import load_file
from ..markup import MarkupSettings, render_markdown
from ..model import Briefing, RenderedBody
from .cache import APART, BodyKey, FileStat, LoadCache, MarkupCache, html_apart
from .pools import Workers
from .store import BodyStore

BodyJob = tuple[str, str, int, MarkupSettings]  # render_markdown's arguments
APART_MIN_BODIES = 20_000  # bodies made in one build from which their HTML waits in the store, not in memory


@dataclass(frozen=True, slots=True)
class Marked:
    briefings: list[Briefing]  # the same briefings, without their Markdown
    bodies: dict[str, RenderedBody]  # a body loaded from the saved cache has its HTML apart (cache.APART)
    problems: list[Problem]
    used: set[BodyKey] = field(default_factory=set)
    html: Callable[[str], str] = str  # a body's HTML by slug, wherever it is


def body_key(b: Briefing, stats: Mapping[str, FileStat], settings: MarkupSettings) -> BodyKey:
    """What a body is rendered from: the file's hash stands for its Markdown (computed while
    loading, not again here)."""
    digest = stats[b.path][3] if b.path in stats else hashlib.sha256(b.body.encode()).hexdigest()
    return (b.path, digest, b.body_line, settings)


def mark_up(site_dir: Path, config: SiteConfig, briefings: Sequence[Briefing], stats: Mapping[str, FileStat],
            cache: MarkupCache, loaded: LoadCache, workers: Workers, store: BodyStore | None = None) -> Marked:
    settings = MarkupSettings(allow_html=config.allow_html)
    keys = {b.slug: body_key(b, stats, settings) for b in briefings}
    missing = [b for b in briefings if keys[b.slug] not in cache.bodies]
    for index, b in enumerate(missing):
        if not b.body and stats.get(b.path, (0, 0))[1] > 0:  # saved without its text: read it again
            reloaded = load_file(b.path, (site_dir / b.path).read_text(encoding="utf-8"), config).briefing
            missing[index] = reloaded if reloaded is not None else b
    if store is not None and len(missing) >= APART_MIN_BODIES and store.saves():
        _mark_up_apart(missing, keys, settings, cache, workers, store)
    else:
        work = [(b.path, b.body, b.body_line, settings) for b in missing]
        for b, rendered in zip(missing, workers.map_chunks(_markup_chunk, work), strict=True):
            cache.bodies[keys[b.slug]] = rendered
    stripped = loaded.drop_bodies()
    marked = Marked([stripped.get(id(b), b) for b in briefings], {}, [],
                    html=_html_finder(site_dir, config, keys, settings, briefings, cache, store))
    for b in marked.briefings:
        key = keys[b.slug]
        marked.used.add(key)
        body, problems = cache.bodies[key]
        marked.bodies[b.slug] = body
        marked.problems.extend(problems)
    return marked


def _mark_up_apart(missing: Sequence[Briefing], keys: Mapping[str, BodyKey], settings: MarkupSettings,
                   cache: MarkupCache, workers: Workers, store: BodyStore) -> None:
    """Mark up a huge site's bodies with their HTML kept in the store as it comes, not in memory
    (at 100,000 briefings it is over half a GB); pages read it back one at a time."""
    work = ((b.path, b.body, b.body_line, settings) for b in missing)
    briefings = iter(missing)
    for results in workers.stream_chunks(_markup_chunk, work):
        made = [(keys[next(briefings).slug], result) for result in results]
        store.put_many({key: body.html for key, (body, _) in made if html_apart(body) is not body})
        cache.bodies.update((key, (html_apart(body), problems)) for key, (body, problems) in made)


def _markup_chunk(items: Sequence[BodyJob]) -> list[tuple[RenderedBody, tuple[Problem, ...]]]:
    return [render_markdown(path, body, line, settings) for path, body, line, settings in items]


def _html_finder(site_dir: Path, config: SiteConfig, keys: Mapping[str, BodyKey], settings: MarkupSettings,
                 briefings: Sequence[Briefing], cache: MarkupCache, store: BodyStore | None) -> Callable[[str], str]:
    """A body's HTML by slug: its own, else the saved row, else made again from its file (a row
    missing or not signed right)."""
    paths = {b.slug: b.path for b in briefings}

    def html(slug: str) -> str:
        body = cache.bodies[keys[slug]][0]
        if body.html != APART:
            return body.html
        saved = store.html(keys[slug]) if store is not None else None
        if saved is not None:
            return saved
        data = (site_dir / paths[slug]).read_bytes()
        reloaded = load_file(paths[slug], data.decode("utf-8", "replace"), config).briefing
        if reloaded is None:  # the file changed since it was loaded; the next build sees it
            return ""
        made = render_markdown(reloaded.path, reloaded.body, reloaded.body_line, settings)[0].html
        if store is not None and hashlib.sha256(data).hexdigest() == keys[slug][1]:  # still the file the key names
            store.put(keys[slug], made)
        return made

    return html
