"""Scraped pages in, clean briefings out (issue 13): every line kind, on synthetic pages in our own words."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefgen.config import SiteConfig
from briefgen.ingest import ingest
from briefgen.ingest.extract import extract
from briefgen.ingest.page_text import clean_page, recurring_lines
from briefgen.ingest.readers import read_text

# A made-up news page with the furniture real sites put around a story.
PAGE = """ date 2022-03-14 Skip to content
Home | World | Business | Sport
WORLD
Harbour strike in Valparaiso halts copper exports for a third day
Harbour strike in Valparaiso halts copper exports for a third day
By Marta Lindqvist
Published: 9:41am, 14 Mar, 2022
Reuters
Share this article
Dockworkers in Valparaiso, Chile, kept the port closed on Monday for a third day, halting copper shipments worth millions of dollars as talks with the port authority stalled.

The union said its members would not return until the authority agreed to restore night-shift pay, which was cut in January.

Dock workers stand near idle cranes at the port on Sunday. REUTERS/Ana Ruiz
What happens to copper prices?

Traders in London said copper prices rose two percent on Monday because buyers feared longer delays at the port.

Tags: Chile, copper, strikes, ports, trade
Read more: Chile's new mining law explained
Most read
Copyright 2022 Example Wire. All rights reserved.
"""


def _kinds(page: str) -> dict[str, str]:
    text = page.split(" ", 3)[3]  # after " date YYYY-MM-DD "
    cleaned = clean_page(text)
    return {line.strip(): kind for line, kind in zip(text.split("\n"), cleaned.kinds, strict=False) if line.strip()}


def test_every_line_kind_of_a_scraped_page() -> None:
    kinds = _kinds(PAGE)
    assert kinds["Harbour strike in Valparaiso halts copper exports for a third day"] == "H"
    for furniture in ("Skip to content", "Home | World | Business | Sport", "Share this article",
                      "Dock workers stand near idle cranes at the port on Sunday. REUTERS/Ana Ruiz",
                      "Tags: Chile, copper, strikes, ports, trade", "Read more: Chile's new mining law explained",
                      "Most read", "Copyright 2022 Example Wire. All rights reserved."):
        assert kinds[furniture] == "F", furniture
    for metadata in ("By Marta Lindqvist", "Published: 9:41am, 14 Mar, 2022", "Reuters"):
        assert kinds[metadata] == "X", metadata
    assert kinds["What happens to copper prices?"] == "M"
    assert all(kind == "M" for line, kind in kinds.items() if line.startswith(("Dockworkers", "The union", "Traders")))


def test_the_briefing_has_the_headline_metadata_and_only_the_story() -> None:
    article = read_text(PAGE, "seeds/strike.txt", "0" * 64)
    assert article.title == "Harbour strike in Valparaiso halts copper exports for a third day"
    assert article.author == "Marta Lindqvist"
    assert article.publisher == "Reuters"
    assert article.stamp == "Published: 9:41am, 14 Mar, 2022"
    draft, problem = extract(article, SiteConfig())
    assert problem is None and draft is not None
    assert draft.sources[0].author == "Marta Lindqvist"
    assert draft.published == "Published: 9:41am, 14 Mar, 2022"
    assert draft.summary.startswith("Dockworkers in Valparaiso")
    assert "CL" in draft.countries
    for furniture in ("Share this", "REUTERS/Ana", "Tags:", "Read more", "Copyright", "Most read", "Skip to"):
        assert furniture not in draft.body, furniture
    assert "## What happens to copper prices?" in draft.body


def test_month_only_header_is_dated_the_first_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "month.txt").write_text(
        " date 2021-11\nKenya opened a new railway line to Uganda on Friday, the transport ministry said.\n\n"
        "The line cuts freight times between Mombasa and Kampala by half, officials said.\n", encoding="utf-8")
    (tmp_path / "seeds" / "impossible.txt").write_text(" date 2021-13\nKenya opened a railway line on Friday.\n",
                                                      encoding="utf-8")
    report = ingest(tmp_path, None, dry_run=False, force=False, write_new_beside=False, config=SiteConfig())
    lines = "\n".join(report.lines())
    assert re.search(r"seeds/month.txt: written → content/2021-11-01-", lines)
    assert "seeds/month.txt: warning: the page gives only the month (2021-11): dated the 1st" in lines
    assert "seeds/impossible.txt: invalid date '2021-13'" in lines
    assert report.has_errors


def test_furniture_repeated_across_a_sites_pages_is_removed(tmp_path: Path) -> None:
    slogan = "Independent news from the valley since 1911"
    stories = [
        ("Flooding closed the main bridge in Tarija on Tuesday, and officials in Bolivia said repairs would take a "
         "month.", "Farmers said they could not reach markets in the city for the second week running."),
        ("Bolivia's senate approved a new budget on Wednesday after a long debate about fuel subsidies in La Paz.",
         "Opposition senators said the subsidies would cost more than the government expected this year."),
        ("Teachers in Sucre went on strike on Thursday over pay, closing most schools in the Bolivian city.",
         "The education ministry said it would meet union leaders in the capital early next week."),
    ]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for number, (lede, more) in enumerate(stories, 1):
        (seeds / f"valleynews-{number}.txt").write_text(
            f" date 2023-05-0{number} {slogan}\n\n{lede}\n\n{slogan}\n\n{more}\n", encoding="utf-8")
    ingest(tmp_path, None, dry_run=False, force=False, write_new_beside=False, config=SiteConfig())
    written = sorted((tmp_path / "content").glob("*.md"))
    assert len(written) == 3
    for path in written:
        assert slogan not in path.read_text(encoding="utf-8"), path.name
    # One page alone keeps nothing from the batch: the repetition is what marks the slogan.
    assert recurring_lines([(None, f"{slogan}\n{lede}") for lede, _ in stories]) == frozenset(
        {"independent news from the valley since 1911"})


def test_a_story_seen_twice_does_not_erase_itself() -> None:
    page = "Rain flooded the old town of Tarija on Tuesday, officials in Bolivia said.\nShort line here\n"
    assert recurring_lines([(None, page), (None, page), (None, page)]) == frozenset()


def test_the_seed_gets_a_headline_and_the_travel_rule_in_its_key_points() -> None:
    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_09b15416e61e2d38.txt"
    article = read_text(seed.read_text(encoding="utf-8"), "seeds/seed.txt", "0" * 64)
    draft, _ = extract(article, SiteConfig())
    assert draft is not None
    assert draft.title == "Russian authorities impose restrictions on British diplomats in the country"
    assert len(draft.title) <= 90 and "…" not in draft.title
    assert any("120-kilometer" in point for point in draft.key_points)
    assert draft.key_points[0].startswith("The Russian Foreign Ministry announced")
    assert not any(point.startswith(("Additionally", "However", "This move")) for point in draft.key_points)
    assert not any(point in draft.summary for point in draft.key_points)


def test_bullets_and_connectives_do_not_reach_key_points() -> None:
    text = (" date 2024-02-02\nPeru's congress voted on Friday to remove the interior minister after a week of protests "
            "in Lima over rising crime in the capital.\n\n"
            "• Lawmakers voted 78 to 24 for the motion, which needed a simple majority of the chamber to pass.\n\n"
            "Additionally, the congress asked the government to present a new security plan within thirty days.\n\n"
            "This move comes after three months of protests by shop owners in the city centre over extortion.\n\n"
            "Police figures show reported extortion cases in Lima doubled in 2023 compared with the year before.\n")
    draft, _ = extract(read_text(text, "seeds/peru.txt", "0" * 64), SiteConfig())
    assert draft is not None
    assert "•" not in draft.body
    for point in draft.key_points:
        assert not point.startswith(("•", "Additionally", "This move")), point
    assert any(point.startswith("The congress asked") for point in draft.key_points)
    assert draft.date == dt.date(2024, 2, 2)


def test_wire_copy_tables_and_datelines_are_kept_as_text() -> None:
    # Reuters-style earnings copy: a dateline lede, rows of figures, a label row, a note.
    wire = ("SPRINGFIELD, Ill., March 3 - Shr 41 cts vs 33 cts\n\nNet 2,150,000 vs 1,720,000\n\n"
            "Revs 48.2 mln vs 44.9 mln\n\nYear\n\nShr 1.62 dlrs vs 1.40 dlrs\n\n"
            "Note: results include a gain of 300,000 dlrs from the sale of a warehouse in Peoria.\n")
    page = clean_page(wire)
    assert "F" not in page.kinds and "H" not in page.kinds
    assert [kind for kind, _, _ in page.paragraphs][:3] == ["p", "p", "p"]
    assert page.paragraphs[0][1].startswith("SPRINGFIELD, Ill., March 3")
    assert any(text == "Net 2,150,000 vs 1,720,000" for _, text, _ in page.paragraphs)


def test_a_share_of_stock_is_not_a_share_button() -> None:
    line = ("ALBANY, N.Y., March 3 - Hudson Valley Bank said it sold 400,000 shares of common stock at "
            "11 dlrs a share to a group of investors.")
    assert clean_page(line + "\n\nThe bank said it would use the proceeds to open two branches.\n").kinds == "M.M."


def test_a_page_without_a_headline_takes_its_urls_slug_spelt_as_the_article_spells_it() -> None:
    from briefgen.ingest.digest import headline_from_url

    text = "Tonga's volcano erupted on Saturday and a tsunami reached the island country within hours."
    assert headline_from_url("https://example.org/world/2022/01/15/tonga-volcano-eruption-triggers-tsunami-n123456",
                             text) == "Tonga volcano eruption triggers tsunami"
    assert headline_from_url("https://example.org/news/128059", text) is None  # an id is not a headline
    assert headline_from_url("https://example.org/a-b", text) is None
    assert headline_from_url(None, text) is None
    page = " date 2022-01-15\nHome | World\nTonga's volcano erupted on Saturday and a tsunami reached the island " \
           "country within hours, officials said.\n"
    article = read_text(page, "seeds/tonga.txt", "0" * 64,
                        url="https://example.org/world/tonga-volcano-eruption-triggers-tsunami")
    draft, _ = extract(article, SiteConfig())
    assert draft is not None and draft.title == "Tonga volcano eruption triggers tsunami"


def test_the_headline_is_the_line_above_its_deck_and_loses_its_media_label() -> None:
    # Headline, then a deck that sits nearer the story: the headline is the first of the two.
    page = ("News you can rely on since 1921\nFerry operator halts crossings after storm damages two piers\n\n"
            "Repairs could take weeks, the harbour master warns.\n\nBy Tomas Ilves\nPublished 4 March 2023\n"
            "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
            "stopped all crossings until engineers have checked the landing stages.\n\n"
            "Islanders who need hospital care will be flown to the mainland, the regional government said.\n")
    assert clean_page(page).headline == "Ferry operator halts crossings after storm damages two piers"
    # A "VIDEO:" label or a "- PHOTOS" tail marks the story's medium, not furniture; the title goes without it.
    for shown in ("VIDEO: Ferry operator halts crossings after storm damages two piers",
                  "Ferry operator halts crossings after storm damages two piers - PHOTOS"):
        labelled = page.replace("Ferry operator halts crossings after storm damages two piers", shown)
        assert clean_page(labelled).headline == "Ferry operator halts crossings after storm damages two piers"
    # A pronoun cannot open a headline, and an image's alt text repeated as its caption is no headline either.
    leaning = ("He was travelling home from a conference in Tartu when the storm began\n"
               "Storm damage at the north pier of Kuivastu harbour\nStorm damage at the north pier of Kuivastu harbour\n"
               + page.split("\n", 2)[2])
    assert clean_page(leaning).headline is None


def test_a_slug_spells_possessives_as_the_article_does() -> None:
    from briefgen.ingest.digest import headline_from_url

    text = "Estonia’s ferry operator stopped crossings to the islands after a storm damaged two piers."
    assert headline_from_url("https://example.org/2023/03/04/estonias-ferry-operator-halts-island-crossings", text) \
        == "Estonia’s ferry operator halts island crossings"


def test_a_headline_from_the_lede_is_in_headline_style() -> None:
    from briefgen.ingest.digest import headline_from_lede

    assert headline_from_lede("The Russian ambassador to Ankara has been killed in a gun attack at an art gallery "
                              "on Monday, officials said.") == "Russian ambassador to Ankara killed in gun attack at art gallery"
    assert headline_from_lede("On Sunday 21 April a series of coordinated bombings took place in Sri Lanka.") \
        == "Series of coordinated bombings takes place in Sri Lanka"
    assert headline_from_lede("There has been a mass shooting at two mosques in Christchurch.") \
        == "Mass shooting at two mosques in Christchurch"


def test_a_headline_from_the_lede_drops_scene_setting_and_keeps_whole_phrases() -> None:
    from briefgen.ingest.digest import headline_from_lede

    cases = {
        # Leading time clauses, one after another, and a date after them.
        "A few days before the regional vote, on the afternoon of this Tuesday, March 4, 2025, a group of armed men "
        "shot dead the mayor of a border town.": "Group of armed men shoots dead the mayor of border town",
        "Hours after the governor was arrested at her office, the regional assembly voted to suspend her.":
            "Regional assembly votes to suspend her",
        # Appositions: a nickname, a list.
        "Populist candidate Ana Ruiz, also known as the Iron Lady of Valparaiso, won the first round of the vote.":
            "Populist candidate Ana Ruiz wins the first round of the vote",
        "The trade bloc, consisting of Chile, Peru, Colombia and Mexico, has agreed to admit two new members.":
            "Trade bloc agrees to admit two new members",
        # "is set to" in headline style; a "(CNN) — " dateline leaves no dash behind.
        "(Wire) — The opposition leader is set to become the next prime minister after winning Sunday's vote.":
            "Opposition leader set to become the next prime minister",
        # "This year's ..." does not lean on a sentence above it.
        "This year's prize for reporting has been awarded to two journalists from the coastal province.":
            "This year's prize for reporting awarded to two journalists",
    }
    for lede, headline in cases.items():
        assert headline_from_lede(lede) == headline


def test_a_cut_headline_never_ends_on_a_possessive_or_a_foreign_preposition() -> None:
    from briefgen.ingest.digest import headline_from_lede

    english = headline_from_lede("The national assembly blocked the nomination of the candidate who won May's "
                                 "nationwide regional and municipal elections by a wide margin across the country.")
    spanish = headline_from_lede("El Congreso vota este viernes la propuesta de reforma planteada por la oposición "
                                 "contra el gobierno regional a raíz de la sentencia del tribunal superior.")
    for headline in (english, spanish):
        assert not headline.endswith(("May's", " contra", " de", " la", " del")), headline
        assert len(headline) <= 102 and "…" not in headline


def test_a_headline_tells_the_news_in_the_present_tense() -> None:
    from briefgen.ingest.digest import headline_from_lede

    cases = {
        "A strong earthquake struck the coast of Peru on Tuesday, damaging hundreds of homes.":
            "Strong earthquake strikes the coast of Peru, damaging hundreds of homes",
        "Thousands of farmers blocked the main roads into Lyon and dumped hay outside the prefecture.":
            "Thousands of farmers block the main roads into Lyon",
        "The ruling party has won a majority in the regional parliament, officials said.":
            "Ruling party wins majority in the regional parliament",
        "Banjul (AFP) - Two ministers were detained by the army after the vote.":
            "Two ministers detained by the army after the vote",  # a passive stays a participle
        "Police announced that all ferries would be cancelled overnight, affecting thousands of travellers.":
            "Police announce that all ferries would be cancelled overnight",
        "The minister is scheduled to visit the flooded villages on Friday, her office said.":
            "Minister scheduled to visit the flooded villages",
        "Two explosions near the stadium killed three people and injured 40, police said.":
            "Two explosions near the stadium kill three people and injure 40",
        # Past the main verb, a reported clause keeps its own tense; "they" takes a plural verb.
        "The ferry company says they were told of the damage on Friday night.":
            "Ferry company says they were told of the damage",
        "They closed the north pier at Kuivastu after the storm.": "They close the north pier at Kuivastu after the storm",
    }
    for lede, headline in cases.items():
        assert headline_from_lede(lede) == headline


def test_html_pages_and_feed_entries_are_cleaned_the_same_way() -> None:
    from briefgen.ingest.readers import html_fragment_blocks, read_html

    story = ("<p>Dockworkers in Valparaiso, Chile, kept the port closed on Monday for a third day, halting copper "
             "shipments as talks with the port authority stalled.</p>"
             "<p>Dock workers stand near idle cranes at the port on Sunday. REUTERS/Ana Ruiz</p>"
             "<p>The union said its members would not return until the authority agreed to restore night-shift "
             "pay, which was cut in January.</p><p>Share this article</p><p>Read more: Chile's new mining law</p>")
    entry = " ".join(b.text for b in html_fragment_blocks(story))
    page = read_html(f"<!doctype html><html><head><title>Port strike</title></head><body><article>{story}"
                     "</article></body></html>", "seeds/port.html", "0" * 64)
    for text in (entry, " ".join(b.text for b in page.blocks)):
        assert "Dockworkers in Valparaiso" in text and "The union said" in text
        for furniture in ("REUTERS/Ana", "Share this", "Read more"):
            assert furniture not in text, furniture


def test_bylines_without_by_job_titles_and_embedded_posts_are_not_text() -> None:
    page = ("Ferry capsizes on Lake Kivu with dozens aboard\n\nAmara Okafor\n\nSenior Correspondent\n\n"
            "A passenger ferry capsized on Lake Kivu on Tuesday with about sixty people aboard, officials in "
            "Goma said, and rescuers had pulled twenty survivors from the water by nightfall.\n\n"
            "Rescue boats are searching the shore near Goma tonight. pic.twitter.com/abc123 — Lake Watch (@lakewatch) "
            "May 3, 2023\n\nThe provincial governor said an inquiry would look at how many people the ferry was "
            "licensed to carry.\n\nNBC\n")
    kinds = _kinds(" date 2023-05-03 " + page)
    assert kinds["Amara Okafor"] == "X" and kinds["Senior Correspondent"] == "X"
    assert kinds[next(line for line in kinds if "@lakewatch" in line)] == "F"
    assert kinds["NBC"] == "X"
    assert kinds["Ferry capsizes on Lake Kivu with dozens aboard"] == "H"
    assert clean_page(page).author == "Amara Okafor"


def test_wire_summary_bullets_and_a_cut_off_ending_stay_text() -> None:
    page = ("Market news\n\n* Central bank raises its main rate to 6.5 pct\n\n* First rise in three years\n\n"
            "By Lena Park\n\nSEOUL, March 3 - South Korea's central bank raised its main interest rate on "
            "Thursday for the first time in three years, saying inflation had stayed above its target for too long.\n\n"
            "Economists had expected the move after consumer prices rose faster than forecast in January.\n\n"
            "A cautious governor\n\nThe governor said further rises would depend on how quickly the")
    kinds = _kinds(" date 2024-03-03 " + page)
    assert kinds["* Central bank raises its main rate to 6.5 pct"] == "M"
    assert kinds["* First rise in three years"] == "M"
    assert kinds["A cautious governor"] == "M"
    assert kinds["The governor said further rises would depend on how quickly the"] == "M"
    assert kinds["Market news"] == "F"


def test_a_photographers_credit_between_paragraphs_is_furniture() -> None:
    page = ("Share this article\n\nFire crews contained most of the blaze near the town by Sunday evening, "
            "officials said.\n\nMARIA DOLAN\n\nResidents were told they could return to their homes on Monday "
            "morning.\n")
    assert clean_page(page).kinds == "F.M.F.M."


def test_wire_end_marks_credits_embedded_posts_and_links_are_not_text() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    for metadata in ("(END)", "-- ENDS --", "From The Associated Press", "Reported By: Web Desk | Updated: Mar 4, 2023",
                     "publié le 04/03/2023 à 20:00", "veröffentlicht am 04.03.2023 um 20:00 Uhr", "Kuivastu, Estonia",
                     "By Harbour Desk March 4, 2023", "2023-03-04T09:41:00Z", "(With inputs from agencies.)",
                     "By AP Published: Sat 4 Mar 2023, 9:41 AM Last updated: Sat 4 Mar 2023, 10:02 AM",
                     "Source:https://example.org/ferries/2023/03/04/storm.htm",
                     "04 Março 2023 às 09:41"):
        assert classify_pattern(metadata) == "X", metadata
    for furniture in ("Read: Storm closes three ferry routes", "https://example.org/live/ferries?id=123",
                      "Search icon A magnifying glass", "MORE TO COME.", "Play All", "Get breaking news in your inbox.",
                      "IE 11 is not supported. For an optimal experience visit our site on another browser.",
                      "Islanders queue for the last ferry on Friday. Photo: Mari Tamm.",
                      ".@harbourdesk reports that the piers are closed", "#Saaremaa is under a storm warning tonight",
                      "Image Not Available"):
        assert classify_pattern(furniture) == "F", furniture
    for text in ("The end of the strike came on Friday.", "Readers said the ferry fares were too high.",
                 "From the harbour, engineers could see both piers had gone."):
        assert classify_pattern(text) is None, text


def test_teasers_under_a_more_stories_heading_and_image_titles_are_furniture() -> None:
    page = ("Ferry operator halts crossings after storm damages two piers\n\n"
            "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
            "stopped all crossings until engineers have checked the landing stages.\n\n"
            "Waves flooding the north pier at Kuivastu\n"
            "Engineers inspect the damage on Saturday. Photo: Mari Tamm/REUTERS\n\n"
            "Islanders who need hospital care will be flown to the mainland, the regional government said, and the "
            "ferry company expects the first crossings to resume on Tuesday if the piers hold.\n\n"
            "MORE WORLD STORIES\n"
            "Central bank raises interest rates for the fourth time this year\n"
            "The central bank raised its main rate by half a point on Thursday, saying that prices were still "
            "rising faster than wages in most of the country.\n"
            "Marathon runners brave snow in the capital\n")
    kinds = _kinds(" date 2023-03-04 " + page)
    assert kinds["Waves flooding the north pier at Kuivastu"] == "F"
    assert kinds["MORE WORLD STORIES"] == "F"
    assert kinds["Central bank raises interest rates for the fourth time this year"] == "F"
    assert kinds["Marathon runners brave snow in the capital"] == "F"
    assert all(kind == "M" for line, kind in kinds.items() if line.startswith(("A winter storm", "Islanders")))
    # Under the same heading, a paragraph that goes on with the story's own subject stays text.
    follow_up = page.replace("The central bank raised its main rate", "The ferry company said Saaremaa piers and "
                             "the ferry crossings to the island would be checked again; the central bank raised its rate")
    kinds = _kinds(" date 2023-03-04 " + follow_up)
    assert any(kind == "M" for line, kind in kinds.items() if line.startswith("The ferry company said Saaremaa"))


def test_a_ledes_first_sentence_is_not_taken_for_a_headline_but_a_headline_over_a_caption_is() -> None:
    story = ("Engineers checked both landing stages on Saturday and found cracks in the concrete of the north pier, "
             "the ferry company said.\n\nIslanders who need hospital care will be flown to the mainland until the "
             "crossings resume, the regional government said on Saturday.\n")
    lede = "Kuivastu, Estonia - A winter storm tore up two piers on the island of Saaremaa on Friday night.\n\n"
    assert clean_page(lede + story).headline is None
    assert clean_page("A winter storm tore up two piers on the island of Saaremaa on Friday night.\n\n" + story) \
        .headline is None
    captioned = ("Storm closes ferry crossings to Saaremaa\n"
                 "Waves break over the north pier on Friday. Photo: Mari Tamm/REUTERS\n" + story)
    assert clean_page(captioned).headline == "Storm closes ferry crossings to Saaremaa"


def test_a_headline_from_the_lede_skips_leading_phrases_dates_and_stray_symbols() -> None:
    from briefgen.ingest.digest import headline_from_lede

    cases = {
        "In the early hours of Saturday (local time), a storm tore up two piers on the island of Saaremaa.":
            "Storm tears up two piers on the island of Saaremaa",
        "MARCH 4, 2013 — A winter storm tore up two piers on the island of Saaremaa, stopping the ferries.":
            "Winter storm tears up two piers on the island of Saaremaa, stopping the ferries",
        "© . The ferry company stopped all crossings to the islands on Friday night.":
            "Ferry company stops all crossings to the islands",
        # Only after a verb of reaction is the participle clause the news.
        "The ferry company closed the north pier and the south pier at Kuivastu on Friday after the storm, "
        "leaving about two thousand islanders without a link to the mainland for the weekend.":
            "Ferry company closes the north pier and the south pier at Kuivastu",
    }
    for lede, headline in cases.items():
        assert headline_from_lede(lede) == headline


def test_names_joined_by_and_are_a_byline_but_countries_are_not() -> None:
    from briefgen.ingest.page_patterns import is_person_name

    assert is_person_name("Mari Tamm and Jaan K Ilves") and is_person_name("Mari Tamm, Jaan Ilves and Ann Sepp")
    assert not is_person_name("United States and North Korea") and not is_person_name("France and Germany")


def test_captions_describe_a_scene_in_the_present() -> None:
    from briefgen.ingest.page_patterns import is_caption_prose

    for caption in ("Islanders sit along the harbour wall as the ferry stays in port",
                    "A man carries his bicycle across the flooded square in Kuressaare",
                    "Engineers inspect the north pier after the storm"):
        assert is_caption_prose(caption), caption
    assert not is_caption_prose("The ferry company said engineers would inspect the north pier on Saturday.")
    # a lede whose second sentence has a scene's verb: the scene of a caption is its first sentence's
    assert not is_caption_prose("Saaremaa is coming to terms with the storm that tore up its piers on Friday. "
                                "The island mourns the loss of two fishermen.")


def test_a_caption_dated_the_wire_agencies_way_is_dropped_above_and_within_the_story() -> None:
    story = ("A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
             "stopped all crossings until engineers have checked the landing stages.\n\n"
             "Islanders who need hospital care will be flown to the mainland, the regional government said.\n")
    caption = ("Mari Tamm carries sandbags to her cafe Saturday, March 4, 2023, in Kuressaare, Estonia. "
               "The storm cut power to most of the island.\n\n")
    for page in (caption + story, story + "\n" + caption + "The ferry company expects to sail again on Monday.\n"):
        kinds = dict(zip(page.split("\n"), clean_page(page).kinds))
        assert kinds[caption.split("\n")[0]] == "F"
        assert kinds[story.split("\n")[0]] == "M"
    # A gallery's opening says what happened (in the past): it is the story, not a photo's caption.
    gallery = ("Storm in pictures\n\nThe islanders of Saaremaa braved the storm on Saturday, March 4, 2023, in "
               "Kuressaare, Estonia, as the ferries stayed in port.\n\n" + story)
    assert clean_page(gallery).kinds.count("M") == 3


def test_a_headline_under_a_breadcrumb_trail_is_the_headline_without_it() -> None:
    page = ("Home / World / Storm closes ferry crossings to Saaremaa for the weekend\n\nBy Harbour Desk March 4, 2023\n\n"
            "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
            "stopped all crossings until engineers have checked the landing stages.\n\n"
            "Islanders who need hospital care will be flown to the mainland, the regional government said.\n")
    cleaned = clean_page(page)
    assert cleaned.headline == "Storm closes ferry crossings to Saaremaa for the weekend"
    assert cleaned.author == "Harbour Desk"


def test_a_last_line_cut_off_by_the_scraper_stays_text_even_after_a_caption() -> None:
    story = ("Storm closes ferry crossings to Saaremaa\n\n"
             "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
             "stopped all crossings until engineers have checked the landing stages.\n\n"
             "Islanders who need hospital care will be flown to the mainland, the regional government said.\n\n")
    after_caption = story + "Waves break over the north pier on Friday. Photo: Mari Tamm/REUTERS\n\n" \
        "Engineers said that the repairs to the north pier could take until the"
    assert clean_page(after_caption).kinds.endswith("F.M")
    dated = story + "The crossings were first opened on 4 March 2"
    assert clean_page(dated).kinds.endswith(".M")
    teaser = story + "Copyright 2023 Harbour News\n\nMarathon runners brave snow in the capital"
    assert clean_page(teaser).kinds.endswith("F.F")


def test_a_deck_under_the_headline_is_text_and_a_gallery_of_captions_is_not() -> None:
    page = ("Storm closes ferry crossings to Saaremaa\n\n"
            "Islanders face a weekend without a link to the mainland as engineers check the piers.\n\n"
            "By Harbour Desk\n\n"
            "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
            "stopped all crossings until engineers have checked the landing stages.\n\n"
            "Islanders who need hospital care will be flown to the mainland, the regional government said.\n\n"
            "Mari Tamm, left, and Jaan Ilves look at the broken north pier of Kuivastu harbour on Saturday morning.\n\n"
            "A ferry worker carries a rope across the flooded quay at Virtsu as the storm passes over the island.\n\n"
            "Islanders sit along the harbour wall at Kuivastu as the last ferry of the week stays in port.\n")
    kinds = _kinds(" date 2023-03-04 " + page)
    assert kinds["Storm closes ferry crossings to Saaremaa"] == "H"
    assert kinds["Islanders face a weekend without a link to the mainland as engineers check the piers."] == "M"
    for caption in ("Mari Tamm, left, and Jaan Ilves look at", "A ferry worker carries a rope", "Islanders sit along"):
        assert all(kind == "F" for line, kind in kinds.items() if line.startswith(caption)), caption


def test_credits_widgets_and_foreign_bylines_are_not_text() -> None:
    page = ("Osorno, Chile Osorno, Chile\n\n✕ Close Farmers on why the river keeps rising\n\n"
            "[[title]] [[text]] Something went wrong. [[retry]]\n\nPor Ana Ruiz\n\n"
            "The river Rahue burst its banks at Osorno on Sunday night and flooded the lower town, where about "
            "two thousand people were moved to schools and sports halls by the morning.\n\n"
            "Volunteers fill sandbags beside the bridge (Tomás Vera/Agencia Sur)\n\n"
            "The regional government said the water would stay high for two more days because rain was still "
            "falling in the mountains.\n\nM. de la Fuente, T. Ibarra, J. Soto\n")
    kinds = _kinds(" date 2024-06-02 " + page)
    assert kinds["Osorno, Chile Osorno, Chile"] == "X"  # a dateline shown twice
    assert kinds["✕ Close Farmers on why the river keeps rising"] == "F"  # a video player's title
    assert kinds["[[title]] [[text]] Something went wrong. [[retry]]"] == "F"  # an unfilled template
    assert kinds["Por Ana Ruiz"] == "X"
    assert kinds["Volunteers fill sandbags beside the bridge (Tomás Vera/Agencia Sur)"] == "F"
    assert kinds["M. de la Fuente, T. Ibarra, J. Soto"] == "X"  # a TV report's credits
    assert kinds[next(line for line in kinds if line.startswith("The river Rahue"))] == "M"


def test_a_lede_of_three_sentences_under_no_headline_is_not_a_caption() -> None:
    page = ("OSORNO, CHILE—On Sunday night, shortly after the last bus left, the river could be heard over the "
            "bridge. The lower town flooded. Water could be seen in the square by midnight.\n\n"
            "About two thousand people were moved to schools and sports halls by the morning, the mayor said.\n")
    kinds = _kinds(" date 2024-06-02 " + page)
    assert set(kinds.values()) == {"M"}


def test_appositions_and_datelines_do_not_break_a_headline_from_the_lede() -> None:
    from briefgen.ingest.digest import headline_from_lede

    cases = {
        # A title in apposition goes; a name in apposition stays, without its commas.
        "Queen Margit, Queen of the Northern Isles and head of the island council, has died aged 91, the "
        "palace has announced.": "Queen Margit dies aged 91",
        "The island's former governor, Ana Ruiz, was sworn in as mayor on Monday.":
            "Island's former governor Ana Ruiz sworn in as mayor",
        # A dropped time phrase leaves the comma that closes an apposition.
        "Populist candidate Ana Ruiz, also known as the Iron Lady, on Sunday won the first round of the vote.":
            "Populist candidate Ana Ruiz wins the first round of the vote",
        # An em-dash dateline with no spaces, then three leading phrases.
        "OSORNO, CHILE—On June 2, at about 6 p.m., shortly after the last bus left the station, the river Rahue "
        "flooded the lower town.": "River Rahue floods the lower town",
    }
    for lede, headline in cases.items():
        assert headline_from_lede(lede) == headline


def test_captions_shown_twice_in_the_story_stock_photo_credits_and_app_prompts_are_furniture() -> None:
    page = ("Flood waters reach the lower town of Osorno\n\n"
            "The river Rahue burst its banks at Osorno on Sunday night and flooded the lower town, where about "
            "two thousand people were moved to schools and sports halls by the morning.\n\n"
            "Sandbags stacked beside the old bridge\n\nSandbags stacked beside the old bridge\n\n"
            "The regional government said the water would stay high for two more days because rain was still "
            "falling in the mountains.\n\n"
            "The water rose past the first floors of houses near the market. The mayor said the town had not "
            "seen such a flood in forty years.\n\n"
            "The water rose past the first floors of houses near the market. The mayor said the town had not "
            "seen such a flood in forty years.\n\n"
            "A river in flood, in a stock image @Pexels\n\n"
            "Get The Osorno Daily on your phone with the free app. Download it now.\n\nFRANCE24\n")
    kinds = _kinds(" date 2024-06-02 " + page)
    assert kinds["Sandbags stacked beside the old bridge"] == "F"
    # A paragraph a scraper repeated is still text.
    assert kinds[next(line for line in kinds if line.startswith("The water rose"))] == "M"
    assert kinds["A river in flood, in a stock image @Pexels"] == "F"
    assert kinds["Get The Osorno Daily on your phone with the free app. Download it now."] == "F"
    assert kinds["FRANCE24"] == "X"


def test_the_language_of_a_page_picks_its_stopwords() -> None:
    from briefgen.ingest.languages import page_stopwords, stoplist
    from briefgen.ingest.page_patterns import STOPWORDS

    portuguese = ("O rio transbordou na noite de domingo e a água chegou às casas da parte baixa da cidade, "
                  "onde cerca de duas mil pessoas foram levadas para escolas e ginásios.")
    english = ("Michael Wilson and George Brown said on Monday that the grand jury in the city of Portland "
               "would hear the case of the two men in March.")
    assert page_stopwords([portuguese]) == stoplist("Portuguese")
    assert page_stopwords([english]) is STOPWORDS  # names in jusText's long lists do not make it Finnish
    assert page_stopwords(["Too short"]) is STOPWORDS


def test_a_page_in_portuguese_keeps_its_story_and_drops_its_menus() -> None:
    page = ("Início | Brasil | Mundo | Esportes\n\nCompartilhe\n\n"
            "Rio transborda em Osorno e duas mil pessoas deixam suas casas\n\n"
            "O rio transbordou na noite de domingo e a água chegou às casas da parte baixa da cidade, onde cerca de "
            "duas mil pessoas foram levadas para escolas e ginásios durante a madrugada.\n\n"
            "Segundo o governo regional, a água deve continuar alta por mais dois dias, porque ainda chove nas "
            "montanhas e os rios da região estão cheios.\n\n"
            "O prefeito disse que a cidade não via uma enchente assim havia quarenta anos e pediu que os moradores "
            "não voltem para casa antes do aviso da defesa civil.\n\n"
            "Leia também\n\nMais lidas\n\nPolícia prende dois suspeitos de roubo de gado no sul do país\n\n"
            "Governo anuncia novo plano para as estradas da região dos lagos\n")
    kinds = _kinds(" date 2024-06-02 " + page)
    assert [k for line, k in kinds.items() if line.startswith(("O rio", "Segundo", "O prefeito"))] == ["M"] * 3
    assert kinds["Rio transborda em Osorno e duas mil pessoas deixam suas casas"] == "H"
    for furniture in ("Início | Brasil | Mundo | Esportes", "Compartilhe", "Leia também", "Mais lidas",
                      "Polícia prende dois suspeitos de roubo de gado no sul do país"):
        assert kinds[furniture] == "F", furniture


def test_a_question_headline_with_a_reading_time_glued_to_it() -> None:
    page = ("Why Did the River Rahue Flood Osorno's Lower Town?3 min read 02 Jun 2024, 06:04 PM CLT\n\n"
            "The river Rahue burst its banks at Osorno on Sunday night and flooded the lower town, where about "
            "two thousand people were moved to schools and sports halls by the morning.\n\n"
            "The regional government said the water would stay high for two more days because rain was still "
            "falling in the mountains.\n")
    cleaned = clean_page(page)
    assert cleaned.headline == "Why Did the River Rahue Flood Osorno's Lower Town?"
    assert cleaned.kinds.startswith("H.M.M")


def test_source_credits_and_labelled_stamps_are_metadata() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    assert classify_pattern("Fonte: Ana Ruiz e Tomás Vera") == "X"
    assert classify_pattern("Source: Regional Water Authority") == "X"
    assert classify_pattern("Regional News of Sunday, 2 June 2024") == "X"
    assert classify_pattern("Sources say the talks failed.") is None  # a sentence, not a credit


def test_headline_verbs_and_subjects_read_right() -> None:
    from briefgen.ingest.digest import headline_from_lede

    cases = {
        "The ministry acknowledged that the dam had not been inspected for ten years.":
            "Ministry acknowledges that the dam had not been inspected for ten years",
        "The union added two more ports to the strike on Monday.": "Union adds two more ports to the strike",
        "June 2, farmers from the southern valleys blocked the main road into Osorno.":
            "Farmers from the southern valleys block the main road into Osorno",
        "Villagers under the volcano left their homes on Sunday night.":
            "Villagers under the volcano leave their homes",
        "Five years ago, Storm Ana, also called the Osorno flood, hammered the coast12.":
            "Storm Ana hammers the coast",
        "All twelve miners have been successfully rescued from the flooded shaft at Lota, officials said.":
            "All twelve miners successfully rescued from the flooded shaft at Lota",
        "Many were feared dead at the river crossing in Osorno Tuesday night as the water rose.":
            "Many feared dead at the river crossing in Osorno as the water rose",
    }
    for lede, headline in cases.items():
        assert headline_from_lede(lede) == headline


def test_a_caption_ending_on_its_credit_is_furniture_however_long() -> None:
    story = ("The river Rahue burst its banks at Osorno on Sunday night and flooded the lower town, where about "
             "two thousand people were moved to schools and sports halls by the morning.\n\n{}\n\n"
             "The regional government said the water would stay high for two more days because rain was still "
             "falling in the mountains.\n")
    captions = (
        "Volunteers carry sandbags to the old bridge over the river Rahue at Osorno on June 2, 2024, as the water "
        "rises towards the market. — Tomás Vera, Osorno Daily, June 2, 2024",
        "A family waits on the roof of its house in the lower town of Osorno for a rescue boat to reach the "
        "street on Sunday night. Photo: Handout",
        "The mayor of Osorno visited the schools and sports halls where about two thousand people spent the "
        "night after the river flooded the lower town. / Sur Wire and Agencies",
        "Firefighters pump water out of the market hall in the lower town of Osorno on Monday morning after "
        "the flood. Ana Ruiz / Agencia Sur",
        "Mayor Ana Ruiz (pictured in 2021) was at the town hall when the river burst its banks",
    )
    for caption in captions:
        kinds = _kinds(" date 2024-06-02 " + story.format(caption))
        assert kinds[caption] == "F", caption
        assert list(kinds.values()).count("M") == 2, caption
    # A wire headline in capitals with a slash after an abbreviation is no credit.
    from briefgen.ingest.page_patterns import is_caption
    assert not is_caption("FARMERS IN THE U.S. WHEAT/BARLEY BELT SEE HIGHER EXPORTS")
    # A paragraph naming a photo is still text when it ends as a sentence does.
    paragraph = "Mayor Ana Ruiz (pictured) said the town had not seen such a flood in forty years."
    assert _kinds(" date 2024-06-02 " + story.format(paragraph))[paragraph] == "M"


_FLOOD_STORY = ("Flood waters reach the lower town of Osorno\n\n"
                "The river Rahue burst its banks at Osorno on Sunday night and flooded the lower town, where about "
                "two thousand people were moved to schools and sports halls by the morning.\n\n{}\n\n"
                "The regional government said the water would stay high for two more days because rain was still "
                "falling in the mountains.\n")


def test_an_embedded_posts_text_over_its_bare_signature_is_furniture() -> None:
    post = "Water in the square already, stay off the old bridge tonight please."
    page = _FLOOD_STORY.format(f"The mayor wrote on social media:\n\n{post}\n\n"
                               "#Osorno pic.twitter.com/AbCdEf123 — Ana Ruiz (@anaruiz_osorno) June 2, 2024")
    kinds = _kinds(" date 2024-06-02 " + page)
    assert kinds[post] == "F"
    assert kinds["The mayor wrote on social media:"] == "M"
    # A signature that carries the post's own words says nothing about the line above it.
    page = _FLOOD_STORY.format("The mayor told residents to stay away from the old bridge until Tuesday.\n\n"
                               "Stay off the old bridge tonight please. — Ana Ruiz (@anaruiz_osorno) June 2, 2024")
    assert list(_kinds(" date 2024-06-02 " + page).values()).count("M") == 3


def test_a_caption_over_its_credit_a_caption_shown_twice_and_a_gallerys_first_caption() -> None:
    caption = "Families wait on the roofs of their houses in the lower town for the rescue boats"
    kinds = _kinds(" date 2024-06-02 " + _FLOOD_STORY.format(f"{caption}\nREUTERS/Tomas Vera"))
    assert kinds[caption] == "F" and list(kinds.values()).count("M") == 2
    twice = "The mayor at the flooded market hall on Monday morning, before she ordered the evacuation."
    kinds = _kinds(" date 2024-06-02 " + _FLOOD_STORY.format(f"{twice} play\n\n{twice}"))
    assert kinds[twice] == kinds[f"{twice} play"] == "F"
    quote = "“We have never seen the water this high. We moved everyone we could before midnight,” the mayor said."
    kinds = _kinds(" date 2024-06-02 " + _FLOOD_STORY.format(f"{quote[:50]}...\n{quote}"))
    assert kinds[quote] == kinds[f"{quote[:50]}..."] == "F"
    gallery = ("Ana Ruiz celebrates with rescuers after the last family reaches the bridge at Osorno",
               "Ana Ruiz, left, and rescuers carry a boat across the flooded square",
               "Rescuers, right, wait beside the bridge as the river rises (Tomás Vera/Agencia Sur)")
    kinds = _kinds(" date 2024-06-02 " + _FLOOD_STORY.format("\n\n".join(gallery)))
    assert all(kinds[line] == "F" for line in gallery)
    assert list(kinds.values()).count("M") == 2


@pytest.mark.parametrize(("cut", "whole"), [
    ("Storm closes ferry crossings to Sa...", "Storm closes ferry crossings to Saaremaa for the weekend"),
    # With a full stop it could pass for a caption shown twice: it is still the headline.
    ("Storm closes ferry crossings to Saa...", "Storm closes ferry crossings to Saaremaa for the weekend."),
])
def test_a_headline_shown_twice_once_cut_short_is_still_the_headline(cut: str, whole: str) -> None:
    page = (f"{cut}\n\n{whole}\n\n"
            "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
            "stopped all crossings until engineers have checked the landing stages.\n\n"
            "Islanders who need hospital care will be flown to the mainland, the regional government said.\n")
    assert clean_page(page).headline == whole


def test_an_image_file_name_glued_to_a_caption_marks_it() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    assert classify_pattern("osorno_flood_2024__7_Rescuers in a boat reach a family waiting on the roof of its "
                            "house in the lower town of Osorno, Chile, on Sunday night after the river burst its "
                            "banks and flooded most of the streets near the market.") == "F"


def test_a_lede_of_few_function_words_under_the_headline_is_text() -> None:
    rest = ("\n\nThe ferry company said engineers would check both landing stages on Saturday and that the first "
            "crossings could resume on Tuesday if the piers held.\n\n"
            "Islanders who need hospital care will be flown to the mainland, the regional government said.\n")
    for lede in ("Saaremaa ferry operator Saarte Liinid halted all crossings after Friday's storm damage, "
                 "officials confirmed.",
                 # figures at the top of the story widen it over the lede: the lede is still text
                 "Estonian champion Mari Tamm beat holder Ann Sepp 6-3 6-2 to win Kuressaare's island open."):
        kinds = _kinds(" date 2023-03-04 Storm halts Saaremaa ferries\n\n" + lede + rest)
        assert kinds[lede] == "M", lede


def test_news_in_the_future_or_perfect_is_no_caption() -> None:
    from briefgen.ingest.page_patterns import is_caption_prose

    assert not is_caption_prose("Record numbers of islanders are to take part in the ferry fare vote next week.")
    assert not is_caption_prose("Estonia, which attends the island summit on Friday, has promised new ferries.")
    assert is_caption_prose("Islanders take part in a vigil at the harbour on Friday. The ferry had sunk in 1994.")


_FERRY_STORY = ("Storm closes ferry crossings to Saaremaa\n\nBy Harbour Desk\n\n"
                "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
                "stopped all crossings until engineers have checked the landing stages.\n\n"
                "Islanders who need hospital care will be flown to the mainland, the regional government said.\n\n"
                "The ferry company said the first crossings could resume on Tuesday if the piers hold.\n\n")


def test_a_row_of_dated_cards_after_the_story_is_furniture_but_a_live_blogs_entries_are_not() -> None:
    cards = ("Central bank raises interest rates for the fourth time\n\n"
             "The central bank raised its main rate by half a point on Thursday, saying that prices were still "
             "rising faster than wages.\n\n2 hours ago\n\n"
             "Marathon runners brave snow in the capital\n\n5 hours ago\n\nBusiness\n\n"
             "New tram line opens in Tartu after two years of work\n\nMarch 3, 2023\n")
    kinds = _kinds(" date 2023-03-04 " + _FERRY_STORY + cards)
    for teaser in ("Central bank raises interest rates for the fourth time", "Business",
                   "Marathon runners brave snow in the capital", "New tram line opens in Tartu after two years of work"):
        assert kinds[teaser] == "F", teaser
    assert list(kinds.values()).count("M") == 3
    entries = ("Engineers reach the north pier\n\nEngineers reached the north pier of Saaremaa by boat and began "
               "checking the landing stages for cracks.\n\nMarch 4, 2023 10:15\n\n"
               "The ferry company said the south pier had less damage than feared.\n\nMarch 4, 2023 11:40\n\n"
               "Crossings to Saaremaa will resume on Tuesday, the ferry company said.\n\nMarch 4, 2023 12:05\n")
    kinds = _kinds(" date 2023-03-04 " + _FERRY_STORY + entries)
    assert list(kinds.values()).count("M") == 7


def test_a_scene_on_a_given_day_in_the_present_inside_the_story_is_a_caption() -> None:
    for caption in ("Islanders walk past the damaged pier in Kuivastu on Saturday.",
                    "A ferry worker inspects the north pier at Kuivastu, Estonia, March 4, 2023"):
        kinds = _kinds(" date 2023-03-04 " + _FERRY_STORY.replace("Islanders who need", caption + "\n\nIslanders who need"))
        assert kinds[caption] == "F", caption
        assert list(kinds.values()).count("M") == 3
    # The present of what is to come, or a scene told in the past, is the story's.
    for text in ("The minister leaves for Riga on Saturday to discuss new ferries.",
                 "Islanders walked past the damaged pier in Kuivastu on Saturday."):
        kinds = _kinds(" date 2023-03-04 " + _FERRY_STORY.replace("Islanders who need", text + "\n\nIslanders who need"))
        assert kinds[text] == "M", text


def test_what_embeds_players_and_photo_viewers_print_and_contact_lines_are_furniture() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    for furniture in ("View this post on Instagram", "Story continues below advertisement", "Scroll to continue with "
                      "content", "Image 1 of 12", "Link copied!", "Follow Mari Tamm on Twitter", "Email the author",
                      "Audio is not available for this article", "Tweet may have been deleted", "Show caption",
                      "This content is not available due to your privacy preferences.", "Skip Ad", "Open in app",
                      "Enlarge this image", "Already a subscriber? Log in", "Do not sell my personal information",
                      "Contact the reporter at mari@example.com", "Have a news tip? Email us at tips@example.com",
                      "A man looks at the broken pier in Kuivastu. (Reuters)"):
        assert classify_pattern(furniture) == "F", furniture
    for text in ("Follow the money, the auditors told the island council on Friday.",
                 "The port authority said repairs would cost 2 mln euros. (Updated)",
                 "Sections of the north pier collapsed into the sea on Friday night."):
        assert classify_pattern(text) is None, text


def test_teasers_of_other_articles_between_section_labels_after_the_story_are_furniture() -> None:
    teasers = ("Business\n\nCentral bank raises interest rates for the fourth time\n\n"
               "The central bank raised its main rate by half a point on Thursday, saying that prices were still "
               "rising faster than wages.\n\nSport\n\nMarathon runners brave snow in the capital\n\n"
               "Thousands of runners took part in the city marathon on Sunday despite heavy snow and bitter cold.\n\n"
               "Culture\n\nNew tram line opens in Tartu after two years of work\n")
    kinds = _kinds(" date 2023-03-04 " + _FERRY_STORY + teasers)
    assert list(kinds.values()).count("M") == 3
    # The story's own last sections, on its subject, stay text; so does a section of two paragraphs.
    sections = ("What happens to the island's patients\n\nPatients on Saaremaa will be flown to the mainland "
                "while the ferry crossings are stopped, the hospital said.\n\nWhen the piers will reopen\n\n"
                "Engineers expect to finish checking the Saaremaa piers by Monday, the ferry company said.\n\n"
                "A long winter\n\nForecasters expect more snow and strong winds across the region next week.\n\n"
                "Temperatures could fall to minus twenty degrees, they said.\n")
    kinds = _kinds(" date 2023-03-04 " + _FERRY_STORY + sections)
    assert list(kinds.values()).count("M") == 3 + 7


def test_a_sentence_that_brings_in_an_embedded_post_stays_text_but_a_player_prompt_does_not() -> None:
    post = ("Water in the square already, stay off the old bridge tonight. — Ana Ruiz (@anaruiz_osorno) "
            "June 2, 2024")
    lead_ins = ("The mayor posted a warning to residents before midnight:", "On a rather different note, the "
                "fire brigade had this to say:")
    kinds = _kinds(" date 2024-06-02 " + _FLOOD_STORY.format(f"{lead_ins[0]}\n\n{post}\n\n{lead_ins[1]}\n\n"
                                                              + post.replace("tonight", "please")))
    assert kinds[lead_ins[0]] == kinds[lead_ins[1]] == "M" and kinds[post] == "F"
    from briefgen.ingest.page_patterns import STOPWORDS
    from briefgen.ingest.page_text import _lead_in
    assert not _lead_in("Here is the full video of the rescue at the bridge:", STOPWORDS)


def test_site_prompts_in_the_other_languages_of_the_pages_are_furniture() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    for furniture in ("Publicidad", "Werbung", "Publicité", "Suscríbete a nuestro boletín", "Síguenos en Instagram",
                      "Folgen Sie uns auf Facebook", "Suivez-nous sur X", "Noticias relacionadas", "Ähnliche Artikel",
                      "Articoli correlati", "Kommentare (12)", "Comentários", "Etiquetas: Chile, cobre, puertos",
                      "Schlagwörter: Hafen, Streik", "Weiterlesen", "Lire la suite", "Ver más", "Cerrar", "Startseite",
                      "Te puede interesar", "Das könnte Sie auch interessieren", "Bild: Agentur Nord",
                      "(Foto: Agencia Sur)", "Auf Facebook teilen", "Compartilhar no WhatsApp",
                      "Utilizamos cookies propias y de terceros para mejorar la navegación.",
                      "Wir verwenden Cookies, um die Seite zu verbessern.", "Cliquez ici pour lire la suite"):
        assert classify_pattern(furniture) == "F", furniture
    for text in ("Assinei o contrato com a empresa em março, disse o ministro do porto.",
                 "Condividiamo la preoccupazione del governo per il porto, ha detto il sindaco.",
                 "Inicio de las obras en el puerto de Valparaíso el lunes, según la autoridad portuaria."):
        assert classify_pattern(text) is None, text


def test_time_stamps_in_the_other_languages_of_the_pages_are_metadata() -> None:
    from briefgen.ingest.page_patterns import classify_pattern, is_card_date

    for stamp in ("hace 2 horas", "il y a 3 heures", "vor 2 Stunden", "há 2 horas", "2 ore fa", "3 uur geleden",
                  "Atualizado em 04/03/2023 às 10h15", "Hoy, 10:15", "Aujourd'hui à 10h15"):
        assert classify_pattern(stamp) == "X", stamp
    for age in ("hace 2 horas", "il y a 3 heures", "vor 2 Stunden", "há 2 horas", "2 ore fa", "3 uur geleden"):
        assert is_card_date(age), age  # dates a card of another article, as "2 hours ago" does
    for text in ("Hace 2 años murieron 300 personas en el puerto.", "Vor 2 Jahren starben 300 Menschen im Hafen."):
        assert classify_pattern(text) is None, text


def test_bylines_newsrooms_and_agencies_in_the_other_languages_of_the_pages_are_metadata() -> None:
    from briefgen.ingest.page_patterns import classify_pattern, clean_byline

    for byline in ("Escrito por Ana Ruiz", "Autor: Hans Kask", "Texto: Ana Ruiz", "Reportagem de Ana Ruiz"):
        assert classify_pattern(byline) == "X" and clean_byline(byline) == ("author", byline.split()[-2] + " "
                                                                           + byline.split()[-1]), byline
    for agency in ("Europa Press", "Lusa", "Agencia EFE", "Agências"):
        assert classify_pattern(agency) == "X" and clean_byline(agency)[0] == "publisher", agency
    for newsroom in ("Redacción", "La rédaction / AFP", "Redaktion"):
        assert classify_pattern(newsroom) == "X" and clean_byline(newsroom)[0] == "other", newsroom
    for text in ("Texto de la ley aprobada por el Congreso el lunes.",
                 "Autora de varios libros sobre el puerto, Ana Ruiz dijo que el cierre fue un error."):
        assert classify_pattern(text) is None, text


def test_a_paragraph_broken_into_lines_with_blank_lines_between_stays_text() -> None:
    page = ("Storm closes ferry crossings to Saaremaa\n\n"
            "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry\n\n"
            "company stopped all crossings until engineers have checked the landing stages of both piers.\n\n"
            "Islanders, engineers, ferry crews and the regional governor watched the repairs,\n\n"
            "which began on Sunday.\n\n"
            "Last winter, a smaller storm closed the north pier for three days and cut off the\n\n"
            "Muhu, Kuivastu, Virtsu and Rohuküla harbours.\n\n"
            "The ferry company said the first crossings could resume on Tuesday if the piers hold.\n")
    kinds = _kinds(" date 2023-03-04 " + page)
    for line in ("Islanders, engineers, ferry crews and the regional governor watched the repairs,",
                 "Muhu, Kuivastu, Virtsu and Rohuküla harbours."):
        assert kinds[line] == "M", line


def test_a_deck_under_a_headline_shown_twice_is_text() -> None:
    page = ("Storm closes ferry crossings to Saaremaa\n\nStorm closes ferry crossings to Saaremaa\n\n"
            "Islanders face a weekend without a link to the mainland as engineers check the piers\n\n"
            "By Harbour Desk\n\nWaves break over the north pier on Friday. Photo: Mari Tamm/REUTERS\n\n"
            "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
            "stopped all crossings until engineers have checked the landing stages.\n\n"
            "Islanders who need hospital care will be flown to the mainland, the regional government said.\n")
    kinds = _kinds(" date 2023-03-04 " + page)
    assert kinds["Islanders face a weekend without a link to the mainland as engineers check the piers"] == "M"


def test_keywords_in_lower_case_without_a_function_word_are_a_tag_list() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    assert classify_pattern("storm ferry saaremaa piers kuivastu estonia") == "F"
    for text in ("the ferry company said it would", "ferry crossings resume"):
        assert classify_pattern(text) is None, text


def test_teasers_under_a_related_heading_in_another_language_are_furniture() -> None:
    story = ("Huelga portuaria paraliza las exportaciones de cobre en Valparaíso\n\nPor Ana Ruiz\n\n"
             "Los trabajadores portuarios de Valparaíso mantuvieron cerrado el puerto el lunes por tercer día "
             "consecutivo, lo que detuvo los envíos de cobre mientras las negociaciones seguían estancadas.\n\n"
             "El sindicato dijo que sus miembros no volverían al trabajo hasta que la autoridad aceptara "
             "restablecer el pago del turno de noche.\n\nNoticias relacionadas\n\n{}\n")
    teaser = ("El banco central sube las tasas de interés por cuarta vez este año y advierte sobre la inflación "
              "persistente en los alimentos.")
    kinds = _kinds(" date 2022-03-14 " + story.format(teaser))
    assert kinds["Noticias relacionadas"] == "F" and kinds[teaser] == "F"
    follow_up = ("Los trabajadores portuarios de Valparaíso votarán el martes si aceptan la oferta de la autoridad "
                 "sobre el turno de noche.")
    assert _kinds(" date 2022-03-14 " + story.format(follow_up))[follow_up] == "M"


def test_a_read_also_link_inside_the_story_does_not_end_it() -> None:
    from briefgen.ingest.page_patterns import is_more_stories_heading

    assert not is_more_stories_heading("Lire aussi") and not is_more_stories_heading("Lesen Sie auch")
    assert is_more_stories_heading("Notícias relacionadas") and is_more_stories_heading("Te puede interesar")


def test_headline_keeps_the_clause_whole_around_appositions_and_participles() -> None:
    from briefgen.ingest.digest import headline_from_lede

    cases = {
        # A ", which ..." clause that runs to the sentence's end is no apposition: cutting it out left
        # the sentence's last word hanging after the main clause.
        "The island of Chiloé was struck by a strong earthquake on March 3, which was followed by floods that "
        "reached the harbour of its capital, Castro.": "Island of Chiloé struck by strong earthquake",
        # "Most nights," opens the sentence: the apposition is the one after the subject.
        "Most nights, the narrow streets of Bellavista, the busy bar district of the capital Santiago, are full "
        "of students and tourists.": "Narrow streets of Bellavista are full of students and tourists",
        # A trailing participle clause is dropped whole, not cut after its first noun.
        "Farmers from the southern valleys blocked the main road into Osorno on Monday, bringing traffic to a "
        "halt across the region and stranding hundreds of lorries.":
            "Farmers from the southern valleys block the main road into Osorno",
        "In a blow to the regional government, farmers from the southern valleys blocked the main road into Osorno "
        "on Monday, 3 June, bringing traffic to a halt across the region and stranding hundreds of lorries.":
            "Farmers from the southern valleys block the main road into Osorno",
        "Osorno--Floodwater from the river Rahue reached the market hall and the old station on Sunday night.":
            "Floodwater from the river Rahue reaches the market hall and the old station",
    }
    for lede, headline in cases.items():
        assert headline_from_lede(lede) == headline


@pytest.mark.parametrize(("lede", "headline"), [
    # an aside between dashes, and an attribution to another paper
    ("Marta Quispe — the engineer who led the bridge inspection team in Osorno — has resigned from the regional "
     "transport board, per the Osorno Herald.", "Marta Quispe resigns from the regional transport board"),
    # a subordinate clause before the main one
    ("While the northern valleys were spared the worst of the storm on Tuesday, the river at Osorno burst its banks "
     "with three metres of water.", "River at Osorno bursts its banks with three metres of water"),
    # an opening phrase with its own apposition
    ("During the second night of protests over the closure of the mill, a plant that employed half the town, "
     "workers in Lota blocked the coast road, forcing buses to turn back.",
     "Workers in Lota block the coast road, forcing buses to turn back"),
    # a date's own commas are not the sentence's
    ("The port authority on Monday, March 3, closed the harbour at Lota to all fishing boats until the storm passes.",
     "Port authority closes the harbour at Lota to all fishing boats until the storm passes"),
    # a link the scraper lost leaves "at ." behind
    ("Ferries were halted at the harbour on Monday and the coast road closed at . Officials gave no date.",
     "Ferries halted at the harbour and the coast road closed"),
    # "30 years after" is a time phrase, not a clause break
    ("The Osorno choir have been crowned champions 30 years after they first won the title when it was held in Lota.",
     "Osorno choir crowned champions 30 years after they first won the title"),
    # "the clearest and sharpest map" is one phrase; a cut keeps the verb
    ("The regional observatory has released the clearest and sharpest radio map of the whole southern sky from its "
     "new dish at Lota.", "Regional observatory releases the clearest and sharpest radio map of the whole southern sky"),
    ("Two landslides near the old mine entrance of the Lota coal field buried four houses and injured more than "
     "20 people early on Sunday morning, officials said.",
     "Two landslides near the old mine entrance of the Lota coal field bury four houses"),
    # a gerund subject is no opening phrase: "Fighting breaks out in ..., Osorno, as ..."
    ("Fighting broke out in the region's capital, Osorno, as a long quarrel between the two mining unions over "
     "night-shift pay turned violent at the gates of the mill.", "Fighting breaks out in the region's capital, Osorno"),
    # a newsroom's credit, or a byline run into the dateline, is no part of the headline
    ("Lota Bureau: A landslide near the old mine entrance of the Lota coal field on Tuesday buried four houses and "
     "a school bus, according to the mayor.", "Landslide near the old mine entrance of the Lota coal field buries four houses"),
    ("By Ana Ruiz and Li Wei LOTA, Chile (Herald) – The mayor of Lota, the town's longest-serving official, resigned "
     "on Friday hours after he was questioned by police.", "Mayor of Lota resigns hours after he was questioned by police"),
    ("Lota, Jan. 4 (Herald)--A strong earthquake, the largest in the region for a decade, shook the coal town on "
     "Monday.", "Strong earthquake shakes the coal town"),
    ("Thursday, 4, May, 2023 – The mayor of Lota has resigned after a row over the mine.",
     "Mayor of Lota resigns after row over the mine"),
    # a name given with its acronym is named by it; a place and an agency in capitals are a dateline
    ("Chile's National Mining Safety Service (NMSS) has ordered the Lota Coal Company (LCC)to close two galleries "
     "after the collapse, officials said.", "Chile's NMSS orders the LCC to close two galleries"),
    # the acronym stands for the last words of the name, even when a word of them came earlier too
    ("The Lota Council of Lota Miners (LM) voted on Monday to strike for a week at every pit.",
     "Lota Council of LM votes to strike for week at every pit"),
    ("LOTA. SURNEWS - The regional council voted to close the old coal mine over safety fears on Friday.",
     "Regional council votes to close the old coal mine over safety fears"),
    ("The harbour and the old pier may have been spared by the storm but other towns along the coast were not.",
     "Harbour and the old pier may have been spared by the storm"),
    # "at least" is no phrase to cut before; "as" before a role is no clause; "is an update" keeps its article
    ("A collapse of two galleries in the old Lota coal mine on Tuesday killed at least eight miners, including two "
     "foremen, and injured 40.", "Collapse of two galleries in the old Lota coal mine kills at least eight miners"),
    ("While the union has been meeting since dawn in the mine's canteen with managers who have refused its demands, "
     "two police units have been sent as reinforcements from Osorno to guard the gates.",
     "Two police units sent as reinforcements from Osorno to guard the gates"),
    ("This week's report on the Lota mine closures is an update to the report of 10 June, with new figures.",
     "This week's report on the Lota mine closures is an update to the report of 10 June"),
    # a clause in apposition before the sentence's verb goes; the name in apposition stays with it
    ("In the mayoral election on Sunday, the candidate of the miners' union, Ana Ruiz, who wants the mine reopened, "
     "won.", "Candidate of the miners' union Ana Ruiz wins"),
    # who said it goes, and a day goes with the word that bounds it; "Friday's attack" keeps its day
    ("Firefighters fought a barn fire near Lota through Thursday night, the county rescue service said.",
     "Firefighters fight a barn fire near Lota"),
    ("The storm destroyed 40 homes in the village, the mayor told reporters.",
     "Storm destroys 40 homes in the village"),
    ("Police arrested a man after Friday's attack at the harbour, officials said.",
     "Police arrest man after Friday's attack at the harbour"),
])
def test_a_headline_from_the_lede_is_a_whole_clause(lede: str, headline: str) -> None:
    from briefgen.ingest.digest import headline_from_lede

    assert headline_from_lede(lede) == headline


@pytest.mark.parametrize(("line", "kind"), [
    # script leftovers, live labels, update notes, prompts
    ("undefined", "F"), ("Live updates", "F"), ("Read.", "F"),
    ("This is a developing story. Please check back for updates.", "F"),
    ("Read Next: Ferry operator's debts revealed", "F"), ("Courtesy of Ana Ruiz, Lota Herald", "F"),
    ("Details later…", "F"), ("We'll update this story as it develops.", "F"), ("In the same category", "F"),
    ("Read the Osorno Herald story here.", "F"), ("Comments powered by Disqus", "F"),
    ("See our Comments Policy before you post.", "F"), ("Click on the link below to hear the interview...", "F"),
    ("Latest Chile News", "F"), ("Mine strike: Full coverage", "F"),
    ("This is developing news. Check back for updates.", "F"), ("[ACTUALIZAMOS LA INFORMACIÓN DEL PUERTO]", "F"),
    ("(Copyright 2023 The Lota Herald. All rights reserved. This material may not be published, broadcast.)", "F"),
    ("Image copyright Lota Herald", "F"), ("3/05/23 - 14u20 Bron: Belga", "X"),
    # an embedded post: a name made a hashtag, or hashtags at the end
    ('"The strike is over," says Ana #Ruiz', "F"), ("Miners vote tonight on the offer #Lota #strike2023", "F"),
    ("For the full story, go to loteherald.cl.", "F"), ("Hear the full interview below.", "F"),
    ("Email newsletter signup", "F"), ("Lee en español: Huelga en la mina de Lota", "F"), ("1 of 30", "F"),
    ("MIRÁ TAMBIÉN Cierra la mina de Lota", "F"), ("Ana Ruiz @anaruiz_lota", "F"),
    ("Com informações do Estadão Conteúdo.", "X"), ("BBC", "X"),
    ("More of the Herald's coverage of the mine strike can be found at heraldmines.", "F"), ("The old pier gave way in the storm. (By Associated Press)", "F"),
    # stamps, credits and newsroom bylines
    ("(Last Updated On: )", "X"), ("via: Osorno Herald", "X"), ("AP Business Writer", "X"),
    ("Lota Herald Staff (Updated May 3)", "X"), ("2 травня", "X"),  # a date in Ukrainian
    ("Nov", "X"), ("Thu.", "X"),  # a date block's month or day over its number
    ("*Com informações da Lusa (agência de notícias de Portugal)", "X"), ("Edycja tekstu: Jan Nowak", "X"),
    ("You can reach Staff Writer Mari Tamm at 555-0100", "X"), ("Saare Raadio - 4 mars 2023", "X"),
    ("This article has 3 comment(s), give your comment", "F"),
    ("Veja os vídeos:", "F"), ("Regardez la vidéo", "F"), ("Dans : Tempête.", "F"),
    ("Читайте также: Паромы снова ходят на Сааремаа", "F"), ("Čtěte také: Trajekty opět jezdí", "F"),
    ("A graphic of the area where the storm tore up the piers", "F"),
    ("By Mari Tamm and Jaan Kask @SaareNews", "X"), ("– SN, ERR ONLINE", "X"), ("Kuressaare, Estonia, Mar. 4", "X"),
    ("Mari Tamm - SN4 Mar, 2023, 11:28 / atualizado em 4 Mar, 2023, 13:57 | Ilha", "X"),
    ("The Island Herald March 4, 2023", "X"), ("1 hour ago 3,240 Views No Comments", "F"),
    ("Vote Up0Vote Down  Reply", "F"), ("VIAC O TÉME: Búrka na Saaremaa", "F"),
    ("Burmistrz Kuressaare Jan Nowak / Mari Tamm / PAP", "F"),
    ("Islanders carry sandbags to the harbour on Friday night. [Mari Tamm/Saare News]", "F"),
    # captions by the agencies' formulas and the pages' words for "in the photo"
    ("General view of the harbour after the storm tore up two piers in Kuressaare", "F"),
    ("MARI TAMM/Saare News Islanders queue for the last ferry before the storm.", "F"),
    ("Zdjęcie Na zdjęciu archiwalnym burmistrz Kuressaare / Jan Nowak /PAP", "F"),
    ("Sur la photo, le maire de Kuressaare devant le port détruit.", "F"),
    ("Le maire lors d'une visite du port le 04/03/2023 à Kuressaare. Saare Raadio/Ph. Mari Tamm | Agrandir", "F"),
    # sentences that only look like them
    ("None of the passengers was hurt.", None), ("Courtesy is the rule on the ferry.", None),
    ("More coverage of the strike is planned for the regional papers, the union said.", None),
    ("The #NoMoreShifts protests spread to Osorno on Friday, organisers said.", None),
    ("Strikers Shout #NoMoreShifts As Mine Talks Collapse", None),  # a title-cased headline's hashtag
])
def test_lines_known_by_their_own_words(line: str, kind: str | None) -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    assert classify_pattern(line) == kind


def test_a_blogs_comment_thread_and_a_post_opening_on_an_emoji_are_not_the_story() -> None:
    story = (" date 2023-03-04 Storm closes ferry crossings to Saaremaa\n\n"
             "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
             "stopped all crossings until engineers have checked the landing stages.\n\n"
             "⚠️ Ferry crossings to Saaremaa cancelled until further notice #storm\n\n"
             "Islanders who need hospital care will be flown to the mainland, the regional government said.\n\n")
    comments = ("Comments\n\n  • Mari says:\n    March 4, 2023 06:28 pm\n    They never fix those piers in time.\n"
                "  • Jaan K says:\n    March 4, 2023 07:02 pm\n    The airport is the only way out now.\n")
    kinds = _kinds(story + comments)
    assert kinds["⚠️ Ferry crossings to Saaremaa cancelled until further notice #storm"] == "F"
    for line in ("• Mari says:", "They never fix those piers in time.", "• Jaan K says:",
                 "The airport is the only way out now."):
        assert kinds[line] == "F", line
    assert kinds["Islanders who need hospital care will be flown to the mainland, the regional government said."] \
        == "M"


def test_rows_of_one_shape_in_the_story_are_kept_together() -> None:
    page = (" date 2023-03-12 Island basketball finals\n\nBy Harbour Desk\n\n"
            "KURESSAARE (Saare News) - The island's school basketball season came to a close on Saturday with four "
            "finals in the new sports hall.\n\n"
            "North Harbour Academy def. Lighthouse School (G), 35-34\n\nOrissaare def. Kihelkonna (B), 50-44\n\n"
            "Salme-Torgu def. Leisi (B), 49-43\n\nValjala Upper Secondary def. Leisi (G), 59-34.\n\n"
            "The coach of the winning girls' team said the last minute was the longest of her career, and that the "
            "players had earned every point.\n")
    kinds = _kinds(page)
    for row in ("North Harbour Academy def. Lighthouse School (G), 35-34", "Orissaare def. Kihelkonna (B), 50-44",
                "Salme-Torgu def. Leisi (B), 49-43", "Valjala Upper Secondary def. Leisi (G), 59-34."):
        assert kinds[row] == "M", row


def test_a_page_in_cyrillic_keeps_every_paragraph_and_its_summary() -> None:
    # Lines were told apart by their Latin letters only: every Cyrillic line had the same empty key,
    # so two paragraphs read as one caption shown twice and the summary as the title repeated.
    paragraphs = ("Сильный шторм в пятницу вечером разрушил два причала на острове Сааремаа, и паромная "
                  "компания остановила все рейсы до проверки.",
                  "Жители острова, которым нужна помощь врачей, будут доставлены на материк вертолётом, "
                  "сообщило правительство региона.",
                  "Ремонт причалов может занять несколько недель, сказал представитель паромной компании.")
    page = " date 2023-03-04 Шторм закрыл паромную переправу на Сааремаа\n\nФото: Мари Тамм\n\n" + \
        "\n\n".join(paragraphs) + "\n"
    kinds = _kinds(page)
    assert [kinds[p] for p in paragraphs] == ["M", "M", "M"]
    draft, _ = extract(read_text(page, "seeds/shtorm.txt", "0" * 64), SiteConfig())
    assert draft is not None and draft.title == "Шторм закрыл паромную переправу на Сааремаа"
    assert draft.summary.startswith("Сильный шторм")


def test_a_byline_over_its_stamp_and_a_credited_caption_shown_twice_are_not_the_story() -> None:
    page = (" date 2023-03-04 Storm closes ferry crossings to Saaremaa\n\n"
            "A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
            "stopped all crossings until engineers have checked the landing stages.\n\n"
            "By Associated Press Saturday 4 Mar 2023, 7:44 AM\n1 hour ago 3,240 Views No Comments\n\n"
            "The north pier damaged by the storm in Kuressaare.\nImage: Saare News via AP\n"
            "The north pier damaged by the storm in Kuressaare.\n\n"
            "Islanders who need hospital care will be flown to the mainland, the regional government said.\n")
    kinds = _kinds(page)
    assert kinds["By Associated Press Saturday 4 Mar 2023, 7:44 AM"] == "X"
    assert kinds["1 hour ago 3,240 Views No Comments"] == "F"
    assert kinds["The north pier damaged by the storm in Kuressaare."] == "F"
    assert kinds["Islanders who need hospital care will be flown to the mainland, the regional government said."] \
        == "M"


def test_a_long_sentence_over_the_byline_is_the_lede_not_the_headline() -> None:
    page = (" date 2023-05-02 Lota's harbour office reported late on Monday several boats sunk and heavy damage to the "
            "piers in the small fishing town on the coast.\n\nvia: Osorno Herald\n\n"
            "Fishermen said the swell came without warning and lifted boats onto the quay.\n\n"
            "The harbour office said repairs to the piers would take months and cost millions of pesos.\n")
    text = page.split(" ", 3)[3]
    cleaned = clean_page(text)
    assert cleaned.headline is None
    assert cleaned.kinds.startswith("M.X.M")


def test_summary_bullets_under_the_headline_are_text_and_cut_teasers_are_not() -> None:
    page = """ date 2023-05-02 Skip to main content
