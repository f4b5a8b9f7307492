"""English verb forms for headlines: news headlines tell past events in the present tense
("Earthquake strikes Morocco", "Protesters storm palace"), so a headline made from a lede turns
its main verb from the past ("struck", "stormed", "has won") into the present.

Rules for regular verbs plus a table of the irregular ones news uses; where a form is ambiguous
the word is left as it was (a past tense in a headline reads fine, a misspelt verb does not).
"""

from __future__ import annotations

import re

# Irregular past tenses (and past participles after "has") → the bare verb.
IRREGULAR = {
    "became": "become", "began": "begin", "begun": "begin", "blew": "blow", "broke": "break", "brought": "bring",
    "built": "build", "burst": "burst", "bought": "buy", "caught": "catch", "chose": "choose", "came": "come",
    "cut": "cut",
    "dealt": "deal", "drew": "draw", "drove": "drive", "fell": "fall", "fought": "fight", "found": "find",
    "fled": "flee", "flew": "fly", "forgot": "forget", "froze": "freeze", "gave": "give", "given": "give",
    "got": "get", "grew": "grow", "held": "hold", "hit": "hit", "hurt": "hurt", "kept": "keep", "knew": "know",
    "laid": "lay", "led": "lead", "left": "leave", "lost": "lose", "made": "make", "meant": "mean", "met": "meet",
    "paid": "pay", "put": "put", "quit": "quit", "ran": "run", "rose": "rise", "risen": "rise", "said": "say",
    "sank": "sink", "saw": "see", "seen": "see", "sold": "sell", "sent": "send", "set": "set", "shook": "shake",
    "shot": "shoot", "shut": "shut", "slid": "slide", "sought": "seek", "spent": "spend", "spoke": "speak",
    "spread": "spread", "stood": "stand", "stole": "steal", "struck": "strike", "swept": "sweep", "swore": "swear",
    "sworn": "swear", "took": "take", "taken": "take", "taught": "teach", "tore": "tear", "told": "tell",
    "thought": "think", "threw": "throw", "thrown": "throw", "understood": "understand", "went": "go",
    "gone": "go", "woke": "wake", "won": "win", "withdrew": "withdraw", "withdrawn": "withdraw", "wrote": "write",
    "written": "write", "overtook": "overtake", "overthrew": "overthrow", "overthrown": "overthrow",
    "undertook": "undertake", "upheld": "uphold",
}
_NOT_PAST = {"hundred", "bed", "red", "shed", "sled", "wed", "bred", "sacred", "naked", "wicked", "ragged",
             "rugged", "kindred", "hatred", "embed", "shred", "infrared", "beloved", "learned", "aged", "crooked"}
_NEEDS_E = re.compile(
    r"(?:[^aeiou][aeiou][cgsvzkpmnl]|[^aeiou]ar|[^aeiou]?[iu]r|[^e]at|[^aeiou]ut|[^aeiou]ot|[^aeiou][aeiou]d|"
    r"[rnlpu][cgsv]|[^aeiou]l|[aeiou]{2}[cszv]|[^aeiou]ag|dg)$")
_NO_E = re.compile(r"(?:ss|[aeiou]{2}[^aeioucszv]|en|on|an|er|et|it|om|[^aeiou]{2}[dt]|w|y|x|h)$")
_AMBIGUOUS = re.compile(r"[^aeiou]or$")  # ignored → ignore, but honored → honor: left as it is
_E_EXCEPTIONS = {"complet": "complete", "compet": "compete", "delet": "delete", "unit": "unite",
                 "invit": "invite", "cit": "cite", "ignit": "ignite", "excit": "excite", "creat": "create",
                 "welcom": "welcome", "releas": "release", "increas": "increase", "decreas": "decrease",
                 "fuell": "fuel",
                 "open": "open", "happen": "happen", "threaten": "threaten",
                 "requir": "require", "acquir": "acquire", "inquir": "inquire"}


def bare_verb(past: str) -> str | None:
    """'stormed' → 'storm', 'declared' → 'declare', 'carried' → 'carry', 'struck' → 'strike';
    None when the word is not a past tense or its bare form cannot be told for sure."""
    word = past.lower()
    if word in IRREGULAR:
        return IRREGULAR[word]
    if not word.endswith("ed") or len(word) < 4 or word in _NOT_PAST:
        return None
    stem = word[:-2]
    if word.endswith("ied"):
        return word[:-1] if len(word) <= 4 else word[:-3] + "y"  # died → die, carried → carry
    if word.endswith("eed"):
        return word[:-1] if word in ("agreed", "freed", "guaranteed", "decreed", "refereed") else None  # "need"
    if word.endswith(("ued", "oed")):
        return word[:-1]  # continued → continue, echoed → echo
    if stem in _E_EXCEPTIONS:
        return _E_EXCEPTIONS[stem]
    # A doubled consonant after a short vowel ("stopp", "nodd", "equipp"), not a verb's own ("add", "err").
    short_vowel = len(stem) >= 4 and stem[-3] in "aeiou" and (stem[-4] not in "aeiou" or stem[-5:-3] == "qu")
    if short_vowel and stem[-1] == stem[-2] and stem[-1] not in "sfz":
        if stem[-1] != "l" or len(stem) >= 6:
            return stem[:-1]  # stopped → stop, barrelled → barrel (but killed → kill)
        return stem
    if _AMBIGUOUS.search(stem):
        return None
    if re.search(r"[^e]at$", stem):
        return stem + "e"  # evacuated → evacuate
    if _NO_E.search(stem):
        return stem
    if _NEEDS_E.search(stem):
        return stem + "e"
    return stem


