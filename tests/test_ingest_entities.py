"""People and organisations proposed from article text (issue 14): only names the text makes unambiguous."""

from __future__ import annotations

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
