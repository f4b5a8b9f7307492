"""Article text + the site's taxonomy → topic slugs, most central first.

Takes a title, the article's paragraphs and ``SiteConfig.topics``; gives a tuple of slugs of that
taxonomy. Each default topic (``config.DEFAULT_TOPICS``) has a list of weighted keywords and
phrases (``word*`` matches any ending; all-capital acronyms match case-sensitively); a mention in
the title counts 3x, in the lede 1.5x, and a word repeated many times saturates, so one noisy
word cannot carry a topic. A custom taxonomy from ``briefgen.toml`` degrades gracefully: a topic
whose slug or label matches a default topic borrows its keywords, and every topic also matches
the content words of its own label and description.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..config import TopicDef

# slug → "term, term*, multi word phrase, term:weight" (weight defaults to 1; phrases are
# usually more telling, so they carry 1.5 unless given).
KEYWORDS: dict[str, str] = {
    "diplomacy": """diplomat*:2, diplomacy:2, diplomatic:2, embassy:2, embassies:2, ambassador*:2, envoy*:2,
        foreign minister*:2, foreign secretary:2, secretary of state:1.5, foreign ministry:2, foreign office:2,
        foreign policy:2, summit*:1.5, bilateral:1.5, treaty, treaties, sanction*:1.5, talks, negotiat*, state visit:2,
        visit*:0.7, delegation*, consulate*, consul*, united nations, security council:2, UN:1.5, U.N.:1.5, expel*:1.5,
        expulsion*:1.5, persona non grata:3, relations, ties:0.7, accord*, G7, G8, G20, NATO, alliance*, peace talks:2,
        counterpart*, reciproc*, condemn*:0.7, mediat*, lunch*:0.5, protocol""",
    "conflict": """war:1.5, wars:1.5, military:1.5, troops:1.5, soldier*:1.5, army, armies, attack*, bomb*:1.5,
        missile*:1.5, rebel*:1.5, insurgen*:2, militant*:2, terror*:2, killed, fighting:1.5, ceasefire:2, cease-fire:2,
        invasion:2, invade*:2, airstrike*:2, air strike*:2, offensive, battle*, battlefield:2, defence:0.7,
        defense:0.7, weapon*:1.5, navy, naval, shelling:2, gunmen:2, hostage*, occupation, armed forces:2,
        conflict*:1.5, violence, clash*, explosive*, submarine*:1.5, warship*:2, militia*:2, guerrilla*:2,
        security forces:2, ammunition:2, casualties, shot dead:2, ambush*:2""",
    "intelligence": """spy:3, spies:3, spying:3, espionage:3, intelligence:2, intelligence agenc*:3, secret service:3,
        defect*:2, defector*:3, MI6:4, MI5:4, CIA:4, KGB:4, FSB:3, GRU:3, SVR:3, Mossad:4, GCHQ:4, NSA:3,
        surveillance:2, covert:2, informant*:2, double agent:4, spymaster:4, undercover:2, secret*:0.7,
        intelligence service:3, wiretap*:2, classified:1.5""",
    "politics": """election*:2, elect*:1.5, vote*:1.5, voter*:2, voting:2, ballot*:2, polls:1.5, poll:1, parliament*:1.5,
        party, parties, president*:0.7, prime minister:0.7, government:0.7, opposition:1.5, minister*:0.5,
        cabinet:1.5, campaign*, referendum*:2, legislat*:1.5, lawmaker*:2, MP:2, MPs:2, senator*:1.5, congress*,
        democra*, coalition:1.5, politic*:1.5, Labour:1.5, Tory:2, Tories:2, Conservatives:1.5, Lib Dem*:2,
        Liberal Democrat*:2, candidate*:1.5, mayor*, governor*:0.7, constitution*, manifesto:2, general election:2,
        re-elect*:2, reelect*:2, inaugurat*, leadership, party leader:2, chancellor:0.7, prime ministers:0.7,
        Commons:1.5, peers, Whitehall, Downing Street, premier, regime, dictator*, coup*:1.5, protest*, demonstrat*,
        ruling party:2, run-off:2, runoff:2, Home Secretary:2, home office:1.5, policy:0.5, policies:0.5,
        spokesman:0.3, bill:0.7, reform*:0.7, public sector:1, civil servant*:1""",
    "economy": """econom*:1.5, market*, trade:1.5, trading, export*:1.5, import*:1.5, tariff*:2, GDP:2, gnp:2,
        inflation:2, interest rate*:2, bank*, banking, finance, financial, invest*, stock*, share*:0.7, shares,
        profit*:2, revenue*:1.5, sales:1.5, earnings:2, dividend*:2, company, companies, firm*, business*,
        industr*, growth, recession:2, budget*, tax*, debt*:1.5, loan*:1.5, currency:1.5, currencies:1.5,
        dollar*, dlrs:1.5, yen, euro*:0.5, sterling, price*, cost*:0.5, jobs, unemployment:1.5, employ*:0.7, wage*,
        merger*:2, acquisition*:2, takeover*:2, acquire*:1.5, pct:1.5, billion, million, mln:1.5, bln:1.5, tonnes,
        crop*, harvest*, wheat:1.5, grain*:1.5, corn, sugar, coffee, cocoa, commodit*:1.5, farm*:0.7,
        agricultur*:1.5, quarter*, fiscal:1.5, deficit*:1.5, surplus*, central bank:2, bond*, securities, shareholder*:2,
        stake:1.5, subsidiar*, retail*, consumer*, IMF:2, World Bank:2, WTO:2, GATT:2, OECD:2, exchange rate*:2,
        stock exchange:2, customers, analyst*, economist*:2, sensex:2, index, shr:2, net:0.5, qtr:2, revs:2,
        oper:1.5, exports, tin, rubber, copper, gold, silver, livestock, soybean*, oilseed*, meat, cotton, beef,
        cattle, pigs, pork, wool, zinc, nickel, aluminium, aluminum, tonnage, shipping, freight, port:0.5,
        money supply:2, reserves, credit*, treasury, bankrupt*:1.5, privati*:1.5, auction*, exchange""",
    "energy": """oil:2, crude:2, petroleum:2, gas:1.5, natural gas:2, gasoline:2, fuel*:1.5, OPEC:3, barrel*:2,
        refiner*:2, refinery:2, pipeline*:1.5, energy:2, electricity:2, power plant*:2, power station*:2,
        nuclear power:2, renewable*:2, solar:1.5, wind farm*:2, coal:2, LNG:2, drilling:2, oilfield*:2, bpd:2,
        reactor*:1.5, petrol:2, diesel:2, heating oil:2, oil price*:2, utility, utilities, kilowatt*:2, megawatt*:2,
        exploration:1.5, well:0.3, wells:1, reserves:0.5, offshore:1.5, hydroelectric:2""",
    "environment": """climate:2, climate change:3, global warming:3, greenhouse:2, emission*:2, carbon:1.5,
        pollut*:2, environment*:2, conservation:1.5, wildlife:2, species:1, forest*:1.5, deforest*:2,
        endangered:2, biodiversity:2, heatwave*:2, heat wave*:2, drought*:1.5, Kyoto:2, ozone:2, recycl*:1.5,
        temperature*, ecolog*:2, rainforest*:2, landless:1, land reform:1.5, green*:0.5, weather:0.7""",
    "health": """health*:1.5, hospital*:1.5, disease*:2, virus*:1, vaccin*:2, epidemic*:2, pandemic*:2, outbreak*:1.5,
        patient*:2, doctor*:1.5, nurse*:1.5, medical:1.5, medicine*:1.5, drug*:0.7, cancer:2, HIV:2, AIDS:2,
        malaria:2, flu:2, influenza:2, infection*:2, WHO:2, NHS:2, bird flu:3, SARS:2, obesity:2, smoking:1.5,
        surgery:1.5, clinic*:1.5, treatment*, illness*:2, diet:0.7, heart:0.7, pharmac*:1.5""",
    "technology": """technolog*:2, internet:2, online:1.5, web:1.5, website*:1.5, software:2, computer*:2,
        digital:1.5, cyber*:2, hack*:2, mobile phone*:2, mobile*:1, phone*:1.5, broadband:2, telecom*:1.5, email:1.5,
        e-mail:1.5, Microsoft:2, Google:2, Apple:1.5, Sony:1, Nintendo:2, games:1, gaming:2, video game*:2,
        console*:2, gadget*:2, device*:1.5, chip*:1.5, semiconductor*:2, wireless:2, network*:1, users:1.5,
        download*:2, iPod:2, PC:2, PCs:2, spam:2, robot*:2, artificial intelligence:2, AI:1.5, satellite*:1,
        search engine*:2, browser*:2, blog*:2, hi-tech:2, high-tech:2, tech:1.5, programs:0.7, camera*:1,
        TV:0.5, television:0.5, screen*:1, file-sharing:2, net:0.5, virus:0.5, digital music:2, piracy:1""",
    "law": """court*:1.5, judge*:1.5, trial*:1.5, prosecut*:2, lawyer*:1.5, police:1.5, arrest*:2, crime*:1.5,
        criminal*:1.5, jail*:2, prison*:1.5, sentenc*:1.5, convict*:2, charged:1.5, charges, lawsuit*:2, sued:2,
        sue:1.5, legal:1, justice:1, investigat*, murder*:2, guilty:2, verdict*:2, appeal*, extradit*:2,
        ruling:1, supreme court:1.5, detain*:1.5, fraud:1.5, indict*:2, acquit*:2, bail:1.5, testif*:1.5,
        law:0.7, laws:0.7, attorney*:1.5, custody:1.5, kidnap*:1.5, gang*:1.5""",
    "human-rights": """human rights:3, rights group*:3, civil liberties:3, freedom of:2, press freedom:3,
        censorship:2, tortur*:2, abuse*:1.5, discriminat*:2, minority:1.5, minorities:1.5, persecut*:2,
        activist*:1.5, Amnesty International:3, Human Rights Watch:3, political prisoner*:3, death penalty:2,
        genocide:2, ethnic cleansing:3, dissident*:2, repression:2, rights:1, prisoners:0.7, humiliat*:1.5,
        Abu Ghraib:2, Guantanamo:2, free speech:2, detainee*:1.5""",
    "migration": """migra*:2, immigra*:2, emigra*:2, refugee*:2, asylum:3, border*:1, deport*:2, visa*:1.5,
        displaced:1.5, smuggl*:1, trafficking:1, citizenship:1.5, illegal immigrant*:3, asylum seeker*:3,
        homeless:1, shanties:1.5, slum*:1.5""",
    "disasters": """earthquake*:3, quake*:3, tsunami*:3, flood*:2, hurricane*:3, cyclone*:3, typhoon*:3, tornado*:3,
        landslide*:3, volcan*:2, eruption*:2, disaster*:2, relief:1.5, aid agenc*:2, rescue*:1.5, death toll:3,
        toll:1, victims:1, crash*:1.5, accident*:1, famine:2, wildfire*:2, avalanche*:2, evacuat*:1.5,
        survivors:2, emergency:1, aid:1, humanitarian:1.5, donat*:1, storm*:1.5, fire:0.7, explosion*:0.7""",
    "society": """religio*:2, church*:1.5, mosque*:1.5, muslim*:1.5, christian*:1.5, islam*:1.5, catholic*:1.5,
        jewish:1.5, education:1.5, school*:1.5, universit*:1, student*:1.5, culture*:1.5, cultural:1.5,
        art:1.5, arts:1.5, artist*:2, museum*:2, film*:2, movie*:2, cinema*:2, actor*:2, actress*:2, music*:1.5,
        album*:2, singer*:2, band*:1.5, award*:1.5, Oscar*:2, Grammy*:2, Bafta*:2, festival*:1.5, book*:1,
        novel*:2, author*:1, theatre:2, theater:2, TV:1.5, television:1.5, show:1, shows:1, star*:1.5,
        celebrit*:2, media:1, newspaper*:1, box office:3, comedy:2, chart*:1, hollywood:1.5, alphabet:2,
        language*:1.5, director:0.7, directed:1.5, soap:1.5, rapper:2, pop:1.5, rock:1, song*:2, dvd:1.5,
        entertainment:2, channel:1, series:1, documentary:1.5, actors:2, nominat*:1.5, premiere:2, Nobel:1,
        billboard*:1.5, swastika:1, social security:1, pension*:1, welfare:1""",
    "sport": """sport*:2, football:2, soccer:2, cricket:2, rugby:2, tennis:2, golf:2, match:1.5, matches:1.5,
        tournament*:2, championship*:2, olympic*:2, cup:1, league:1.5, coach*:1.5, player*:1.5, team*:1,
        goal*:1, world cup:2, medal*:2, athlet*:2, season:1, striker:2, midfield*:2, Wimbledon:2, Grand Slam:2,
        marathon:2, boxing:2, stadium:2, captain:1, squad:2, fans:1, referee:2, injury:1.5, scored:2,
        champion*:1.5, Premiership:2, Six Nations:2, Davis Cup:2, semi-final*:2, quarter-final*:2,
        final:1, club:0.7, clubs:0.7, manager:0.5, race:1, seed:0.5, title:0.5, win:0.7, defeat:1, victory:0.5,
        beat:0.7, draw:0.7, indoor:1, sprint*:2, coach:1.5, international:0.3""",
    "science": """scien*:2, research*:1.5, study:1, studies:1, discover*:1.5, space:1, NASA:2, astronom*:2,
        planet*:2, physic*:2, biolog*:2, genetic*:2, DNA:2, species:1, fossil*:2, telescope*:2, experiment*:1.5,
        laboratory:1.5, journal:1, probe:1, spacecraft:2, orbit*:1.5, mars:1, moon:1, evolution:1.5""",
}

_STOPWORDS = frozenset("""a an and or the of in on at to for from by with without about into over under as is are
was were be been its it this that these those their there other others such not no more most all any some
affairs matters issues events news related general including between states""".split())


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class _Index:
    """Every term of a taxonomy, indexed by word so a text is scanned once for all topics.

    ``exact``: lower-cased word → [(topic, weight, term id)]; ``acronyms``: the same, case-sensitive;
    ``prefixes``: first three letters → [(stem, topic, weight, term id)]; ``phrases``: first word →
    [(following words, last word is a prefix, topic, weight, term id)].
    """

    exact: dict[str, list[tuple[int, float, int]]]
    acronyms: dict[str, list[tuple[int, float, int]]]
    prefixes: dict[str, list[tuple[str, int, float, int]]]
    phrases: dict[str, list[tuple[tuple[str, ...], bool, int, float, int]]]


def _parse(spec: str) -> list[tuple[str, float]]:
    terms: list[tuple[str, float]] = []
    for raw in spec.split(","):
        raw = raw.strip()
        if not raw:
            continue
        term, _, weight = raw.partition(":") if re.search(r":[\d.]+$", raw) else (raw, "", "")
        default = 1.5 if " " in term else 1.0
        terms.append((term.strip(), float(weight) if weight else default))
    return terms


@lru_cache(maxsize=16)
def _index(specs: tuple[str, ...]) -> _Index:
    index = _Index({}, {}, {}, {})
    term_id = 0
    for topic, spec in enumerate(specs):
        for term, weight in _parse(spec):
            term_id += 1
            prefix = term.endswith("*")
            words = _TOKEN.findall(term.rstrip("*"))
            if not words:
                continue
            if len(words) > 1:
                index.phrases.setdefault(words[0].lower().rstrip("."), []).append(
                    (tuple(w.lower().rstrip(".") for w in words[1:]), prefix, topic, weight, term_id))
            elif prefix:
                stem = words[0].lower()
                index.prefixes.setdefault(stem[:3], []).append((stem, topic, weight, term_id))
            elif words[0].isupper() and len(words[0]) <= 6 and not words[0].isdigit():
                index.acronyms.setdefault(words[0].rstrip("."), []).append((topic, weight, term_id))
            else:
                index.exact.setdefault(words[0].lower().rstrip("."), []).append((topic, weight, term_id))
    return index


def _hits(index: _Index, text: str) -> dict[tuple[int, int], tuple[float, int]]:
    """(topic, term id) → (weight, count) for one text."""
    tokens = _TOKEN.findall(text)
    lowered = [t.lower().rstrip(".").replace("’", "'") for t in tokens]
    hits: dict[tuple[int, int], tuple[float, int]] = {}

    def add(topic: int, weight: float, term: int) -> None:
        key = (topic, term)
        previous = hits.get(key)
        hits[key] = (weight, previous[1] + 1 if previous else 1)

    for position, word in enumerate(lowered):
        for topic, weight, term in index.exact.get(word, ()):
            add(topic, weight, term)
        for topic, weight, term in index.acronyms.get(tokens[position].rstrip("."), ()):
            add(topic, weight, term)
        for stem, topic, weight, term in index.prefixes.get(word[:3], ()):
            if word.startswith(stem):
                add(topic, weight, term)
        for rest, prefix, topic, weight, term in index.phrases.get(word, ()):
            following = lowered[position + 1:position + 1 + len(rest)]
            if len(following) != len(rest):
                continue
            if all(a == b for a, b in zip(rest[:-1], following[:-1], strict=True)) and (
                    following[-1].startswith(rest[-1]) if prefix else following[-1] == rest[-1]):
                add(topic, weight, term)
    return hits


def _words_spec(text: str) -> str:
    """'Economy and trade' → 'econom*, trade*': content words of a label or description."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", text)]
    terms = []
    for word in words:
        if word in _STOPWORDS:
            continue
        stem = word[:max(4, len(word) - 3)] if len(word) > 6 else word
        terms.append(stem + "*")
    return ", ".join(dict.fromkeys(terms))