Lota ferry operator collapses, stranding island residents

  • The ferry company stopped all sailings at midnight
  • 4,000 islanders have no other way to the mainland
  • A replacement boat is promised
Live Blog
  • 2 May 2023, 09:10

Harbour queue grows as ferry company fails...
Fishing quotas cut for a third year...
New bridge plan goes to the council...

THE ferry company that has served the islands off Lota for forty years stopped all sailings at midnight, leaving four thousand residents without a way to the mainland.

The regional government said it would charter a replacement boat within a week and pay the ferry's crews until then.
"""
    kinds = _kinds(page)
    for bullet in ("• The ferry company stopped all sailings at midnight",
                   "• 4,000 islanders have no other way to the mainland", "• A replacement boat is promised"):
        assert kinds[bullet] == "M", bullet
    assert kinds["Live Blog"] == "F"
    for teaser in ("Harbour queue grows as ferry company fails...", "Fishing quotas cut for a third year...",
                   "New bridge plan goes to the council..."):
        assert kinds[teaser] == "F", teaser
    draft, _ = extract(read_text(page, "seeds/ferry.txt", "0" * 64), SiteConfig())
    assert draft is not None
    assert draft.summary.startswith("THE ferry company")  # the lede, not a bullet
    assert ("- The ferry company stopped all sailings at midnight\n- 4,000 islanders have no other way to the "
            "mainland\n- A replacement boat is promised\n") in draft.body  # the bullets, as one list


def test_a_first_line_lede_over_a_short_prompt_stays_text() -> None:
    page = """ date 2023-05-02 Sad news from the coast. The Lota ferry operator collapsed overnight, stranding thousands of island residents.

