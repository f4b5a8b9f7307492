"""Sentences of an article → a headline made from the lede, and key points worth reading (issue 13).

Everything stays extractive: a headline made here is the lede's main clause with its
parentheticals, appositions, attributions, datelines and time phrases taken out (and, when it is
still too long, a trailing participle clause turned into the main verb: "X have responded ...,
imposing Y" → "X impose Y"), its main verb told in the present as headlines do ("struck" →
"strikes", see verbs.py), never cut mid-phrase and never with an ellipsis. Key points are whole sentences
chosen for coverage and low redundancy (maximal marginal relevance), the lede's main fact first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..countries import slugify
from .page_patterns import DETERMINERS, SENTENCE_END, STOPWORDS, line_key, words_of
from .verbs import bare_verb, finite_from_ing, plural_subject, to_present

TITLE_MAX = 90
SHORT_TITLE = 72  # a longer main clause is cut at a clause break when one leaves a full clause

_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sir|St|Gen|Col|Lt|Sgt|Capt|Maj|Gov|Sen|Rep|Rev|Prof|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|e\.g|i\.e|etc|approx|Dem|Ft|Mt)\.$")


# A bracket opened shortly before and not closed: "until noon (5.00 a.m. EST) on Monday" goes on.
_INSIDE_BRACKETS = re.compile(r"\([^()]{1,40}$")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; abbreviations ("Mr.", "U.S."), initials and a stop inside
    brackets do not end one."""
    parts = re.split(r"(?<=[.!?…])([\"”’')\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])", paragraph)
    sentences: list[str] = []
    buffer = ""
    index = 0
    while index < len(parts):
        piece = parts[index] + (parts[index + 1] if index + 1 < len(parts) else "")
        index += 2
        buffer = f"{buffer} {piece}".strip() if buffer else piece.strip()
        if _ABBREVIATIONS.search(buffer) or re.search(r"\b[A-Z]\.$", buffer) or _INSIDE_BRACKETS.search(buffer):
            continue
        sentences.append(buffer)
        buffer = ""
    if buffer:
        sentences.append(buffer)
    return [s for s in sentences if s]


_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![’']s)"  # not "Friday's attack"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_OTHER_DAYS = (r"(?i:lunes|martes|miércoles|jueves|viernes|sábado|domingo|(?:segunda|terça|quarta|quinta|sexta)-feira|"
               r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
               r"domenica|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|maandag|dinsdag|woensdag|"
               r"donderdag|vrijdag|zaterdag|zondag)")
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,12}(?: [A-Z][a-z.]+)?)?(?:,?\s+[A-Z](?i:[a-z]{2,8})\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z -]*\))?\s*(?:[-–—]{1,2}|:)\s+|"  # "WILMINGTON, Del. () – " (an agency taken out), "(dpa-AFX)"
    # "CANBERRA, Sept 14 Australia will ...": old Reuters copy has no dash after the date
    r"^[A-Z][A-Z.'\- ]{2,40}(?:, [A-Z][A-Za-z.]{1,12})?, (?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)"
    r"\.? \d{1,2} (?=[A-Z])|"
    r"^[A-Z][A-Z.'\- ]{1,40}, [A-Z][A-Z.' ]{1,30}—(?=[A-Z])")


# "Banjul - Gambia's ...", "Colombo, Sri Lanka — At least ...", "New Delhi: Prime Minister ...".
_PLACE_DATELINE = re.compile(r"^[A-Z][a-z'’.]+(?: [A-Z][a-z'’.]+){0,2}(?:, [A-Z][a-z.]+(?: [A-Z][a-z.]+){0,2})?"
                             r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?"  # "Tokyo, Jan. 1 (Jiji Press)--"
                             r"(?: \([^()]{1,30}\)){0,2}(?: ?[-–—]{1,2} |: |--|—)(?=[A-Z\"“‘'])")  # "Banjul (AFP) - "


# "TNI Bureau: ", "Web Desk - ": the newsroom or reporters that filed the story, before its first word.
_NEWSROOM_CREDIT = re.compile(r"^(?:[A-Z][\w&.'’]*\s){1,3}(?:Bureau|Desk|Newsroom|Staff|Correspondent|Reporter)"
                              r"\s*(?:[:|]|[-–—]{1,2})\s+(?=[A-Z\"“‘'])|"
                              # a byline run into a wire dateline: "By Ana Ruiz and Li Wei NARA, Japan (Reuters) –"
                              r"^By [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3}"
                              r"(?:(?:,| and) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3})* (?=[A-Z]{2,}[ ,])|"
                              # "SEOUL. KAZINFORM - ", "KAZINFORM - ": a place and an agency in capitals
                              r"^(?:[A-Z]{2,}[.,] )?[A-Z]{3,}(?: [A-Z]{2,}){0,2} [-–—]{1,2} (?=[A-Z])")


# "AUGUST 5, 2012 — ", "2014 -- ": a date opening a look-back lede.
_DATE_DATELINE = re.compile(rf"^(?:{_DAYS},? )?(?:\d{{1,2}}(?:st|nd|rd|th)?,? )?(?:(?i:{_MONTH}),? )?(?:\d{{1,2}},? )?"
                            rf"\d{{4}}\s*(?:[-–—]{{1,2}}|:)\s+(?=[A-Z])")  # also "Thursday, 18, March, 2021 – "


