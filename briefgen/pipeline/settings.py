"""The config stage: ``briefgen.toml`` and the command line → settings and the URL scheme."""

from __future__ import annotations

from pathlib import Path

from ..config import SiteConfig, load_config, with_overrides
from ..errors import ContentErrors, Problem, errors_only
from ..render import default_theme_dir
from ..urls import DEFAULT_BASE_URL, UrlScheme


def configure(site_dir: Path, base_url: str | None) -> tuple[SiteConfig, UrlScheme, list[Problem]]:
    """The site's settings with ``--base-url`` applied; raises ContentErrors if they are wrong."""
    config, problems = load_config(site_dir)
    if base_url is not None:
        config = with_overrides(config, base_url=base_url if base_url.endswith("/") else base_url + "/")
    scheme = UrlScheme(config.base_url or DEFAULT_BASE_URL, config.pretty_urls)
    if errors_only(problems):
        raise ContentErrors(problems)
    return config, scheme, problems


def template_dirs(site_dir: Path) -> tuple[str, ...]:
    """Where templates are looked up: the site's own, then the default theme."""
    return tuple(str(d) for d in (site_dir / "templates", default_theme_dir()) if d.is_dir())