Details below…

The company that has served the islands off Lota for forty years stopped all sailings at midnight, its owners said in a short statement.

The regional government said it would charter a replacement boat within a week and pay the ferry's crews until then.
"""
    kinds = _kinds(page)
    assert kinds["Details below…"] == "F"
    first = "Sad news from the coast. The Lota ferry operator collapsed overnight, stranding thousands of island residents."
    assert kinds[first] == "M"


def test_a_first_line_told_with_has_and_a_full_stop_is_the_lede_however_many_names_it_holds() -> None:
    page = (" date 2023-05-02 Former Harbour Master Ana Ruiz Quispe has defeated the incumbent Mayor Tomás Vera in "
            "the Lota Municipal Election runoff.\n\n"
            "What Happened: Ruiz received 52% of the votes while Vera got 48%, the electoral office said on Monday.\n\n"
            "Ruiz is due to take office on June 1 and has promised to reopen the ferry line to the islands.\n")
    cleaned = clean_page(page.split(" ", 3)[3])
    assert cleaned.headline is None
    assert cleaned.kinds.startswith("M.M.M")


def test_a_headline_from_the_slug_drops_media_labels_and_keeps_decimal_points() -> None:
    from briefgen.ingest.digest import headline_from_url

    text = "A 6.4-magnitude earthquake shook Osorno on Sunday, and the coast road to Lota was closed."
    url = "https://example.org/news/strong-6-4-magnitude-earthquake-shakes-osorno-closes-coast-road-photo-video"
    assert headline_from_url(url, text) == "Strong 6.4 magnitude earthquake shakes Osorno closes coast road"
    # without "6.4" in the text the figures stay as the slug has them
    assert headline_from_url(url, "An earthquake shook Osorno.") == \
        "Strong 6 4 magnitude earthquake shakes Osorno closes coast road"


def test_a_line_the_scraper_cut_off_is_neither_a_key_point_nor_a_sub_heading() -> None:
    page = """ date 2023-05-02 Lota ferry operator collapses, stranding island residents