def strip_dateline(paragraph: str) -> str:
    """'THE HAGUE, March 2 - Dutch imports...' → 'Dutch imports...'; 'KUALA LUMPUR: The ...' too."""
    credit = _NEWSROOM_CREDIT.match(paragraph)
    if credit and len(paragraph) - credit.end() >= 40:
        paragraph = paragraph[credit.end():]
    dated = _DATE_DATELINE.match(paragraph)
    if dated and len(paragraph) - dated.end() >= 40:
        paragraph = paragraph[dated.end():]
    place = _PLACE_DATELINE.match(paragraph)
    if place and len(paragraph) - place.end() >= 40:
        return paragraph[place.end():]
    probe = paragraph[:80].upper() + paragraph[80:] if paragraph[:1].islower() and paragraph[:80].isascii() \
        else paragraph
    match = _WIRE_DATELINE.match(probe)
    if match and (re.search(r"\d|\(|:", match.group(0)) or "," in match.group(0)):
        rest = paragraph[match.end():]
        return rest[0].upper() + rest[1:] if rest else paragraph
    return paragraph


# ------------------------------------------------------------------------------------- headline

# A day goes with the word that bounds the time ("fought the fire through Thursday night").
_UNTIL = r"(?:through|until|till|since|by)"
_TIME_PHRASES = (
    r",? (?:earlier|later) (?:this|today|tonight)\b(?: (?:morning|afternoon|evening|night|week|month|year))?,?",
    rf",? (?:(?:on|late|early|late on|early on|this|last|{_UNTIL}) )?{_DAYS} (?:morning|afternoon|evening|night)\b,?",
    rf",? (?:this|on|late|early) {_DAYS}? ?(?:morning|afternoon|evening|night)\b,?",  # before "on Friday" alone
    rf",? (?:on|late on|early on|by) {_DAYS}(?:,? (?:{_MONTH} \d{{1,2}}|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH})(?:,? \d{{4}})?)?,?",
    rf",? (?:on|in) {_MONTH} \d{{1,2}}(?:, \d{{4}})?,?",
    r",? (?:on )?(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\. \d{1,2}(?:, \d{4})?\b,?",  # "..., Nov. 7"
    r",? (?:last|this|next) (?:week|month|year|weekend|morning|evening|night)\b,?",
    r",? (?:yesterday|today|earlier today|on Monday)\b,?",
    rf",? (?:on )?{_DAYS},? \d{{1,2}}(?:st|nd|rd|th)? {_MONTH}(?:,? \d{{4}})?,?",  # "on Friday, 23 June,"
    rf",? (?:on |in )?the (?:morning|afternoon|evening|night) of (?:this |last )?{_DAYS}"
    rf"(?:,? {_MONTH} \d{{1,2}}(?:, \d{{4}})?)?,?",
    r",? on this day in \d{4}\b,?",
    rf",? (?:(?:early|late|{_UNTIL}) )?(?:on )?{_DAYS}(?: {_MONTH} \d{{1,2}}| \d{{1,2}} {_MONTH})?(?: local time)?\b,?",
    # the same days in the other languages of the pages: "este domingo", "ce dimanche", "am Sonntag"
    # (not after a preposition, "prevista per lunedì", nor after the opening "Este domingo")
    r"(?<!\bper)(?<!\bpara)(?<!\bpour)(?<!\bfür)(?<!\bbis)(?<!\bzum)(?<!\bvom)(?<!\bdesde)(?<!\bhasta)(?<!\bde)"
    r"(?<!\bdu)(?<!\bda)(?<!\bdi)(?<!^Este)(?<!^Esta)(?<!^Ce)(?<!^Questo)(?<!^Am)"
    rf",? (?:(?:este|esta|el|neste|nesta|no|na|ce|cette|le|questa|questo|il|am|an diesem|op|deze) )?"
    rf"{_OTHER_DAYS}(?: (?:pasado|passado|dernier|scorso|passato|vergangenen))?\b,?",
)
# "... said", "... told reporters in a statement" closing a sentence.
_SAID = (r"(?:has |have )?(?:said|says|say|reported|announced|confirmed|told \w+)"
         r"(?: (?:on|in) [A-Z]\w+| in an? (?:statement|announcement|interview|briefing|post))*\s*$")
_ATTRIBUTION = (
    r",? (?:according to|as per|as reported by|citing) [^,;]+(?:,|$)",
    r",? (?:as per a|in a) report (?:from|by) [^,;]+(?:,|$)",
    r", per (?:the )?[A-Z][^,;]{1,40}$",  # "..., per The New York Times"
    r",? (?:the )?(?:[\w-]+ ){0,3}(?:officials?|police|ministry|government|spokes\w+|sources?|agency|reports?|"
    r"media|office|palace|he|she|they|it) " + _SAID,
    # any short speaker after a comma: ", the fire department said", ", the mayor told reporters"
    r", (?:the |a )?(?:[\w'’.-]+ ){0,4}[\w'’.-]+ " + _SAID,
)
_CLAUSE_BREAKS = (", which ", " which ", ", who ", ", where ", " where ", ", while ", " while ", ", as ", " as ",
                  " amid ", ", amid ", " after ", ", after ", ", despite ", " despite ", " following ", ", following ",
                  " because ", "; ", ", but ", " but ", ", saying ", ", and ", " in a bid ", " in an effort ",
                  " to mark ", ", with ", " with ", ", when ", " when ")
