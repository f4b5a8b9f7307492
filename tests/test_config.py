"""briefgen.toml checks that a user would otherwise meet as a crash elsewhere (issue 12)."""

from __future__ import annotations

import pytest

from briefgen.config import base_url_problem, is_language_tag, parse_config

WELL_FORMED = ["en", "EN", "fr-CA", "pt-BR", "zh-Hant", "zh-Hant-TW", "sr-Latn-RS", "es-419", "de-CH-1996",
               "sl-rozaj-biske", "zh-yue-HK", "en-US-u-ca-gregory", "en-a-bbb-x-a-ccc", "x-whatever", "qaa",
               "i-klingon", "en-GB-oed", "zh-min-nan", "abcdefgh"]
MALFORMED = ["", "e", "en_US", "en-US-California", "en-", "-en", "en--us", "en-US-", "a" * 41, "en-abcdefghi",
             "de-x", "en-a", "zh-Hant-Hans-TW-x", "en US", "ꙮꙮ"]


@pytest.mark.parametrize("tag", WELL_FORMED)
def test_well_formed_language_tags_are_accepted(tag: str) -> None:
    assert is_language_tag(tag)
    config, problems = parse_config(f'title = "T"\nlanguage = "{tag}"\n')
    assert problems == [] and config.language == tag


@pytest.mark.parametrize("tag", MALFORMED)
def test_malformed_language_is_an_error_on_its_line(tag: str) -> None:
    assert not is_language_tag(tag)
    config, problems = parse_config(f'title = "T"\n\nlanguage = "{tag}"\n')
    assert [str(p).split(" (")[0] for p in problems] == [f"briefgen.toml:3: language '{tag}' is not a BCP 47 tag"]
    assert config.language == "en"  # the default stands in, so other problems are still found


def test_language_tag_may_not_end_in_a_newline() -> None:
    assert not is_language_tag("en\n")


@pytest.mark.parametrize("url", ["https://example.org/", "http://localhost:8000", "https://user.github.io/repo/sub/"])
def test_absolute_base_urls_are_fine(url: str) -> None:
    assert base_url_problem(url) is None


@pytest.mark.parametrize("url", ["example.org/repo", "/repo/", "//example.org/", "ftp://example.org/", "https://", ""])
def test_other_base_urls_are_refused(url: str) -> None:
    assert base_url_problem(url) == f"must be an absolute http(s) URL, got '{url}'"
    _, problems = parse_config(f'base_url = "{url}"\n')
    assert [str(p) for p in problems] == ([f"briefgen.toml:1: base_url must be an absolute http(s) URL, got '{url}'"] if url else [])