The ferry company that has served the islands off Lota for forty years stopped all sailings at midnight.

Four thousand islanders now have no other way to reach the mainland, the harbour office said on Tuesday.

The regional government said it would charter a replacement boat within a week and pay the crews until then.

Fishermen offered to carry passengers in the meantime, but the harbour office said their boats were not licensed.

Islanders who need to travel are advised to call the harbour office on

The ferry's owners blamed fuel prices and a fall in tourist numbers since the bridge plan was announced in the spri
"""
    draft, _ = extract(read_text(page, "seeds/ferry.txt", "0" * 64), SiteConfig())
    assert draft is not None
    assert "## Islanders who need" not in draft.body and "Islanders who need to travel" in draft.body
    assert draft.key_points and all(point.endswith(".") for point in draft.key_points)


def test_a_headline_from_the_slug_is_spelt_as_the_text_spells_it_mid_sentence() -> None:
    from briefgen.ingest.digest import headline_from_url

    text = ("U.S. ferry fares rose again. Fuel costs drove the rise, the operator said. FUEL COSTS EXPLAINED\n"
            "Analysts said fuel would stay dear. Osorno’s harbour office told us it expected more rises.")
    url = "https://example.org/business/us-ferry-fares-rise-as-fuel-costs-hit-osornos-harbour"
    assert headline_from_url(url, text) == "U.S. ferry fares rise as fuel costs hit Osorno’s harbour"


def test_a_headline_from_the_slug_gets_its_accents_back_and_loses_what_an_id_left_hanging() -> None:
    from briefgen.ingest.digest import headline_from_url

    text = "Le président a été élu dimanche à Osorno. Les électeurs ont élu le président avec 65% des voix."
    assert headline_from_url("https://example.org/politique/osorno-election-le-president-elu-dimanche-html", text) \
        == "Osorno election le président élu dimanche"
    assert headline_from_url("https://example.org/sport/kick-off-times-for-the-cup-in-osorno-and-lo-b77", "") \
        == "Kick off times for the cup in osorno"  # "-lo-b77", an id, gone, and the "and" it left
    assert headline_from_url("https://example.org/explainers/ferry-strike-what-is-going-on", "") \
        == "Ferry strike what is going on"
    # a word the article quotes keeps its accent, not the quote: the 'procés'
    assert headline_from_url("https://example.org/es/ultima-hora-juicio-del-proces", "El juicio del 'procés' sigue.") \
        == "Ultima hora juicio del procés"


def test_an_embedded_post_of_two_lines_is_furniture_both_lines() -> None:
    page = """ date 2023-05-02 Lota ferry operator collapses, stranding island residents