# "20 years after they won": a time phrase goes on past its "after", so no clause ends there ("in
# eight years" and "for another five years" are durations that end before it).
_SPAN_BEFORE = re.compile(r"(?<!\bin )(?<!\bfor )(?<!\bwithin )(?<!\bover )(?<!\banother )(?<!\bnext )(?<!\blast )"
                          r"(?<!\bpast )\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|"
                          r"several|many|"
                          r"hours|days|weeks|months|years|decades)\s+(?:seconds|minutes|hours|days|weeks|months|years|"
                          r"decades|centuries)$")
# Words a cut headline may not end on: function words, a possessive, a modal, "is set" (to ...).
_DANGLING_ENGLISH = (
    r"a|an|the|of|to|(?<!sworn )in|on|at|by|for|and|or|with|from|as|that|which|its|their|his|her|has|have|had|is|"
    r"are|was|were|be|been|will|would|could|should|some|more|than|who|whose|whom|where|when|while|after|before|"
    r"because|if|into|over|\w+ing|(?:has|have|had) \w+ed|\w+['’]s|may|might|can|must|shall|"
    r"(?:is|are|was|were) (?:set|expected|due|poised|likely|about|scheduled|slated|going)|"
    # a verb whose "to ..." was cut: "passengers were urged", "residents were told"
    r"(?:is|are|was|were|been) (?:urged|asked|told|forced|ordered|advised|allowed|unable|able)")
# The same in the other languages of the pages: a cut never ends on "contra" or "bei".
_DANGLING_OTHER = (
    r"de|del|la|el|los|las|en|por|para|con|y|al|da|do|das|dos|na|em|com|di|il|lo|gli|dei|della|delle|nel|nella|per|"
    r"su|et|du|des|au|aux|sur|pour|par|dans|der|die|dem|den|ein|eine|einen|im|mit|von|zu|zum|zur|bei|und|auf|für|"
    r"contra|sobre|entre|hacia|desde|sin|tras|ante|pelo|pela|nas|sul|sulla|alla|dalla|verso|avec|chez|vers|über|"
    r"gegen|nach|aus|unter|le|les|un|une|uno|una|um|uma|ao|aos|à|ai|agli|dal|dai|degli|col|che|que|qui|ou|e|ed|o|"
    r"oder|einer|eines|einem|het|een|van|op|voor|met")
_DANGLING_END = re.compile(rf"\b(?:{_DANGLING_ENGLISH}|{_DANGLING_OTHER})$", re.IGNORECASE)


_OPENING_WORD = re.compile(r"(?i:in|on|at|for|after|before|amid|with|by|during|despite|following|since|while|"
                           r"although|though|as|when|once|because)\b")
# A subordinate clause before the main one: "While South Florida was spared, the storm made landfall".
_OPENING_CLAUSE = r"(?:while|although|though|even though|whereas|as|when|once|because|since|if)\b[^,;]{8,160}"

_LEADING_PHRASE = re.compile(
    rf"^(?:(?i:in|on|at|for|after|amid|with|by|during|despite|according to|adding to|following|as part of|"
    r"in a|in an|for the first time|shortly (?:after|before)|and|\w+ (?:years|months|weeks|days) ago|"
    r"(?:most|many|some|on most|on many|every) (?:days|nights|weekends|mornings|evenings|summers|winters|years)|"
    rf"(?:{_MONTH}|(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.) \d{{1,2}}|\d{{1,2}} {_MONTH}|"  # "June 20, youths took ..."
    r"(?:a few |several |just |only )?(?:\w+ )?(?:minutes|hours|days|weeks|months|"
    r"years|moments) (?:after|before|since)|"
    # the same openings in the Romance languages of the pages: "Con el 94,18% de los votos escrutados, "
    # (not German or Dutch: the verb comes second there, "Nach Angaben der Polizei wurden 12 getötet, ...")
    r"con|tras|según|durante|después de|com|após|segundo|avec|après|selon|pendant|dopo|secondo)"
    r"\b(?:[^,]|(?<=\d),(?=\d)){0,130}|[A-Z][a-z]+(?:ing|ed)\b[^,]{0,60}|"
    rf"(?i:{_OPENING_CLAUSE})|(?i:(?:this|last|early|earlier|late|later) (?:morning|afternoon|evening|night|today)|"
    r"earlier today|tonight|today|yesterday)|"
    rf"(?:on|late|early) [A-Z][a-z]+ ?[^,]{{0,20}}),\s+"
    rf"(?:(?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})(?:, \d{{4}})?,\s+|\d{{4}},\s+)?")  # "On Wednesday, August 9, 2023, "


def _is_name(text: str) -> bool:
    return all(w[:1].isupper() or w in ("de", "da", "van", "von", "al", "bin", "el", "la") for w in text.split())


def _comma_kept(match: re.Match[str]) -> str:
    """What a dropped phrase leaves: a comma when one stood at either end of it ("Bolsonaro, also
    known as X, on Sunday won" keeps the comma that closes the apposition; "landed on Tuesday,
    defying ..." the sentence's), and text follows. A date's closing comma is no comma of the
    sentence: "The agency on Monday, January 1, issued" → "The agency issued", unless a clause
    follows ("won on September 25, 2022, and is set to") or the phrase closed an opening one."""
    phrase, rest = match.group(0), match.string[match.end():].strip()
    if not rest or not rest[0].isalnum():
        return ""
    if phrase.startswith(","):
        return ","
    if not phrase.endswith(","):
        return ""
    before = match.string[:match.start()]
    dated = "," in phrase[:-1]
    closes_opening = "," not in before and _OPENING_WORD.match(before)
    return "," if not dated or closes_opening or _CLAUSE_WORD.match(rest) else ""