def topic_spec(topic: TopicDef) -> str:
    """The keyword spec used for one topic of a (possibly custom) taxonomy."""
    if topic.slug in KEYWORDS:
        return KEYWORDS[topic.slug]
    own = _words_spec(topic.label) + ", " + ", ".join(
        f"{t}:0.7" for t in _words_spec(topic.description).split(", ") if t)
    label_words = set(re.findall(r"[a-z]{4,}", (topic.slug + " " + topic.label).lower()))
    for slug, spec in KEYWORDS.items():
        default_words = {slug.split("-")[0]}
        if any(w.startswith(d[:5]) or d.startswith(w[:5]) for w in label_words for d in default_words):
            return spec + ", " + own
    return own


def label_only_spec(topic: TopicDef) -> str:
    """The plain baseline the benchmark compares with: only the topic's label and description words."""
    return _words_spec(topic.label + " " + topic.description)


def score_topics(title: str | None, paragraphs: Sequence[str], topics: Sequence[TopicDef],
                 *, baseline: bool = False) -> tuple[tuple[str, float], ...]:
    """(slug, score) for every topic with any evidence, best first (ties: taxonomy order)."""
    specs = tuple(label_only_spec(t) if baseline else topic_spec(t) for t in topics)
    index = _index(specs)
    lede = paragraphs[0] if paragraphs else ""
    rest = "\n\n".join(paragraphs[1:])
    totals = [0.0] * len(topics)
    for text, place_weight in ((title or "", 3.0), (lede, 1.5), (rest, 1.0)):
        if not text:
            continue
        for (topic, _term), (weight, count) in _hits(index, text).items():
            # Saturate: the tenth "million" says little more than the third.
            totals[topic] += weight * place_weight * (1 + math.log(count))
    length = sum(len(p.split()) for p in paragraphs) or 1
    # Long articles mention everything; scale so a topic's share, not its raw count, decides.
    scale = math.sqrt(max(length, 50) / 50)
    results = [(topics[i].slug, totals[i] / scale, i) for i in range(len(topics)) if totals[i] > 0]
    results.sort(key=lambda r: (-r[1], r[2]))
    return tuple((slug, round(score, 4)) for slug, score, _ in results)


def classify_topics(title: str | None, paragraphs: Sequence[str], topics: Sequence[TopicDef],
                    *, limit: int = 3) -> tuple[str, ...]:
    """The topics an article is about, most central first (at most ``limit``)."""
    scored = score_topics(title, paragraphs, topics)
    if not scored:
        return ()
    top = scored[0][1]
    chosen = [scored[0][0]]
    for slug, score in scored[1:limit]:
        if score >= 0.45 * top and score >= 2.0:
            chosen.append(slug)
    return tuple(chosen)