The ferry company that has served the islands off Lota for forty years stopped all sailings at midnight, its owners said.
The regional governor answered within the hour, writing on social media:
"We will not leave four thousand islanders cut off from the mainland.
A replacement boat will sail by Friday" #Lota #ferry pic.twitter.com/Ab12Cd34
— Regional Governor (@LotaGovernor) May 2, 2023
The harbour office said the replacement boat would carry passengers and freight, and the crews would be paid until then.
"""
    kinds = _kinds(page)
    assert kinds['"We will not leave four thousand islanders cut off from the mainland.'] == "F"
    assert kinds['A replacement boat will sail by Friday" #Lota #ferry pic.twitter.com/Ab12Cd34'] == "F"
    assert kinds["The regional governor answered within the hour, writing on social media:"] == "M"


def test_a_gallery_of_captions_each_over_a_name_slash_agency_credit_is_furniture() -> None:
    page = """ date 2023-05-02 The ferry company that has served the islands off Lota for forty years stopped all sailings at midnight, stranding four thousand residents, its owners said.
Islanders wait on the quay at Lota after the last ferry left on Monday night.
Ana Ruiz/AP
Harbour staff tie up the company's two ferries at the north pier in Lota, Chile.
Tomás Vera/EFE
A fisherman carries a neighbour's shopping across the harbour in his boat.
Ana Ruiz/AP
"""
    kinds = _kinds(page)
    for line in ("Harbour staff tie up the company's two ferries at the north pier in Lota, Chile.",
                 "A fisherman carries a neighbour's shopping across the harbour in his boat.", "Ana Ruiz/AP"):
        assert kinds[line] == "F", line


def test_a_sentence_of_few_function_words_between_story_paragraphs_stays_text() -> None:
    page = """ date 2023-05-02 Skip to content