_CLAUSE_WORD = re.compile(r"(?:and|but|or|while|as|which|who|where|when|after|before|amid|despite|following|"
                          r"[a-z]{2,}ing)\b")


def _without_leading_phrases(text: str) -> str:
    """'In a shocking development, X did Y' → 'X did Y'; up to five in a row ('On July 13, at about
    6 p.m., shortly after X took the stage, and began speaking, shots ...')."""
    text = text.lstrip(" -–—:")  # what a "(CNN) — " dateline leaves
    for _ in range(5):
        leading = _LEADING_PHRASE.match(text)
        if not leading or len(text) - leading.end() < 30:
            break
        if re.match(r"[A-Z][a-z]+(?:ing|ed)\b", text) and _NAME_IN_APPOSITION.match(text, leading.end()):
            break  # "Fighting breaks out in Sudan's capital, Khartoum, as ...": a clause, not a phrase
        text = text[leading.end():]
        # The dropped phrase's own apposition: "During protests over the death of George Floyd, a
        # Black man who died in police custody, protesters stormed ..."
        trailing = _PHRASE_APPOSITION.match(text)
        if trailing and len(text) - trailing.end() >= 30:
            text = text[trailing.end():]
        text = text[:1].upper() + text[1:]
    return text


_NAME_IN_APPOSITION = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3},")
_PHRASE_APPOSITION = re.compile(r"(?:an? |(?:[^,;]{1,40} )?(?:who|which|whose) )[^,;]{1,70},\s+(?=[a-zA-Z])")


def _without_appositions(text: str) -> str:
    """', the country's foreign minister,', ', 45,', ', also known as X,', a list in apposition; a
    title between the subject and its verb ('Queen Elizabeth II, Queen of the United Kingdom and 14
    other countries, died'), while a name there stays without its commas ("Malaysia's former leader
    Mahathir Mohamad sworn in")."""
    text = re.sub(r", (?:consisting of|comprising|made up of|including) (?:[^,;]{1,40}, ){0,8}?[^,;]{0,40}\band "
                  r"[^,;]{1,40},", "", text)
    # Only a phrase the clause goes on after (three words or more, or its verb: "X, who ..., won"):
    # ", which ... capital, Castro" ends the sentence, and taking it out would leave "Castro" hanging.
    # (the articles of the pages' other languages open one too: ", el candidato peronista Sergio Massa,")
    text = re.sub(r", (?:the|a|an|who|which|whose|\d+|aged \d+|el|la|los|las|le|les|il|lo|gli|os|het|"
                  r"also known as|known as|also called|dubbed|nicknamed|"
                  r"consisting of|comprising|made up of)\b[^,;]{0,70},(?!\d)(?= ?\S+ \S+ \S| ?[a-z]{2,}$)",
                  _after_name, text)
    return re.sub(r"^([^,]{3,80}), ([^,]{3,100}), (?=(?:has|have|had|was|were|is|are|will|would|[a-z]{3,}ed|won|lost|"
                  r"died|quit|fell|left|took|became)\b)",
                  lambda m: f"{m.group(1)} {m.group(2) if _is_name(m.group(2)) else ''} ", text)


def _after_name(match: re.Match[str]) -> str:
    """A phrase in apposition after a name in apposition leaves the name's closing comma
    ("the candidate, Lai Ching-te, who supports X, won" → "the candidate, Lai Ching-te, won")."""
    return "," if re.search(r", [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3}$", match.string[:match.start()]) else ""


def _without_dash_asides(text: str) -> str:
    """'Yoon Suk Yeol — the prosecutor and opposition leader — has won' → 'Yoon Suk Yeol has won'; an
    aside that closes an opening phrase leaves its comma ('After decades of talks that avoided the
    main cause — burning coal — diplomats agreed' → 'After decades ..., diplomats agreed')."""
    def aside(match: re.Match[str]) -> str:
        before = match.string[:match.start()]
        return ", " if "," not in before and _OPENING_WORD.match(before) else " "
    return re.sub(r"\s+([—–]|--)\s+[^—–.!?]{3,120}?\s+\1\s+(?=\w)", aside, text)


def _acronym(match: re.Match[str]) -> str:
    """'Independent National Electoral Commission (INEC)' → 'INEC': a headline names it as readers know it."""
    name, acronym = match.group("name"), match.group("acronym")
    words = [w for w in re.finditer(r"\S+", name) if w.group(0) not in ("of", "and", "for", "the")]
    named = words[-len(acronym):]
    if len(words) < len(acronym) or "".join(w.group(0)[0] for w in named) != acronym:
        return match.group(0)
    glued = match.end() < len(match.string) and match.string[match.end()].isalnum()  # "(APC)candidate"
    return f"{name[:named[0].start()]}{acronym}" + (" " if glued else "")


_NAMED_ACRONYM = re.compile(r"(?P<name>(?:[A-Z][\w'’-]*\s+(?:(?:of|and|for|the)\s+)?){2,8})"
                            r"\((?P<acronym>[A-Z]{2,8})\)")


