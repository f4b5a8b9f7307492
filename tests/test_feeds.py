"""feeds, through a real build: dates at the edge of time (issue 12, item 8)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import briefing, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"


def test_dates_at_the_edge_of_time_are_written_with_their_offset(make_site) -> None:  # type: ignore[no-untyped-def]
    # In UTC these are in years 0 and 10000, which datetime cannot hold: the feeds raised OverflowError.
    site = make_site({
        "briefgen.toml": 'title = "T"\nbase_url = "https://example.org/"\n',
        "content/early.md": briefing("Early", date="0001-01-01T00:00:00+05:00", countries="[FR]"),
        "content/late.md": briefing("Late", date="9999-12-31T23:00:00-05:00", updated="9999-12-31T23:30:00-05:00",
                                    countries="[FR]"),
        "content/old.md": briefing("Old", date="0005-06-07"),
        "content/now.md": briefing("Now", date="2023-07-20T10:30:15.5+02:00"),
    })
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    feed = ET.parse(site / "output/feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}title"): (e.findtext(f"{ATOM}published"), e.findtext(f"{ATOM}updated"))
               for e in feed.iter(f"{ATOM}entry")}
    assert entries == {
        "Late": ("9999-12-31T23:00:00-05:00", "9999-12-31T23:30:00-05:00"),
        "Now": ("2023-07-20T08:30:15Z", "2023-07-20T08:30:15Z"),
        "Old": ("0005-06-07T00:00:00Z", "0005-06-07T00:00:00Z"),  # four-digit years, as RFC 3339 wants
        "Early": ("0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00+05:00"),
    }
    assert feed.findtext(f"{ATOM}updated") == "9999-12-31T23:30:00-05:00"
    country = ET.parse(site / "output/countries/france/feed.xml").getroot()
    assert len(list(country.iter(f"{ATOM}entry"))) == 2
    assert "<lastmod>0001-01-01</lastmod>" in (site / "output/sitemap.xml").read_text(encoding="utf-8")