Lota ferry operator collapses, stranding island residents
The ferry company that has served the islands off Lota for forty years stopped all sailings at midnight, leaving four thousand residents without any way to reach the mainland, its owners said on Tuesday.
The regional government said it would charter a replacement boat within a week and would pay the crews of the ferry company until then, as it had done during the strike of the previous winter.
Mr Vera’s six-year rule was criticised for alleged safety breaches, corruption, a failing fleet and massive delays.
Analysts say owner Tomás Vera, 61, overextended Lota Ferries buying two new vessels.
He now faces the daunting task of explaining to the islanders how the company he ran for years could fail overnight.
Share this article
"""
    kinds = _kinds(page)
    assert kinds["Analysts say owner Tomás Vera, 61, overextended Lota Ferries buying two new vessels."] == "M"


def test_a_story_paragraph_ending_on_its_agency_mark_is_text_and_a_one_sentence_caption_is_not() -> None:
    from briefgen.ingest.page_patterns import is_caption

    assert is_caption("Islanders wait on the quay at Lota after the last ferry left. (Reuters)")
    assert not is_caption("Witnesses said the ferry's engine failed off the north pier. The crew of six was rescued "
                          "by fishermen from Lota. (AP)")


def test_a_fixture_list_inside_the_story_is_text_and_a_list_of_links_is_not() -> None:
    page = """ date 2023-05-02 Skip to content