def _simplify(sentence: str) -> str:
    text = _NAMED_ACRONYM.sub(_acronym, sentence)
    text = re.sub(r"\s*\([^()]{0,80}\)(?=\w)", " ", text)  # "(APC)candidate": a space stays
    text = re.sub(r"\s*\([^()]{0,80}\)", "", text)  # parentheticals: "(MI6)", "(75-mile)"
    # A link's text the scraper lost leaves its preposition before the stop: "sirens sounded in ."
    text = re.sub(r"\s+(?:in|at|on|of|from|to|by|for|with|near|and)\s+(?=[.,;:!?])", "", text)
    text = _without_dash_asides(text)
    text = re.sub(rf"^(?:On |on )?{_DAYS}(?: {_MONTH} \d{{1,2}}| \d{{1,2}} {_MONTH})?(?:, \d{{4}})?,?\s+", "", text)
    text = _without_leading_phrases(text)
    text = text.rstrip(" .!")  # "..., officials said." ends the sentence: the attribution patterns end at $
    for pattern in _TIME_PHRASES + _ATTRIBUTION:
        text = re.sub(pattern, _comma_kept, text)
    text = _without_appositions(text)
    text = re.sub(r"\s+,", ",", re.sub(r",,+", ",", text))
    text = re.sub(r"(?<=[a-z])\d{1,3}$", "", text.rstrip(".!"))  # a footnote mark: "hammered the East Coast12"
    text = re.sub(r"[.!]+(?=[\"”’']$)", "", text)  # 'as a "terrorist attack."': the stop inside the quote
    return " ".join(text.split()).strip(" ,;:").rstrip(".!")


def _participle_headline(sentence: str) -> str | None:
    """'Russian authorities have responded to X, imposing restrictions on Y' → 'Russian authorities
    impose restrictions on Y': after a verb of reaction, the action a trailing participle clause
    names is the news (after "detained X, allowing Y" it is not)."""
    match = re.match(r"^(?P<subject>(?:[A-Z][\w'’.-]*|the|The)(?: (?!(?:that|would|will|which|who)\b)[\w'’.-]+){0,5}?) "
                     r"(?:has |have |had |was |were |is |are )?(?:responded|reacted|retaliated|hit back|struck back|"
                     r"answered|moved|acted)\b"
                     r"(?:(?! that )[^;])*?, "
                     r"(?P<verb>[a-z]{3,}ing) (?P<rest>[^,;]+)", sentence)
    if not match:
        return None
    subject = match.group("subject")
    plural = plural_subject(subject)
    return f"{subject} {finite_from_ing(match.group('verb'), plural)} {match.group('rest')}".rstrip(" .")


def _bad_end(candidate: str) -> bool:
    """A cut may not end on a dangling word, nor on a stub of a phrase after a comma (", a day")."""
    stub = re.search(r"(\S+), (\S+(?: \S+)?)$", candidate)
    named = stub and stub.group(1)[:1].islower() and _is_name(stub.group(2))  # "the capital, Khartoum"
    return bool(_DANGLING_END.search(candidate) or stub and not named)


def _clause_breaks(text: str, participles: bool) -> list[int]:
    """Where a clause may end: before a clause word (``_CLAUSE_BREAKS``) or, when ``participles``, a
    trailing participle clause (", bringing traffic to a halt")."""
    positions = [m.start() for m in re.finditer(r", (?=[a-z]{2,}ing\b)", text)] if participles else []
    for mark in _CLAUSE_BREAKS:
        position = text.find(mark, 25)
        while position > 0:
            role = mark.strip(" ,") == "as" and _as_role(text, position, position + len(mark))
            if not _SPAN_BEFORE.search(text, 0, position) and not role:  # "sent as reinforcements" is no clause
                positions.append(position)
            position = text.find(mark, position + 1)
    return positions


def _as_role(text: str, start: int, end: int) -> bool:
    """Whether "as" names a role, not a clause: after a participle ("sent as reinforcements"), or
    before a short phrase with no verb ("makes landfall as a Category 4 hurricane near X")."""
    before, after = text[:start].split(), text[end:].split()
    participle = bool(before) and re.fullmatch(PARTICIPLE, before[-1].lower()) is not None
    return participle or len(after) <= 10 and not _has_verb(after)


def _cut_at_clause(text: str, limit: int = TITLE_MAX) -> str | None:
    """The longest prefix of at most ``limit`` characters ending before a clause break; a trailing
    participle clause ("..., killing 34") is cut only from a headline still too long to stand."""
    best = None
    for position in _clause_breaks(text, participles=limit >= TITLE_MAX):
        if 25 <= position <= limit:
            candidate = text[:position].rstrip(" ,")
            if len(candidate.split()) >= 4 and not _bad_end(candidate):
                best = candidate if best is None or len(candidate) > len(best) else best
    return best


_PHRASE_STARTS = {"in", "on", "at", "for", "from", "with", "near", "during", "over", "across", "after", "amid", "since",
                  "into", "against", "by", "to", "as", "while", "despite", "following", "ahead", "before",
                  # the same in the other languages of the pages
                  "dans", "sur", "pour", "avec", "après", "contre", "pendant", "en", "para", "por", "con", "tras",
                  "durante", "desde", "nel", "nella", "per", "dopo", "contro", "com", "em", "após", "nach", "bei",
                  "mit", "gegen", "während"}