def present(verb: str, plural: bool) -> str:
    """The present tense of a bare verb for a singular or plural subject: 'strike' → 'strikes'."""
    if plural:
        return verb
    if verb in ("be", "have", "do", "go"):
        return {"be": "is", "have": "has", "do": "does", "go": "goes"}[verb]
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + ("es" if re.search(r"(?:s|sh|ch|x|z|o)$", verb) else "s")


def finite_from_ing(verb_ing: str, plural: bool) -> str:
    """'imposing' → 'impose'/'imposes', 'running' → 'run'/'runs' (regular English only)."""
    stem = verb_ing[:-3]
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        stem = stem[:-1]
    elif re.search(r"(?:[aeiou][cgsvz]|[rn][cgs]|[aeiou]r[cgv]|ur)$", stem) \
            or re.fullmatch(r"[^aeiou]?[aeiou][kt]", stem):
        stem += "e"
    return present(stem, plural)


_PLURAL_NOUNS = {"police", "people", "taliban", "cattle", "clergy", "militia", "children", "men", "women"}


def plural_subject(subject: str) -> bool:
    """Whether a subject takes a plural verb, judged by its head word ("Thousands of protesters" → the
    word before "of"; "A strong earthquake" → "earthquake")."""
    head_phrase = re.split(r"\s(?:of|in|from|at|near|on|with|across|inside|outside|under|over|behind|for|by)\s",
                           subject, maxsplit=1)[0]
    words = head_phrase.split()
    if not words:
        return False
    if " and " in f" {head_phrase} ":
        return True
    head = words[-1].strip(",'’").lower()
    if head in ("they", "we", "you"):
        return True
    if head in ("series", "news", "species", "politics", "economics"):
        return False
    if head in _PLURAL_NOUNS:
        return True
    singular_s = ("ss", "us", "is", "os", "'s", "’s")
    return head.endswith("men") or len(head) > 3 and head.endswith("s") and not head.endswith(singular_s)


# Words after which an "-ed" word is an adjective ("two masked gunmen"), not the main verb.
_BEFORE_ADJECTIVE = {"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "some",
                     "many", "several", "few", "of", "and", "or", "with", "by", "for", "in", "on", "at", "to", "newly",
                     "so", "well", "most", "more", "less", "fully", "partly", "heavily", "two", "three", "four", "five",
                     "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "thousands", "who", "which"}
_PERFECT = {"has", "have"}
_CLAUSE_OPENERS = {"says", "say", "said", "that", "who", "which", "when", "because", "if", "while", "whose"}
_LEADING = re.compile(r"^(?:in|on|at|after|before|during|since|by|for|with|amid|following)\b[^,]*, ", re.IGNORECASE)
_AUXILIARIES = {"is", "are", "am", "be", "been", "being", "had", "get", "gets", "got", "will", "would", "could",
                "should", "may", "might", "must", "can", "did", "does", "do"}
_PAST_BE = {"was": ("is", "are"), "were": ("is", "are")}


def to_present(clause: str) -> str:
    """The clause with its main verb in the present tense, as headlines tell news: "A strong
    earthquake struck Morocco" → "A strong earthquake strikes Morocco", "Milei has won" → "Milei wins",
    "Ruto was all smiles" → "Ruto is all smiles". Passives ("was detained") and anything unsure stay."""
    words = clause.split(" ")
    for index in range(1, min(len(words), 14)):
        word, before = words[index], words[index - 1].lower()
        if word.lower() in _CLAUSE_OPENERS:
            return clause  # "X says they was ...": the main verb has passed; leave the reported clause
        if not word.isalpha() or not word.islower() or before.endswith(","):
            if before.endswith(",") and not word[:1].isupper():
                return clause  # the verb comes before the first comma ("Maui, Hawaii" aside) or not at all
            continue
        following = words[index + 1].lower() if index + 1 < len(words) else ""
        plural = plural_subject(_LEADING.sub("", " ".join(words[:index])))  # "In May, the army" → "the army"
        if word in _PAST_BE:
            if bare_verb(following) is not None or following in ("being", "been"):
                return clause  # a passive: "was detained" stays for the headline's participle
            words[index] = _PAST_BE[word][plural]
            return " ".join(words)
        if word in _PERFECT:
            verb = bare_verb(following) if following not in ("been", "to") else None
            if verb is None:
                return clause
            return " ".join(words[:index] + [present(verb, plural)] + words[index + 2:])
        if before in _AUXILIARIES:
            return clause  # "is scheduled to", "had torched": leave the auxiliary's verb alone
        verb = bare_verb(word)
        if verb is None or before in _BEFORE_ADJECTIVE or following == "by":
            continue
        words[index] = present(verb, plural)
        _coordinated_to_present(words, index + 1, plural)
        return " ".join(words)
    return clause


def _coordinated_to_present(words: list[str], start: int, plural: bool) -> None:
    """"kill three and injured 260" → "kill three and injure 260": the main verb's partner after "and"."""
    for index in range(start, len(words) - 1):
        if words[index].endswith((",", ";", ":")):
            return
        if words[index] == "and":
            verb = bare_verb(words[index + 1]) if words[index + 1].isalpha() and words[index + 1].islower() else None
            if verb is not None:
                words[index + 1] = present(verb, plural)
            return