Osorno and Lota drawn together in the regional cup
The draw for the third round of the regional football cup was made in Osorno on Monday, and the two biggest clubs of the coast will meet for the first time in twenty years, organisers said.
Osorno v Lota
Puerto Montt v Valdivia
Ancud v Castro or Chonchi
Matches will be played on the weekend of 20 May, with the final in Osorno in July, the regional football association said in a statement on its website.
Kick-off times (local time):
12:00 PM: third round, Saturday games
6:00 PM: third round, Sunday games and the replays
Sport
Weather
Contact us
"""
    kinds = _kinds(page)
    for fixture in ("Osorno v Lota", "Puerto Montt v Valdivia", "Ancud v Castro or Chonchi",
                    "12:00 PM: third round, Saturday games",
                    "6:00 PM: third round, Sunday games and the replays"):
        assert kinds[fixture] == "M", fixture
    for link in ("Sport", "Weather", "Contact us"):
        assert kinds[link] == "F", link


def test_a_table_of_results_after_the_story_is_the_storys() -> None:
    page = """ date 2023-05-21 Osorno won the regional cup for the first time in twenty years on Sunday, beating Lota 2-1 in a final played in heavy rain in front of eight thousand fans.

Goals from the two brothers of the Vera family decided a match that Lota had led at half-time, and the town celebrated until late at night.

Knockout results

Final

Sunday 21 May

Osorno 2-1 Lota (Osorno, Estadio Municipal)

Semi-finals

Saturday 13 May

Osorno 3-0 Ancud (Osorno)

Lota 1-1 Valdivia (aet, Lota win 4-3 on pens) (Lota)

Award winners

Best Player: Ana Vera (Osorno)

Top Scorer: Tomás Ruiz (Lota)
"""
    kinds = _kinds(page)
    for line in ("Knockout results", "Final", "Sunday 21 May", "Osorno 2-1 Lota (Osorno, Estadio Municipal)",
                 "Lota 1-1 Valdivia (aet, Lota win 4-3 on pens) (Lota)", "Top Scorer: Tomás Ruiz (Lota)"):
        assert kinds[line] == "M", line


def test_readers_comments_after_the_story_are_furniture() -> None:
    page = """ date 2023-05-02 The ferry company that has served the islands off Lota for forty years stopped all sailings at midnight, stranding four thousand residents, its owners said.
The regional government said it would charter a replacement boat within a week and pay the crews until then.
Fishermen offered to carry passengers in the meantime, but the harbour office said their boats were not licensed.
harbourwatcher
What a disgrace. Forty years and this is how it ends.
AnaR77
The islanders deserve better than this. Somebody should answer for it.
old salt
I worked on those ferries in the eighties. Sad day.
Really sad.
lotagirl
Hope the new boat comes soon.
kw
@AnaR77 agreed.
"""
    kinds = _kinds(page)
    for line in ("harbourwatcher", "What a disgrace. Forty years and this is how it ends.", "AnaR77",
                 "I worked on those ferries in the eighties. Sad day.", "@AnaR77 agreed."):
        assert kinds[line] == "F", line
    assert kinds["Fishermen offered to carry passengers in the meantime, but the harbour office said their boats "
                 "were not licensed."] == "M"


def test_a_lede_shown_above_the_headline_and_again_under_it() -> None:
    # Some pages print the story's description first, then a date block, the headline and the story.
    lede = ("LOTA (Herald) - The ferry company serving the islands has until noon (9.00 a.m. GMT) on Friday to "
            "resume sailings or lose its licence, the port authority said.")
    text = (f"{lede}\nNov\n20\nFerry company has until noon to resume sailings or lose licence\n{lede}\n"
            "Four thousand islanders have had no way to the mainland since the company stopped all sailings.\n")
    cleaned = clean_page(text)
    assert cleaned.headline == "Ferry company has until noon to resume sailings or lose licence"
    assert cleaned.kinds == "MXXHMM."
    assert [text for _, text, _ in cleaned.paragraphs].count(lede) == 1  # the briefing shows the lede once


def test_a_stop_inside_brackets_does_not_end_the_sentence() -> None:
    from briefgen.ingest.digest import headline_from_lede, split_sentences

    lede = "The company has until noon (9.00 a.m. GMT) on Friday to resume sailings. Islanders wait."
    assert split_sentences(lede) == ["The company has until noon (9.00 a.m. GMT) on Friday to resume sailings.",
                                     "Islanders wait."]
    assert "(" not in headline_from_lede(lede)


def test_a_headline_in_the_passive_beats_a_programme_name_above_it() -> None:
    text = ("Mornings with Ana Ruiz\n\nFerry captain arrested after crash in Lota harbour\n\n00:30\n\n"
            "The captain of the ferry that struck the pier in Lota on Saturday was arrested on Sunday, police said, "
            "after tests found he had been drinking.\n\n"
            "Twelve passengers were hurt when the ferry hit the pier in heavy fog.\n")
    assert clean_page(text).headline == "Ferry captain arrested after crash in Lota harbour"


def test_a_caption_under_its_credit_and_a_list_kept_whole() -> None:
    text = """The ferry company serving the islands off Lota stopped all sailings at midnight, the harbour office said.

Four thousand islanders now have no way to the mainland, and the school boat has stopped too.

Image copyright Lota Herald

Islanders waiting on the quay at dawn on Tuesday

The company's debts had grown for years, according to its accounts.

Ferry timeline

  • March 2019: Company wins the island contract for ten years after a tender in which two other operators took part
  • May 2021: Fares rise
  • June 2022: Second boat sold
  • January 2023: The harbour office warns the council that the company may not be able to pay its crews
"""
    kinds = dict(zip([line for line in text.split("\n")], clean_page(text).kinds, strict=True))
    assert kinds["Image copyright Lota Herald"] == "F"
    assert kinds["Islanders waiting on the quay at dawn on Tuesday"] == "F"
    assert kinds["  • May 2021: Fares rise"] == "M" and kinds["  • June 2022: Second boat sold"] == "M"


def test_embedded_posts_twin_captions_and_a_list_announced_by_a_colon() -> None:
    text = """The miners' union at Lota accepted the company's offer on Sunday, ending a strike of six weeks.

Ana Ruiz @anaruiz_lota

So proud of every one of you. Back to work on Monday!

The vote was close, and the union's leaders said they had expected a harder night.

The crowd outside the union hall at Lota on Sunday, May 7, 2023.
The crowd outside the union hall at Lota on Sunday, May 7, 2023.

The union's secretary read out the votes of each pit:

North pit - 412
South pit - 388
Old shaft - 97

The company said the mines would reopen on Monday morning, and that no miner would lose pay.
"""
    kinds = dict(zip(text.split("\n"), clean_page(text).kinds, strict=True))
    assert kinds["Ana Ruiz @anaruiz_lota"] == "F"
    assert kinds["So proud of every one of you. Back to work on Monday!"] == "F"
    assert kinds["The crowd outside the union hall at Lota on Sunday, May 7, 2023."] == "F"
    assert kinds["North pit - 412"] == kinds["South pit - 388"] == kinds["Old shaft - 97"] == "M"


def test_a_stamp_run_into_the_headline_is_left_out_of_it() -> None:
    text = ("Lota miners accept offer, ending six-week strike Published 12:49 pm Sunday, May 7, 2023\n\n"
            "The miners' union at Lota accepted the company's offer on Sunday, ending a strike of six weeks.\n\n"
            "The company said the mines would reopen on Monday morning, and that no miner would lose pay.\n")
    assert clean_page(text).headline == "Lota miners accept offer, ending six-week strike"


def test_a_caption_shown_again_with_its_credit_is_furniture() -> None:
    text = """Lota miners accept offer, ending six-week strike

By Ana Ruiz
May 7, 2023 8:52 AM
The scene of the union hall at Lota, near the old coal mine, where miners met on Sunday, May 7, 2023.
The scene of the union hall at Lota, near the old coal mine, where miners met on Sunday, May 7, 2023. (Coronel Fire and Rescue Service)

The miners' union at Lota accepted the company's offer on Sunday, ending a strike of six weeks.

The company said the mines would reopen on Monday morning, and that no miner would lose pay.
"""
    kinds = clean_page(text).kinds
    assert kinds.startswith("H.XXFF.M.M")


def test_the_story_goes_on_between_the_posts_it_embeds() -> None:
    text = """The miners' union at Lota accepted the company's offer on Sunday, ending a strike of six weeks.

Miners at the gates cheered the vote on Sunday night. pic.twitter.com/abc123
— Lota Herald (@lotaherald) May 7, 2023