# "and" ends a phrase, but not after a word it joins to the next ("the deepest | and sharpest image");
# "of" only when nothing else does, after a noun that stands alone ("image | of the universe", not "hundreds | of").
_AND_WORDS = {"and", "et", "y", "e", "und", "en"}
_JOINED_BY_AND = re.compile(r"(?:\w+est|\w+ier|\w+ly|more|less|black|white|north|south|east|west|\d\S*)$",
                            re.IGNORECASE)
_OF_WORDS = {"of"}
_PARTITIVE = re.compile(r"(?:\d\S*|%|one|some|many|most|all|part|parts|none|each|any|both|few|several|dozens|hundreds|"
                        r"thousands|millions|billions|tens|number|lot|lots|majority|minority|half|rest|end|start|"
                        r"beginning|middle|top|bottom|front|out|because|instead|ahead|kind|sort|type|series|group|"
                        r"member|members|head|use|cause|causes|state|way|ways|site|scene|days|weeks|months|years|"
                        r"percent|per|cent|amount|level|levels|wake|face|case|aftermath|killing|death|deaths)$",
                        re.IGNORECASE)


def _cut_at_phrase(text: str) -> str:
    """Drop trailing phrases until it fits: cut before a preposition or "and" (a little over the
    limit rather than mid-phrase), never inside a name ("New | South Wales") or on a dangling word."""
    words = text.split()
    fits = 0  # only prefixes that can fit are joined: a long sentence costs linear time, not quadratic
    while fits < len(words) and len(" ".join(words[:fits + 1])) <= TITLE_MAX + 12:
        fits += 1
    needs_verb = _has_verb(words)
    phrase_starts = _PHRASE_STARTS | _AND_WORDS
    for limit, starts in ((TITLE_MAX, phrase_starts), (TITLE_MAX + 12, phrase_starts),
                          (TITLE_MAX, phrase_starts | _OF_WORDS)):
        for end in range(min(len(words), fits + 1), 3, -1):
            candidate = " ".join(words[:end]).rstrip(" ,;:")
            if len(candidate) > limit or _bad_end(candidate) or needs_verb and not _has_verb(words[:end]):
                continue
            following = words[end].lstrip("\"“‘'(").lower() if end < len(words) else ""
            if following == "of" and (_PARTITIVE.match(words[end - 1]) or words[end - 1][:1].isupper()) or \
                    following in _AND_WORDS and _JOINED_BY_AND.match(words[end - 1]) or \
                    following in ("after", "before", "since") and _SPAN_BEFORE.search(candidate) or \
                    following == "at" and end + 1 < len(words) and words[end + 1].lower() in ("least", "most"):
                continue
            if not following or following in starts or words[end - 1].endswith(","):
                return candidate
    end = min(len(words), fits + 1)
    while end > 4 and (len(" ".join(words[:end])) > TITLE_MAX or _DANGLING_END.search(" ".join(words[:end]))
                       or words[end - 1][:1].isupper() and end < len(words) and words[end][:1].isupper()):
        end -= 1
    return " ".join(words[:end]).rstrip(" ,;:")


_FINITE = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "may", "might",
           "must", "should", "says", "say", "does", "did"}


def _has_verb(words: Sequence[str]) -> bool:
    """Whether English words hold a finite verb: an auxiliary, or a past tense (not one after a
    determiner, "the injured"). A cut without one is no clause ("Two explosions near the finish
    line"); text in other languages has none that this can tell, and is not held to it."""
    for before, word in zip(["", *words], words):
        bare = word.strip(",;:\"“”'’").lower()
        if bare in _FINITE or bare.isalpha() and bare_verb(bare) and before.lower() not in DETERMINERS:
            return True
    return False


# A past participle (regular, or one of the irregular ones news uses): "killed", "sworn", "shot".
PARTICIPLE = r"(?:\w+(?:ed|en|wn)|shot|hit|struck|sworn|held|left|won|lost|made|put|set|cut|sent|met|led|fled|" \
             r"caught|brought|fought|bought|sought|thought|told|sold|found|built|spent|kept|begun|become|run)"
# Not after a pronoun ("after he was shot": a clause of its own) nor a modal ("may have been spared").
_AUXILIARY = re.compile(rf"(?<!\bthere )(?<!\bit )(?<!\bhe )(?<!\bshe )(?<!\bthey )(?<!\bwe )(?<!\bI )"
                        rf"(?<!\bmay )(?<!\bmight )(?<!\bcould )(?<!\bwould )(?<!\bshould )(?<!\bmust )(?<!\bwill )"
                        rf"\b(?:has been|have been|had been|has|have|had|was|were)\s+"
                        rf"(?!been\b)(?=(?:\w+ly )?{PARTICIPLE}\b)", re.IGNORECASE)  # "have been successfully rescued"


# Words after which "a" stays: a copula's complement ("is an update"), a role ("as a hurricane").
_ARTICLE_KEPT_AFTER = {"is", "are", "was", "were", "be", "been", "becomes", "became", "remains", "as"}


