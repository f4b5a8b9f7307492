"""People and organisations proposed from article text (issue 14): only names the text makes unambiguous."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import run_cli

from briefgen.config import SiteConfig
from briefgen.ingest import ingest
from briefgen.ingest.entities import find_organisations, find_people

ARTICLE = [
    "Foreign Minister Amina Kovac of Slovenia met President Jorge Ibarra in Lima on Tuesday, and the "
    "Peruvian Foreign Ministry said the two would sign a fisheries accord.",
    "The Pacific Fisheries Management Organisation (PFMO) will oversee the catch limits. Kovac said the "
    "accord was overdue; Ibarra called it a model for the region.",
    "Fishermen in Callao said a council would be needed to share the quota.",
]


def test_people_need_a_title_and_come_without_it() -> None:
    assert find_people(ARTICLE) == ("Amina Kovac", "Jorge Ibarra")
    # A capitalised pair without a title is not proposed: "Fishermen in Callao" is not a person.
    assert find_people(["Maria Lopez and Juan Perez went fishing."]) == ()


def test_organisations_by_defined_acronym_or_organisation_word() -> None:
    found = find_organisations(ARTICLE)
    assert "Pacific Fisheries Management Organisation" in found
    assert "Peruvian Foreign Ministry" in found
    assert all("council" not in name.lower() for name in found)  # "a council" is not a name


def test_what_is_refused() -> None:
    assert find_people(["The vote closes at 8 p.m. Eastern Time, Officer Central Time said."]) == ()
    assert find_organisations(["The United States and the European Union welcomed it."]) == ("European Union",)
    assert find_organisations(["Dilma Rousseff (PT) spoke in Brasilia."]) == ()
    assert find_organisations(["Residents of the Federal Capital Territory (FCT) voted."]) == ()
    assert find_organisations(["British Secret Intelligence Service (MI6) Director Sir Richard Moore spoke."]) \
        == ("British Secret Intelligence Service",)
    assert find_people(["MI6 Director Sir Richard Moore spoke in Prague."]) == ("Richard Moore",)


# ------------------------------------------------------------------ into briefings (ingest)

RIVER = (" date 2024-04-09\n\n"
         "Health Minister Tomas Varga of Hungary opened a water treatment plant in Szeged on Tuesday, saying the "
         "Danube Water Authority (DWA) would test the river every week from now on.\n\n"
         "Varga said the DWA had found traces of industrial waste downstream of two factories last spring.\n\n"
         "Petra Holm, who fishes near the plant, said she would wait for the first results before eating her catch.\n")


def _ingest(site: Path) -> list[str]:
    report = ingest(site, None, dry_run=False, force=False, write_new_beside=False, config=SiteConfig())
    return [str(outcome) for outcome in report.outcomes]


def _front_matter(path: Path) -> dict[str, object]:
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(meta, dict)
    return meta


def _seeds(site: Path, seeds: dict[str, str]) -> Path:
    for name, text in seeds.items():
        (site / "seeds" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "seeds" / name).write_text(text, encoding="utf-8")
    return site


def test_a_titled_person_and_a_defined_acronym_become_front_matter_and_pages(tmp_path: Path) -> None:
    site = _seeds(tmp_path, {"river.txt": RIVER})
    assert [line.split(": ")[1].split(" ")[0] for line in _ingest(site)] == ["written"]
    (path,) = (site / "content").glob("*.md")
    meta = _front_matter(path)
    # As written, without the title; "Petra Holm", a name with no title or role beside it, is
    # ambiguous (a person? a place? a firm?) and is not proposed.
    assert meta["people"] == ["Tomas Varga"]
    assert meta["organisations"] == ["Danube Water Authority"]
    assert list(meta)[:7] == ["title", "date", "summary", "countries", "topics", "people", "organisations"]

    built = run_cli("build", "--site", site)
    assert built.returncode == 0, built.stderr
    assert (site / "output" / "people" / "tomas-varga" / "index.html").is_file()
    assert (site / "output" / "organisations" / "danube-water-authority" / "index.html").is_file()


def test_an_article_without_titles_or_definitions_names_no_one(tmp_path: Path) -> None:
    site = _seeds(tmp_path, {"quiet.txt": " date 2024-04-10\n\nPetra Holm and Jonas Berg walked along the river "
                                          "in Szeged, where the town plans new fences.\n"})
    _ingest(site)
    (path,) = (site / "content").glob("*.md")
    meta = _front_matter(path)
    assert "people" not in meta and "organisations" not in meta


def test_a_drafts_own_names_win_over_proposed_ones(tmp_path: Path) -> None:
    draft = ("---\ntitle: Plant opens\ndate: 2024-04-11\npeople: [Ilona Szabo, ilona  szabo]\n---\n\n"
             "Health Minister Tomas Varga opened a plant.\n")
    site = _seeds(tmp_path, {"plant.md": draft})
    _ingest(site)
    (path,) = (site / "content").glob("*.md")
    meta = _front_matter(path)
    assert meta["people"] == ["Ilona Szabo"]  # one person, as first spelled; none proposed beside her
    assert "organisations" not in meta


def test_wikilinks_to_people_and_organisations_are_checked_at_ingest(tmp_path: Path) -> None:
    """A draft may link a person or organisation that a briefing names (in content/ or written by
    the same run); a link to one nobody names would fail every build, so it is refused with its line."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "old.md").write_text("---\ntitle: Old\ndate: 2024-01-01\norganisations: [Szeged Fishing Club]\n"
                                    "---\n\nText.\n", encoding="utf-8")
    good = ("---\ntitle: Links that resolve\ndate: 2024-04-12\n---\n\n"
            "See [[person:Tomas Varga]], [[person:tomas varga|the minister]] and "
            "[[organisation:Szeged Fishing Club]].\n")
    bad = ("---\ntitle: Links that do not\ndate: 2024-04-13\n---\n\n"
           "See [[person:Tomas Vargas]].\n\nAnd [[organisation:Nobody At All]].\n")
    site = _seeds(tmp_path, {"river.txt": RIVER, "good.md": good, "bad.md": bad})
    lines = _ingest(site)
    assert "seeds/bad.md:6: unknown person 'tomas-vargas' (did you mean 'tomas-varga'?)" in lines, lines
    assert "seeds/bad.md:8: unknown organisation 'nobody-at-all'" in lines, lines
    assert any(line.startswith("seeds/good.md: written") for line in lines), lines
    assert run_cli("build", "--site", site).returncode == 0


def test_a_generic_institution_is_named_with_its_country() -> None:
    from briefgen.ingest.entities import with_country

    found = ("Supreme Court", "National Elections Committee", "Red Cross", "Liberal Democratic Party")
    assert with_country(found, "Chile") == ("Supreme Court (Chile)", "National Elections Committee (Chile)",
                                            "Red Cross", "Liberal Democratic Party")
    assert with_country(found, None) == found  # no country found: names stay as they are