Lota mayor Ana Ruiz summons emergency council meeting after street unrest. She also requested the police chief to send officers.
"""
    kinds = dict(zip(text.split("\n"), clean_page(text).kinds, strict=True))
    assert kinds["Lota mayor Ana Ruiz summons emergency council meeting after street unrest. She also requested the "
                 "police chief to send officers."] == "M"
    assert kinds["— Lota Herald (@lotaherald) May 7, 2023"] == "F"


_PIER_STORY = ("A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry company "
                "stopped all crossings until engineers have checked the landing stages.\n\n"
                "Islanders who need hospital care will be flown to the mainland, the regional government said.\n")


@pytest.mark.parametrize("first_line", [
    "Get alerts on Baltic news when a new story is published",
    "Liveblog: Baltic storms",
    "© . Waves break over the north pier of Saaremaa harbour as the storm reaches the island",
    "Reprodução/Twitter Waves break over the north pier",
    "The north pier of Saaremaa harbour under the waves, Foto: AFP",
])
def test_a_prompt_label_or_credited_caption_on_the_first_line_is_not_the_headline(first_line: str) -> None:
    cleaned = clean_page(f"{first_line}\n\n{_PIER_STORY}")
    assert cleaned.kinds[0] == "F"
    assert cleaned.headline is None or first_line not in cleaned.headline


def test_a_headline_beats_an_advert_above_it_and_the_breadcrumb_that_repeats_it() -> None:
    # headline grammar of the future ("X to vote on ...") tells the headline from the advert's name
    under_advert = clean_page("Harbour Family Motors: Kuressaare Ford Dealers\nSaaremaa: Islanders to vote on New "
                              f"Ferry Contract in May\n\nPosted On Sat. Mar 4th, 2023\n{_PIER_STORY}")
    assert under_advert.headline == "Saaremaa: Islanders to vote on New Ferry Contract in May"
    crumbs = clean_page("You are here: Home / News / Storm closes ferry crossings to Saaremaa\n\n"
                        f"Storm closes ferry crossings to Saaremaa\n\nMarch 4, 2023\n\n{_PIER_STORY}")
    assert crumbs.headline == "Storm closes ferry crossings to Saaremaa"


def test_a_headline_from_a_lede_not_in_english_loses_its_apposition_and_day_and_keeps_its_verbs() -> None:
    from briefgen.ingest.digest import headline_from_lede

    spanish = headline_from_lede("El alcalde de Valparaíso, el veterano sindicalista Jorge Soto, anunció este lunes "
                                 "el cierre del puerto durante tres días por el temporal.")
    assert spanish == "El alcalde de Valparaíso anunció el cierre del puerto durante tres días por el temporal"
    french = headline_from_lede("Le maire de Brest a annoncé ce dimanche la fermeture du port pour trois jours.")
    assert french == "Le maire de Brest a annoncé la fermeture du port pour trois jours"
    italian = headline_from_lede("Il sindaco ha confermato che la riunione prevista per lunedì si terrà in porto.")
    assert "per lunedì" in italian


_STAMPED_ENTRIES = (  # stamps of one day that differ by their time: entries, whatever their words
    "Engineers reach the north pier\n\nEngineers reached the north pier of Saaremaa by boat and began checking the "
    "landing stages for cracks.\n\n- 4 Mar 2023 12:05 PM GMT\n\nThe ferry company said the south pier had less "
    "damage than feared.\n\n- 4 Mar 2023 11:40 AM GMT\n\nGALE ALERT LIFTED!\n\nMeteorologists in Tallinn ended "
    "the gale alert for the Gulf of Riga at eleven o'clock.\n\n- 4 Mar 2023 11:15 AM GMT\n\nCrossings to Saaremaa "
    "will resume on Tuesday, the ferry company said.\n\n- 4 Mar 2023 10:50 AM GMT\n")
_TIMED_ENTRIES = (  # entries under their time, among entries of the same shape, an embedded post between
    "22:08 The harbour master counts the damage at the three piers of the island\n\n21:55 The ferry company "
    "expects to run the first crossing on Tuesday morning\n\nGale over Muhu #Saaremaa #storm\n\n21:40 Mayor Tamm: "
    "\"Kuivastu pier stays shut\"\n\nIn a short statement the mayor said that the pier at Kuivastu would stay shut "
    "until the engineers of the road board had checked every landing stage.\n\n21:20 The regional government asks "
    "islanders to stay at home until the wind has dropped\n")


@pytest.mark.parametrize(("entries", "kept"), [
    (_STAMPED_ENTRIES, ["Meteorologists in Tallinn ended the gale alert for the Gulf of Riga at eleven o'clock.",
                        "GALE ALERT LIFTED!"]),
    (_TIMED_ENTRIES, ["21:40 Mayor Tamm: \"Kuivastu pier stays shut\""]),
    # the last entry, after the last paragraph, and times written with a dot
    ("22.08. The harbour master counts the damage at the three piers of the island\n\n21.55. The ferry company "
     "expects to run the first crossing on Tuesday morning\n\nGale over Muhu #Saaremaa #storm\n\n21.40. Mayor Tamm: "
     "\"Kuivastu pier stays shut\"\n", ["21.40. Mayor Tamm: \"Kuivastu pier stays shut\""]),
])
def test_a_live_blogs_entries_stay_text(entries: str, kept: list[str]) -> None:
    kinds = _kinds(" date 2023-03-04 " + _FERRY_STORY + entries)
    assert all(kinds[line] == "M" for line in kept), kinds
    if "#storm" in entries:
        assert kinds["Gale over Muhu #Saaremaa #storm"] == "F"


def test_a_headline_from_a_lede_with_decimal_commas_an_agency_with_a_hyphen_or_a_romance_opening_phrase() -> None:
    from briefgen.ingest.digest import headline_from_lede
    from briefgen.ingest.page_patterns import classify_pattern

    assert headline_from_lede("Con el 91,20% de las mesas escrutadas, el alcalde Jorge Soto obtiene el 52,10% de los "
                              "votos contra el 47,90% de su rival.") \
        == "El alcalde Jorge Soto obtiene el 52,10% de los votos contra el 47,90% de su rival"
    assert headline_from_lede("TALLINN (dpa-AFX) - The ferry operator Saaremaa Line agreed on Monday to buy two "
                              "electric ferries from a Finnish yard.").startswith("Ferry operator Saaremaa Line agrees to buy")
    assert classify_pattern("KURESSAARE, Saaremaa (ERR) --") == "X"  # a dateline on a line of its own


def test_players_maps_counters_photo_notes_and_an_outlets_reporter_are_not_text() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    for furniture in ("EMBED More News Videos", "Watch a clip of the interview below:", "185546",
                      "Approximate map of the flooded villages", "This undated photo provided by the ferry company "
                      "shows the north pier of Kuivastu.", "STORM PHOTO: Drone footage shows the broken pier at Kuivastu"):
        assert classify_pattern(furniture) == "F", furniture
    assert classify_pattern("Police investigate at the scene of the pier's collapse in Kuivastu, Estonia, on Friday, "
                            "March 3, 2023. (Mari Tamm/The Saaremaa Harbour Gazette via AP)") == "F"
    assert classify_pattern("ERR's Mari Tamm") == "X"
    assert classify_pattern("See the full list of closed crossings below:") is None  # a story's lead-in to a list
    # a video's description under its player's label is the player's, not the story's
    page = ("Storm closes ferry crossings to Saaremaa\n\n" + _PIER_STORY + "\nEMBED More News Videos\n\n"
            "Drone footage shows the damage the storm did to the north pier at Kuivastu on Friday night.\n\n"
            "The ferry company said the first crossings could resume on Tuesday if the piers were declared safe.\n")
    kinds = {line: kind for line, kind in zip(page.split("\n"), clean_page(page).kinds, strict=False) if line}
    assert kinds["Drone footage shows the damage the storm did to the north pier at Kuivastu on Friday night."] == "F"
    assert kinds["The ferry company said the first crossings could resume on Tuesday if the piers were declared "
                 "safe."] == "M"


def test_a_line_that_brings_in_an_embedded_post_is_the_storys() -> None:
    posts = ("\nThe mayor of Kuressaare has tweeted his thanks\n\nThank you to every volunteer who filled sandbags "
             "tonight. We will rebuild the pier. pic.twitter.com/abc123 — Mayor Tamm (@kuressaare) March 4, 2023\n\n"
             "And from the ferry company's chief executive, Jaan Kask:\n\nOur crews worked through the night. — Jaan "
             "Kask, (@jaankask) March 4, 2023\n\nThe regional government said the crossings would resume on Tuesday.\n")
    kinds = _kinds(" date 2023-03-04 " + _FERRY_STORY + posts)
    assert kinds["The mayor of Kuressaare has tweeted his thanks"] == "M"
    assert kinds["And from the ferry company's chief executive, Jaan Kask:"] == "M"
    assert kinds["Our crews worked through the night. — Jaan Kask, (@jaankask) March 4, 2023"] == "F"


def test_a_sub_heading_many_stories_share_is_not_taken_for_a_sites_template() -> None:
    stories = ["Flooding closed the main bridge in Tarija on Tuesday, and officials in Bolivia said repairs would take "
               "a month.", "Bolivia's senate approved a new budget on Wednesday after a long debate about fuel "
               "subsidies in La Paz.", "Teachers in Sucre went on strike on Thursday over pay, closing most schools "
               "in the Bolivian city."]
    pages = [f"Tarija news {n}\n\nWhat happened?\n\n{lede}\n\nWHAT COMES NEXT:\n\nOfficials said they would meet "
             f"again in {city} next week to decide what to do about it.\n"
             for n, (lede, city) in enumerate(zip(stories, ("Tarija", "La Paz", "Sucre"), strict=True))]
    repeated = recurring_lines([(None, page) for page in pages])
    assert {"what happened", "what comes next"} <= repeated
    for page in pages:
        kinds = {line: kind for line, kind in zip(page.split("\n"), clean_page(page, repeated=repeated).kinds,
                                                  strict=False) if line}
        assert kinds["What happened?"] == "M" and kinds["WHAT COMES NEXT:"] == "M"


def test_a_paragraph_over_a_photos_credit_is_no_image_title() -> None:
    page = ("Storm closes ferry crossings to Saaremaa\n\n" + _PIER_STORY + "\nOn Sunday, spokesman Jaan Kask "
            "announced Saaremaa Line's decision: crossings closed until engineers finish inspections of all three "
            "piers, Kuivastu, Virtsu and Roomassaare; regional government covers repair costs, estimated at two "
            "million euros, from the reserve funds of the island (2023-2024).\n\nFoto: AFP\n\n"
            "The ferry company said the first crossings could resume on Tuesday if the piers were declared safe.\n")
    kinds = {line: kind for line, kind in zip(page.split("\n"), clean_page(page).kinds, strict=False) if line}
    assert kinds["Foto: AFP"] == "F"
    assert all(kind == "M" for line, kind in kinds.items() if line.startswith("On Sunday"))


def test_a_deck_that_is_the_ledes_first_sentence_is_not_a_caption_shown_twice() -> None:
    first = "Saaremaa Line plans to announce on Monday that it has ordered two electric ferries from a Finnish yard."
    page = (f"Saaremaa Line orders two electric ferries\n\n{first}\n\nferries, Saaremaa, Estonia, shipbuilding\n\n"
            f"{first[:-1]}, a source familiar with the matter said on Sunday. The order would be the largest in the "
            "company's history and would replace two diesel ships that are thirty years old.\n\n"
            "The company said the new ferries would enter service on the Virtsu route in 2026.\n")
    kinds = {line: kind for line, kind in zip(page.split("\n"), clean_page(page).kinds, strict=False) if line}
    assert [kind for line, kind in kinds.items() if line.startswith("Saaremaa Line plans")] == ["M", "M"]


def test_agency_captions_dividers_and_bracketed_labels_are_furniture_but_a_credited_lede_is_not() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    for furniture in ("***", "[REPORT]", "KURESSAARE, ESTONIA – MARCH 03: Islanders watch the waves break over the "
                      "north pier on March 03, 2023 in Kuressaare.", "Waves break over the north pier, Kuivastu, REUTERS",
                      "Islanders gather in front of the broken pier in Kuivastu on March 3, 2023. AFP",
                      "This combination of satellite images shows the pier before and after the storm.",
                      "Uncredited - handout one time use, Saaremaa Line"):
        assert classify_pattern(furniture) == "F", furniture
    for story in ("(AP/ERR) — The ferry company closed all crossings to Saaremaa on Friday night.",
                  "“We will rebuild the pier,” the mayor said in a statement. AFP"):
        assert classify_pattern(story) != "F", story


def test_a_short_sentence_and_a_lede_broken_into_lines_stay_text() -> None:
    page = ("Storm closes ferry crossings to Saaremaa\n\n|\n\nA winter storm\n\ntore up two piers on the island of "
            "Saaremaa on Friday night, and the ferry company stopped all crossings.\n\n"
            "Islanders who need hospital care will be flown to the mainland, the regional government said.\n\n"
            "Two ferries were damaged.\n\n"
            "The ferry company said the first crossings could resume on Tuesday if the piers were declared safe.\n")
    kinds = {line: kind for line, kind in zip(page.split("\n"), clean_page(page).kinds, strict=False) if line}
    assert kinds["|"] == "F" and kinds["A winter storm"] == "M" and kinds["Two ferries were damaged."] == "M"


def test_a_page_in_finnish_or_russian_with_english_posts_is_judged_in_its_own_language() -> None:
    from briefgen.ingest.languages import page_stopwords, stoplist

    finnish = ["Myrsky rikkoi Saarenmaan kaksi laituria perjantaina, ja lauttayhtiö keskeytti kaikki vuorot saarelle.",
               "Saarelaiset, jotka tarvitsevat sairaalahoitoa, lennätetään mantereelle, kertoi alueen hallitus.",
               "Lauttayhtiön mukaan ensimmäiset vuorot voivat alkaa tiistaina, jos laiturit todetaan turvallisiksi.",
               "Waves are breaking over the north pier in Kuivastu tonight and the crossing is closed for the night."]
    assert page_stopwords(finnish) == stoplist("Finnish")
    russian = ["Шторм разрушил два причала на острове Сааремаа в пятницу вечером, и паромная компания "
               "остановила все рейсы.", "Жителей острова, которым нужна помощь в больнице, доставят на "
               "материк по воздуху, сообщили власти региона."]
    assert page_stopwords(russian) == stoplist("Russian")
    english = ["The ferry company said the first crossings could resume on Tuesday if the piers were safe.",
               "Islanders who need hospital care will be flown to the mainland, the regional government said.",
               "Engineers from the road board will check every landing stage before the ferries sail again.",
               "El alcalde dijo que los muelles serán reparados antes del verano, según el gobierno regional."]
    assert page_stopwords(english) == page_stopwords(english[:3])  # a quote in Spanish leaves it English


def test_nordic_agency_marks_sources_in_other_scripts_and_widget_prompts_are_not_text() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    for metadata in ("NTB", "/ritzau/", "Ritzau Lørdag, 4. marts 2023 - 10:09", "Источник: ERR, Reuters"):
        assert classify_pattern(metadata) == "X", metadata
    for furniture in ("Like this: Like Loading...", "Volg hier de live-uitzending van de verkiezingsavond",
                      "STORM: Bølgerne slår over molen. Foto: Mari Tamm / Ritzau Scanpix / AFP Les mer"):
        assert classify_pattern(furniture) == "F", furniture


def test_a_teaser_of_the_lede_cut_short_above_the_lede_leaves_the_lede_as_text() -> None:
    lede = ("KURESSAARE: A winter storm tore up two piers on the island of Saaremaa on Friday night, and the ferry "
            "company stopped all crossings until engineers have checked the landing stages.")
    page = (f"{lede[:90]}...\n{lede}\nIslanders who need hospital care will be flown to the mainland by helicopter, "
            "the regional government said in a statement on Saturday morning.\n"
            "The ferry company said the first crossings could resume on Tuesday if the piers were declared safe.\n")
    kinds = clean_page(page).kinds
    assert kinds[0] == "F" and kinds[1] == "M"
    from briefgen.ingest.page_patterns import classify_pattern
    assert classify_pattern("Источник: ERR, Postimees, Saarte Hääl, the regional government of Saare County, the "
                            "ferry operator Saaremaa Line, the Estonian Transport Administration") == "X"


def test_a_cut_headline_never_ends_on_a_verb_whose_to_was_cut() -> None:
    from briefgen.ingest.digest import headline_from_lede

    title = headline_from_lede("TALLINN: Tallinn's busiest ring roads were blocked by snowdrifts and ferry passengers "
                               "were urged to stay away on Friday as the Estonian capital struggled to clear its streets "
                               "after the heaviest snowfall since records began.")
    assert not title.endswith(("were urged", "urged")), title


def test_photo_licences_reprint_notices_and_update_stamps_in_other_languages() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    for furniture in ("(Mari Tamm via Flickr/CC BY 2.0)", "In this image from video, the mayor of Kuressaare speaks "
                      "at the harbour on Friday.", "This copy is for your personal non-commercial use only."):
        assert classify_pattern(furniture) == "F", furniture
    for metadata in ("- Published", "Muokattu 4.3. kello 12.05: Otsikkoa korjattu.",
                     "Door de redactie geplaatst: zaterdag 4 maart 2023, 11:35 uur"):
        assert classify_pattern(metadata) == "X", metadata


def test_a_post_opening_on_a_hashtag_a_credited_photo_and_a_story_link_are_furniture() -> None:
    from briefgen.ingest.page_patterns import classify_pattern

    for furniture in ("#TempeteSaaremaa le port de #Kuivastu vient de fermer", "Story: Ferry operator orders two "
                      "electric ships", "Snow on the pier at Kuivastu. Photo: Mari Tamm. SH-230304-101010"):
        assert classify_pattern(furniture) == "F", furniture
    assert classify_pattern("#Saaremaa ferry crossings resume on Tuesday, the company says.") is None


def test_the_items_a_line_announces_stay_text_with_a_photo_caption_between() -> None:
    page = ("Storm closes schools on Saaremaa\n\n" + _PIER_STORY + "\nSchools on the island that managed to "
            "stay open yesterday, apart from the college in Kuressaare, have announced closures this morning. "
            "These are:\n\nSnow on the pier at Kuivastu. Photo: Mari Tamm. SH-230304-101010\n\n"
            "- Kuressaare Gymnasium\n\n- Orissaare School\n\n- Muhu Basic School\n")
    kinds = {line: kind for line, kind in zip(page.split("\n"), clean_page(page).kinds, strict=False) if line}
    assert kinds["Snow on the pier at Kuivastu. Photo: Mari Tamm. SH-230304-101010"] == "F"
    assert [kinds[f"- {school}"] for school in ("Kuressaare Gymnasium", "Orissaare School", "Muhu Basic School")] \
        == ["M", "M", "M"]