def _headlinese(text: str) -> str:
    """Headline style: no auxiliaries before a participle ("has been killed" → "killed"), no
    articles before common nouns ("The Russian ambassador ... in a gun attack" → "Russian
    ambassador ... in gun attack")."""
    auxiliary = _AUXILIARY.search(text)
    opener = re.search(r"\b(?:says|say|said|that|who|which|when|because|if|while)\b", text)
    if auxiliary and (opener is None or auxiliary.start() < opener.start()):  # the main clause's, not a reported one's
        text = text[:auxiliary.start()] + text[auxiliary.end():]
    text = re.sub(r"^(?:[Tt]he|[Aa]n?) (?=[A-Za-z])", "", text)
    opener = re.search(r"\b(?:says|say|said|that|who|which|when|because|if|while)\b", text)
    planned = re.search(r"\b(?:is|are) (?=(?:set|expected|due|poised|likely|about|scheduled|slated) to\b)", text)
    if planned and (opener is None or planned.start() < opener.start()):  # "X is set to win" → "X set to win"
        text = text[:planned.start()] + text[planned.end():]
    # "the" stays: "in the country" reads better; so does "a" after a copula ("is an update"). Only
    # in English: "a" is a verb or a preposition elsewhere ("Le président a annoncé").
    if re.search(r"\b(?:the|of|and|to|in|is|was|has|have|for|with)\b", text):
        text = re.sub(r"(\S+) (?:a|an) (?=[a-z])", lambda m: m.group(0) if m.group(1).lower() in _ARTICLE_KEPT_AFTER
                      else f"{m.group(1)} ", text)
    return " ".join(text.split())


# "There has been a mass shooting at ..." → "Mass shooting at ...": the news is the noun phrase.
_EXISTENTIAL = re.compile(r"^There (?:is|are|was|were|has been|have been|had been) (?:an? )?(?=\w)")


def headline_from_lede(lede: str) -> str:
    """A headline of at most ~90 characters made from the lede's first sentence (see the module docstring)."""
    sentences = split_sentences(strip_dateline(lede)) if lede.strip() else []
    if not sentences:
        return "Untitled"
    # The first sentence that stands on its own: not a quote, not "He was ..." leaning on a name
    # above, not a stray symbol or label ("©", "Photo") split off the paragraph.
    readable = [s for s in sentences if len(re.findall(r"[^\W\d_]{2,}", s)) >= 4] or sentences
    first = next((s for s in readable if not s.startswith(("'", "\"", "‘", "“")) and not _NEEDS_ANTECEDENT.match(s)),
                 readable[0])
    text = _simplify(_EXISTENTIAL.sub("", first))
    if len(text) > SHORT_TITLE:
        text = _cut_at_clause(text, SHORT_TITLE) or text
    if len(text) > TITLE_MAX:
        text = _participle_headline(text) or text
        if len(text) > TITLE_MAX:
            text = _simplify(text)
    if len(text) > TITLE_MAX:
        text = _cut_at_clause(text) or _cut_at_phrase(text)
    if len(text) > TITLE_MAX + 12:  # a script without spaces between words (Thai, Chinese)
        text = text[:TITLE_MAX]
    text = re.sub(r"\s+[-–—]+$", "", _headlinese(to_present(text)))  # "... of the NBA Finals –": a cut aside
    return text[:1].upper() + text[1:]


# What sites append to a slug about the page, not the news: "...-earthquake-strikes-haiti-photo-video".
_SLUG_LABELS = {"photo", "photos", "pics", "pictures", "video", "videos", "watch", "gallery", "amp", "html", "story",
                "article", "news"}


def _decimals_rejoined(words: list[str], text: str) -> list[str]:
    """'7', '2', 'magnitude' → '7.2', 'magnitude' when the article writes "7.2" (a slug drops the point)."""
    joined: list[str] = []
    for word in words:
        if joined and word.isdigit() and joined[-1].isdigit() and re.search(rf"\b{joined[-1]}[.,]{word}\b", text):
            joined[-1] = f"{joined[-1]}.{word}"
        else:
            joined.append(word)
    return joined


def headline_from_url(url: str | None, text: str) -> str | None:
    """A headline from the URL's slug ("/2022/01/15/tonga-volcano-eruption-triggers-tsunami"),
    each word spelt as the article spells it ("Tonga"); None when the slug is not words."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower()).split("?")[0].split("#")[0]
    segments = [s for s in path.split("/") if s]
    slug = max(segments, key=lambda s: s.count("-") + s.count("_"), default="")
    slug = re.sub(r"\.(?:s?html?|php|aspx?)$", "", slug)
    words = [w for w in re.split(r"[-_]+", slug) if w]
    while words and re.search(r"\d", words[0]):
        words.pop(0)  # leading ids: "227965-sudan-...", "chi-130415-..."
    whole = len(words)
    while words and (re.search(r"\d", words[-1]) or (len(words[-1]) <= 2 and words[-1] not in STOPWORDS)
                     or words[-1] in _SLUG_LABELS):
        words.pop()  # trailing ids and labels: "-n1234567", "-20190613", "-ng-b8811371", "-photo-video"
    while len(words) < whole and words and words[-1] in ("and", "or", "of", "the", "a", "in", "at", "to", "vs"):
        words.pop()  # what an id taken off the end left hanging: "...-in-zim-and-sa" lost "sa"
    words = _decimals_rejoined(words, text)
    if len(words) < 4 or sum(1 for w in words if w.isalpha()) < 0.75 * len(words):
        return None
    spelt = _spellings(text)
    title = " ".join(spelt.get(w, w) if w not in STOPWORDS or spelt.get(w, w).isupper() else w for w in words)
    return title[:1].upper() + title[1:] if len(title) <= 120 else None


def _spellings(text: str) -> dict[str, str]:
    """How the article spells each word, by its lower-case letters: slug "russias" is the text's
    "Russia’s", "us" its "U.S."; a capital the word only has at the start of a sentence ("Bond
    prices fell") is not its spelling, the most common one elsewhere is."""
    votes: dict[str, dict[str, float]] = {}
    matches = list(re.finditer(r"\b(?:[A-Z]\.){2,}|[^\W\d_][\w'’]*", text))
    for index, match in enumerate(matches):
        word = match.group(0).rstrip("'’")  # a closing quote is not the word's: "the 'procés'"
        before = text[max(0, match.start() - 6):match.start()]
        opening = match.start() < 2 or re.search(r"[.!?:][\"”’')]*\s+[\"“‘'(]?$", before) is not None
        shouted = word.isupper() and any(0 <= i < len(matches) and len(matches[i].group(0)) > 1
                                         and matches[i].group(0).isupper() for i in (index - 1, index + 1))
        # "U.S." and "NASA" are capitals wherever they stand; a line in capitals ("BOND YIELDS") is not a spelling
        weight = 0.1 if shouted or opening and not word.isupper() else 1.0
        for key in {word.lower(), slugify(word).replace("-", "")}:  # "russias", "us", "deroule", as slugs write them
            spellings = votes.setdefault(key, {})
            spellings[word] = spellings.get(word, 0.0) + weight
    return {key: max(spellings, key=lambda w: spellings[w]) for key, spellings in votes.items()}


# ----------------------------------------------------------------------------------- key points

_CONNECTIVE = re.compile(r"^(?:additionally|however|moreover|furthermore|meanwhile|in addition|also|besides|still|"
                         r"nevertheless|nonetheless|as a result|in response|in turn|instead|indeed|therefore|thus|"
                         r"consequently|similarly|likewise|separately|earlier|later|then|and|but|so|yet),\s+",
                         re.IGNORECASE)
_NEEDS_ANTECEDENT = re.compile(r"^(?:this(?! (?:year|week|month|morning|afternoon|evening|weekend)\b)|these|"
                               r"that|those|it|its|he|she|they|his|her|their|them|such|"
                               r"there(?! (?:is|are|was|were|has been|have been|had been|will be)\b)|"
                               r"the (?:move|measure|decision|step|announcement|development|situation|incident|"
                               r"statement|report|comments?|remarks?))\b", re.IGNORECASE)


def standalone(sentence: str) -> str | None:
    """The sentence as a key point that reads on its own, or None: a leading connective
    ("Additionally, ...") is dropped; one that still leans on what came before ("This move ...",
    "He said ...") is skipped, and so is one the scraper cut off ("... before the end of the school yea")."""
    text = _CONNECTIVE.sub("", sentence.strip())
    text = text[:1].upper() + text[1:]
    if _NEEDS_ANTECEDENT.match(text) or text.startswith(("\"", "“", "'", "‘")) or not SENTENCE_END.search(text):
        return None
    if text.endswith("?") or not 40 <= len(text) <= 400:
        return None
    return text


def _content(sentence: str) -> set[str]:
    return {w for w in words_of(sentence) if w not in STOPWORDS and len(w) > 3}


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def key_points(sentences: Sequence[str], summary: Sequence[str], title: str, count: int) -> list[str]:
    """``count`` key points from the article's sentences (in order), none repeating the summary:
    the lede's next fact first, then by maximal marginal relevance (relevance to the whole article
    and the title, minus similarity to what is already chosen)."""
    words = [_content(s) for s in sentences]
    frequency = Counter(w for own in words for w in own)
    title_words = _content(title)
    candidates: list[tuple[int, str, float]] = []
    for index, sentence in enumerate(sentences):
        if sentence in summary or line_key(sentence) == line_key(title):
            continue  # the lede that became the headline word for word is not a key point either
        text = standalone(sentence)
        if text is None:
            continue
        own = words[index]
        central = sum(frequency[w] - 1 for w in own) / max(1.0, len(own) ** 0.5)
        score = central + 1.5 * len(own & title_words) + (0.8 if re.search(r"\d", sentence) else 0.0) \
            - 0.05 * index
        candidates.append((index, text, score))
    if not candidates:
        return []
    # The best 60 by relevance are plenty for five points, and keep a long article linear.
    pool = set(sorted(candidates, key=lambda c: -c[2])[:60]) | {candidates[0]}
    candidates = [c for c in candidates if c in pool]
    chosen = [candidates[0]] if candidates[0][0] <= len(summary) + 1 else []
    top = max(c[2] for c in candidates) or 1.0
    summary_words = [_content(s) for s in summary]
    while len(chosen) < count:
        remaining = [c for c in candidates if c not in chosen]
        if not remaining:
            break
        seen = summary_words + [words[c[0]] for c in chosen]

        def marginal(item: tuple[int, str, float]) -> float:
            redundancy = max((_similarity(words[item[0]], other) for other in seen), default=0.0)
            return 0.7 * item[2] / top - 0.6 * redundancy

        best = max(remaining, key=lambda c: (marginal(c), -c[0]))
        if max((_similarity(words[best[0]], other) for other in seen), default=0.0) > 0.6:
            candidates.remove(best)  # a near-repeat of a chosen sentence or the summary
            continue
        chosen.append(best)
    return [text for _, text, _ in sorted(chosen)]
