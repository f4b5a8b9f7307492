"""What one line of a scraped page is, from its own text: furniture and metadata patterns.

Used by ``page_text`` (which adds context: position, neighbours, repetition). The patterns are
the shapes that every news site's template produces, not any one site's wording: menus and
breadcrumbs, share and follow prompts, captions and photo credits, bylines, agency credits,
"Published/Updated" stamps, tag lists, teaser links, widgets, cookie and legal lines.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..countries import resolve_country
from .verbs import IRREGULAR

# English function words (after jusText's English stoplist, trimmed): their density tells prose
# from labels, names and link lists.
STOPWORDS = frozenset("""
a about above after again against all also although am an and any are as at be because been before being
below between both but by can could did do does doing down during each either even ever every few for from
further had has have having he her here hers herself him himself his how however i if in into is it its
itself just least less like made make many may me might more most much must my myself neither no nor not
now of off often on once one only or other our ours ourselves out over own per rather same says said she
should since so some still such than that the their theirs them themselves then there these they this those
though through thus to too under until up upon us very was we were what when where whether which while who
whom whose why will with within without would yet you your yours yourself yourselves
""".split())


# A line that ends as a sentence: its stop, maybe a closing quote or bracket, maybe a source in
# brackets ("... military."(Source: NBC), "... said. (Reuters)").
SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?:\s*\([^()]{1,40}\))?$")


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())  # letters of any alphabet: "eleições"


def content_words(text: str, stopwords: Collection[str] = STOPWORDS) -> set[str]:
    """The words of four letters or more that are not function words: what a text is about."""
    return {word for word in words_of(text) if len(word) > 3 and word not in stopwords}


def line_key(text: str) -> str:
    """A line's identity for repetition: lower-case letters (of any alphabet) and digits, single
    spaces. (Latin letters alone made every line in Cyrillic or Arabic the same empty key.)"""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DAYS = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
# Tokens a time stamp is made of: numbers, months, weekdays, clock words, time zones, labels.
_STAMP_TOKEN = re.compile(
    rf"^(?:\d{{1,4}}(?:st|nd|rd|th)?|{_MONTHS}|{_DAYS}|am|pm|a\.m\.?|p\.m\.?|utc|gmt|ist|[ecmp][sd]t|bst|cet|cest|eet|eest|jst|kst|aest|aedt|gst|"
    r"wat|eat|cat|sast|msk|hkt|sgt|pht|ict|wib|ast|adt|hst|"
    r"published|updated|posted|last|modified|on|at|date|time|edited|created|first|hours?|hrs?|minutes?|mins?|"
    r"seconds?|days?|weeks?|ago|yesterday|today|min|read|et|pt|ct|"
    # the same labels in the languages of European sites: publié le ... à, veröffentlicht am, pubblicato il
    r"publié|publiée|le|à|mis|jour|veröffentlicht|aktualisiert|am|um|uhr|pubblicato|aggiornato|il|alle|ore|"
    r"publicado|actualizado|el|las|a|gepubliceerd|bijgewerkt|op|om|de|del|às|atualizado|em|h|u|"
    r"bron|fuente|fonte|quelle|source|"  # "8/03/17 - 02u15 Bron: Belga": the agency after its label
    # ages and days: "hace 2 horas", "il y a 3 heures", "vor 2 Stunden", "2 ore fa", "3 uur geleden", "Hoy, 10:15"
    r"hace|horas?|minutos?|días?|il|y|heures?|jours?|vor|stunden?|minuten|tagen?|há|dias|ore|fa|minuti|giorni|"
    r"uur|geleden|dagen|hoy|ayer|aujourd'hui|aujourd|hui|hier|heute|gestern|oggi|ieri|hoje|ontem|vandaag|gisteren|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|"
    r"março|maio|junho|julho|setembro|outubro|novembro|dezembro|janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember|gennaio|febbraio|aprile|"
    r"maggio|giugno|luglio|settembre|ottobre|dicembre|"
    r"січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня|"
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)$")
_AGENCIES = re.compile(
    r"^\(?-*\s*ends?\s*-*\)?$|"  # a wire story's end marker: "(END)", "-- ENDS --"
    r"^\*?\(?(?:with (?:inputs|input|reporting) from|with agency inputs|com informações d[aoe]s?|con información de|"
    r"avec l'afp|mit material von)\b.{0,80}\)?\.?\)?$|"
    r"^\(?(?:(?:from|via|source:?) (?:the )?)?(?:reuters|afp|ap|the associated press|associated press|agence france-presse|tass|xinhua|pti|ians|ani|"
    r"dpa|efe|bloomberg|upi|anadolu(?: agency)?|kyodo(?: news)?|yonhap|bernama|apa|ansa|sputnik|ria novosti|"
    r"bss|irna|wam|spa|mena|kuna|qna|app|reuters staff|press trust of india|united news of india|asian news international|"
    r"agencies|news agencies|wires|wire services|nbc|nbc news|abc|abc news|cbs|cbs news|fox news|sky news|itv|"
    r"rte|cbc|cbc news|npr|pbs|voa|rfi|afp/reuters|reuters/afp|al jazeera|bbc|bbc news|cnn|france ?24|dw|mna|"
    r"mehr news agency|tasnim|isna|fars|ptv|"
    # the agencies of the other languages of the pages, and their words for "agencies" and "newsroom"
    r"agencia efe|europa press|lusa|agência brasil|agência lusa|belga|anp|notimex|télam|sda|ats|afp/efe|efe/afp|"
    r"ntb|ritzau|tt|stt|apa|čtk|ctk|tasr|pap|mti|hina|tanjug|ukrinform|interfax|unian|"
    r"agencias|agences|agenturen|agenzie|agências)\)?[.:]?$|"
    # "/ritzau/", "Ritzau Tirsdag, 10. juli 2018 - 10:09": a Nordic agency's mark, alone or over its stamp
    r"^/(?:ritzau|ntb|tt|stt)/$|^(?-i:Ritzau|NTB|STT|TT) (?=\S+,? \d{1,2}\.)",
    re.IGNORECASE)
# "Redacción", "La rédaction / AFP": the newsroom signs, not a person (metadata, but no author).
_NEWSROOM = re.compile(r"^(?:redacción|redaktion|la rédaction|rédaction|redazione|redação|redactie|newsroom|"
                       r"news desk|web desk|staff reporter)(?:\s*/\s*[\w ]{2,20})?[.:]?$", re.IGNORECASE)
_BYLINE = re.compile(
    # "Por", "Par", "Von", "Door", "Di", "Av": "By" in the other languages of the pages
    r"^(?i:by|written by|reported by|posted by|author|authors|reporter|words by|text by|story by|por|par|von|door|"
    r"di|av|escrito por|publicado por|reportagem de|publié par|écrit par|geschrieben von|scritto da|geschreven door|"
    r"autora?|auteure?|autore|texto|texte)\s*[:|-]?\s*"
    r"([A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|da|van|von|bin|al|el|la|le|and|&))*)"
    # "By AP Published: ...", "By Jane Doe @janedoe"
    r"(?:\s*(?:,|\||-|–|—|for|in)\s*.*|\s+\d.*|\s+(?i:published|updated|posted)\b.*|\s+@\w+.*)?$")
_REPORTING_BY = re.compile(r"^\(?(?:reporting|reported|additional reporting|writing|written|editing|edited|compiled) by\b|"
                           # "- Published", "Muokattu 18.8. kello 18.08: ...", "Door de redactie geplaatst: dinsdag ..."
                           r"^[-•]?\s*(?:published|updated)$|"
                           r"^(?:muokattu|päivitetty|oppdatert|opdateret|uppdaterad)\s+\d|"
                           r"^(?:door de [\w ]{1,20} )?(?:geplaatst|gepubliceerd|bijgewerkt)\s*:?\s+\w+ \d|"
                           r"^\((?:adds|updates|recasts|corrects|changes|writes through|new throughout|refiles)\b|"
                           r"^(?:posted|published|updated|submitted)\b.{0,60}\b(?:by|on)\b.{0,40}$|"
                           r"^[A-Z][A-Z .'-]{2,30}, [A-Z][a-z]{2,4}\.? \d{1,2}, [A-Z][a-z]+$|"
                           r"^(?:source|sources|credit)\s*:\s*(?:\S.{0,40}|https?://\S+)$|"
                           # the editor's credit in Polish; a reporter's contact line ("You can reach Staff Writer ...")
                           r"^(?:edycja(?: tekstu)?|opracowanie|oprac\.)\s*:\s*\w.{0,40}$|"
                           r"^you can reach (?:staff writer|reporter|the reporter|the writer|(?-i:[A-Z]))|"
                           # "Name - RTP15 Nov, 2017, 11:28 / atualizado em 15 Nov, 2017, 13:57 | País"
                           r"^(?=.{0,160}$).{0,80}\b(?:atualizado em|actualizado el|mis à jour le|aktualisiert am|"
                           r"aggiornato il|bijgewerkt op|updated on)\s+\d|"
                           # "– RSS, THT ONLINE": agencies in capitals after a dash; "Baku, Azerbaijan, Aug. 8"
                           r"^[-–—]\s*(?-i:[A-Z]{2,}(?:[ ,/]+[A-Z]{2,})*)$|"
                           r"^(?-i:[A-Z][\w'’.-]+(?:, [A-Z][\w'’.-]+){1,2}), "
                           r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}$|"
                           # "The Diplomat July 10, 2017": an outlet and its date
                           r"^(?!(?:by|por|par|von|door) )(?-i:(?:The )?[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}) "
                           r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|November|"
                           r"December)) \d{1,2}, \d{4}$|"
                           # an outlet over its date: "Radio Okapi - 10 janvier 2019", "Africa | 9 December 2016"
                           r"^(?-i:[A-Z][\w.'’]+(?: [A-Z][\w.'’]+){0,3}) [-–—|] \d{1,2}\.? [^\W\d_]{3,12} \d{4}$|"
                           # "OAN’s Sophia Flores", "CNN's Jake Tapper": an outlet's reporter alone on a line
                           r"^(?-i:[A-Z][A-Z0-9]{1,6}['’]s [A-Z][a-z]+(?: [A-Z][a-z]+){1,2})$", re.IGNORECASE)
_DATELINE_LINE = re.compile(r"^([A-Z][A-Z.'\- ]{2,40})(?:,\s*[A-Z][A-Za-z.' ]{2,30})?\s*(?:\([A-Za-z ]+\))?"
                            r"\s*(?:[:—–-]|--)?$")

_FURNITURE = re.compile(
    r"^(?:[✕✖×] ?close\b|share(?: this| on| article| the story| via|$|:)|"
    # the same prompts in the other languages of the pages
    r"compartilhe|compartir|comparte|partager|partagez|teilen$|deel dit|"
    r"leia (?:também|mais)|lea también|lee también|à lire aussi|lire aussi|lesen sie auch|mehr zum thema|"
    r"leggi anche|lees ook|mais lidas|lo más leído|más leídas|les plus lus|meistgelesen|più letti|"
    r"اقرأ (?:أيضًا|أيضا|ايضا)|читайте (?:также|також)|čtěte (?:také|též)|přečtěte si (?:také|též)|preberite še|"
    r"pročitajte (?:još|i)|прочитајте (?:још|и)|"
    r"viac o téme|více (?:k|o) tématu|więcej na ten temat|más sobre (?:el tema|este tema)|"
    r"mais sobre o (?:tema|assunto)|"
    r"plus sur ce sujet|mehr zu diesem thema|"
    # "Veja os vídeos:", "Mira el video", "Regardez la vidéo": a player's prompt in the pages' languages
    r"(?:veja|assista|mira|vea|regardez|sehen sie|guarda|bekijk|zobacz|podívejte se na)(?: \w{1,3})? "
    r"(?:v[íi]deos?|vid[ée]os?|fotos?|imagens|im[aá]genes|photos|bilder|immagini|beelden|wideo)\s*:?$|"
    r"(?:dans|rubrique|catégorie)\s*:\s*[^.!?]{1,40}\.?$|"  # "Dans : CAN 2024.": the section, as "Filed under"
    r"(?:compartilhar|condividi|síguenos|siguenos|seguici|siga-nos|suscríbete|suscribete|iscriviti|assine)\b|"
    r"auf \w+ teilen|folgen sie uns|suivez-nous|volg ons|inscrivez-vous|abonnez-vous|abonnieren$|"
    r"(?:publicidad|anuncio|werbung|anzeige|publicité|pubblicità|publicidade|advertentie)$|"
    r"(?:noticias|notícias|articles|artículos|artigos|articoli|artikel) (?:relacionad[oa]s|similaires|liés|"
    r"correlati|gerelateerde)|ähnliche artikel|verwandte artikel|"
    r"(?:comentarios|kommentare|commentaires|commenti|comentários|reacties)(?: \(\d+\))?$|"
    r"(?:ver más|voir plus|mehr anzeigen|ver mais|mostra di più|lees meer)$|"
    r"(?:seguir leyendo|weiterlesen|lire la suite|continua a leggere|continuar lendo|lees verder)\b|"
    r"(?:cerrar|schließen|fermer|chiudi|fechar|sluiten|inicio|startseite|accueil|início)$|"
    r"te puede interesar|también te puede|vous aimerez aussi|à voir aussi|das könnte sie auch|"
    r"potrebbe interessarti|você pode gostar|veja também|ver también|"
    r"tweet$|tweet this|e-?mail$|email this|print$|print this|"
    r"facebook$|twitter$|linkedin$|whatsapp$|pinterest$|telegram$|reddit$|copy link|copy url|click to (?:share|print|"
    r"email|enlarge)|sign (?:in|up)|log ?in|register$|subscribe|newsletter|advertisement|advertising$|advert$|ad$|"
    r"sponsored|promoted|cookie|we use cookies|accept (?:all|cookies)|skip to|jump to|toggle navigation|menu$|"
    r"main menu|navigation|pages navigation|search$|search for|home$|close$|open$|back to top|next article|"
    r"previous article|next story|previous story|you may also like|you might also like|recommended|top stories|"
    r"latest(?: news| stories)?$|latest(?: [\w-]+){1,2} news$|breaking news$|most (?:read|popular|viewed|"
    r"shared)|trending|follow us|follow @|"
    r"join us|join our|download (?:our|the) app|get the app|click here|read more|read also|also read|see also|"
    r"read\s*:|read next|up next\s*:|must read|don'?t miss|more\s*:|watch also|more to come|[a-z]+ icon\b|play all$|"
    r"(?:more )?details (?:below|later|to follow)|we(?:'|’)ll update this (?:story|article|post)|"
    r"read the [\w .'’-]{1,40} (?:story|article|report) here|in the same category$|"
    r"follow (?:our|the) (?:[\w' -]{1,30} )?(?:live|blog|coverage|updates)\b|"
    r"brows\w* (?:our|the) (?:photo )?gallery|courtesy(?: of)? (?-i:[A-Z])|"
    r"related(?: stories| articles| topics| content| news| coverage| posts)?\s*:?|more on this|more from|more news|"
    r"more stories|watch:|watch now|watch live|video:|listen:|listen to this|listen now|podcast:|media caption|"
    r"image (?:source|caption)|photo gallery|gallery:|loading|please wait|enable javascript|your browser|"
    r"comments?(?: \(\d+\))?$|\d+ comments?$|leave a (?:comment|reply)|add comment|show comments|"
    r"this (?:article|story|post) has \d+ comment|"
    r"copyright|©|\(c\) ?\d{4}|all rights reserved|terms (?:of|and) (?:use|service|conditions)|privacy(?: policy| notice)?|"
    r"contact us|about us|site ?map|rss$|feedback$|tags?\s*:|filed under|topics?\s*:|categories\s*:|keywords\s*:|"
    r"posted in|time in [a-z]+|today in [a-z]+|weather|\d+ (?:min|minute)s? read|reading time|listen \d|play video|now playing|"
    r"video duration|show more|show less|load more|view (?:all|more|comments)|continue reading|report an error|"
    r"send us|got a (?:news )?tip|support (?:us|our)|donate|become a member|help us|our website is made possible|"
    r"please consider (?:supporting|disabling)|responsive image|latest posts by|submit$|available in other languages|"
    r"watch more|watch (?:a |the |our )?video|more to follow|this is an? (?:breaking|developing|evolving|updating) "
    r"(?:news )?story|this is (?:breaking|developing) news|"
    r"(?-i:\[[^\]a-z]{3,}\])$|please check back|check back (?:later|soon|for updates)|live updates?$|"
    r"live blog$|read\.?$|"
    r"(?:undefined|null|nan|none)$|"  # what a page's script printed where it had no value
    r"this (?:article|story) (?:was|has been|is) "
    r"(?:originally|first|published|updated|amended)|editor'?s (?:note|picks?)|opinion$|analysis$|exclusive$|"
    # what embedded posts, players and photo viewers print, on any site that embeds them
    r"view this (?:post|profile|video) on|a post shared by|tweet may have been deleted|(?:this )?content is not "
    r"available|(?:story|article) continues (?:below|after)|scroll to continue|(?:show|hide|toggle|view) caption|"
    r"enlarge (?:this )?image|(?:image|photo|picture|slide) \d+ (?:of|/) \d+|link copied|skip ad|"
    r"open in (?:the )?app|email the author|follow [\w .'-]{1,40} on (?:twitter|facebook|instagram|linkedin|x)\b|"
    r"already (?:a subscriber|have an account)|do not sell my|audio is not available|our standards:|sections$|"
    r"supported by$)",
    re.IGNORECASE)
# "EMBED More News Videos": a video player's label, the video's description under it (page_context).
PLAYER_LABEL = re.compile(r"^embed\b.{0,30}\bvideos$", re.IGNORECASE)
# Site prompts that can sit anywhere in a line: cookie banners, app prompts, appeals for support.
_FURNITURE_ANYWHERE = re.compile(
    r"\b(?:uses? cookies|cookie (?:policy|settings)|tap here|click here|click to perform|magnifying glass|"
    # the cookie banners and "click here" of the other languages of the pages
    r"(?:utilizamos|usamos|utilisons des|verwenden|utilizziamo(?: i)?|gebruiken|utiliza|utilise|verwendet) cookies?|"
    r"política de cookies|politique (?:de|relative aux) cookies|cookie-richtlinie|pulse aquí|haga clic aquí|"
    r"haz clic aquí|clique aqui|cliquez ici|klicken sie hier|clicca qui|klik hier|"
    r"(?:browser|ie \d+) is not supported|for an optimal experience|(?:news|updates|stories|headlines|newsletter)"
    r" (?:in|to|straight to|delivered to) your inbox|sign up (?:for|of|to) (?:our|the)|"
    r"support (?:independent|our|quality) (?:journalism|reporting)|pic\.twitter\.com/|"
    r"(?:download|get) (?:our|the) app|(?:on|to) your phone with the free\b|subscribe (?:to our|now)|"
    r"enable javascript|something went wrong|click (?:on )?(?:the|this) link below|all rights reserved|"
    r"for the full (?:story|article|report), (?:go|head|visit)|get (?:email |news )?alerts (?:on|for|about)\b|"
    r"(?:hear|watch|see|"
    r"listen to) the full (?:interview|video|"
    r"speech|press conference|story) (?:below|here)|^here is (?:a|the) video\b|newsletter sign ?-?up|"
    r"^(?:lee|leia|lire) (?:en|em) (?:español|english|inglés|inglês|anglais)\b|^read (?:it )?in (?:spanish|"
    r"english)\b|"
    r"^(?:mirá|mira|vea) también\b(?!.*[.!?]$)|^ver más (?=\S)|^czytaj (?:więcej|też|także)\b|^\d{1,3} (?:of|/|"
    r"de|di|von) \d{1,3}$|"
    r"may not be (?:re)?published, broadcast|"
    # players, widgets and notices: "Watch a clip of the interview below:", "EMBED More News Videos"
    r"^(?:watch|hear|listen to)\b.{0,60}\bbelow(?=[.:]?$)|" + PLAYER_LABEL.pattern + r"|"
    r"^like this: like loading|^story: (?-i:[A-Z])\w*|for your personal non-commercial use only|"
    r"^(?:volg|bekijk|kijk) hier\b|"
    # what a comment widget prints: "Comments powered by Disqus", "See our Comments Policy"
    r"comments? (?:powered by|policy|not loading)|powered by disqus|full coverage$|"
    r"^(?:find more|more of) (?:the )?[\w .'’-]{0,40}coverage\b|"
    r"(?:follow|like) us on)\b|\(@\w{1,15}\)|^CLOSE [A-Z]|^[A-Z]{2,}(?: [A-Z]{2,})* \| |"
    # An embedded post or a pasted link: "#Israel is under ...", ".@reporter shares ...", a bare URL.
    r"^(?:\.?@\w{2,15}|#[A-Za-z]\w+ (?:is|are|was|has)\b)|^(?:https?://|www\.)\S+$", re.IGNORECASE)
_CAPTION = re.compile(
    r"^(?:(?:an? )?(?:approximate |interactive )?map (?:of|showing|shows)\b|\(?(?:file )?photo\b|photos?:|image:|"
    r"(?:image|picture) copyright\b|images?:|picture:|pictured:|"
    r"illustration:|graphic:|caption:|credit:|"
    r"photograph:|photo credit|image credit|file photo|handout)|(?:\((?:photo|image|picture|credit)\b[^)]*\)|"
    r"\b(?:reuters|afp|ap|epa|anadolu|xinhua|getty)/[\w .-]+|getty images|ap photo|afp photo|/ ?afp$|/ ?reuters$|"
    r"via getty|source: ?getty|shutterstock|istock|/ ?(?:ap|epa|dpa|ansa|efe|pa|xinhua|anadolu|bloomberg|"
    r"getty)$|"  # "Jane Doe/AP"
    r"photo:? [A-Z]\w+ [A-Z]\w+\.?$|\bphoto by\b|\bimage by\b|\((?:ap|afp|reuters|epa) "
    r"photo[^)]*\))|\((?:[1-4](?:st|nd|rd|th) )?(?:[LRC]|left|right|centre|center)\)", re.IGNORECASE)
_TAG_PREFIX = re.compile(r"^(?:tags?|filed under|topics?|categories|category|keywords|related topics|more about|"
                         r"in this story|mentioned in this|"
                         # the same labels in the other languages of the pages
                         r"etiquetas|schlagwörter|schlagworte|mots-clés|mots clés|parole chiave|palavras-chave|"
                         r"trefwoorden|temas|themen|thèmes|sujets|argomenti|assuntos)\s*[:|]", re.IGNORECASE)


# A teaser link with its date: "- Bushfires sweep across southeast Australia - January 3, 2020".
_TEASER = re.compile(rf"^[-•·*]\s.*\s[-–—|]\s*(?:{_MONTHS})\.? \d{{1,2}},? \d{{4}}$|"
                     rf"^[-•·*]\s.*\s[-–—|]\s*\d{{1,2}} (?:{_MONTHS})\.? \d{{4}}$", re.IGNORECASE)


# A heading over other articles in the other languages of the pages (English ones: page_context).
# Not "Lire aussi", "Leia também", "Lesen Sie auch": one link, often inside the story, which goes on.
_MORE_STORIES = re.compile(
    r"^(?:(?:noticias|notícias|artículos|artigos|articles|articoli|artikel|nachrichten) (?:relacionad[oa]s|similaires|"
    r"liés|correlati|gerelateerde|zum thema)|ähnliche artikel|verwandte artikel|"
    r"(?:más|mais|plus d'|weitere|altre|meer) (?:noticias|notícias|articles|artikel|nachrichten|notizie|nieuws)|"
    r"(?:también )?te puede interesar|vous aimerez aussi|das könnte sie auch interessieren|"
    r"potrebbe interessarti(?: anche)?|você pode gostar|lo más leído|más leídas|mais lidas|les plus lus|"
    r"meistgelesen|più letti|meest gelezen)\b[^.!?:]{0,30}$", re.IGNORECASE)


def is_more_stories_heading(text: str) -> bool:
    """'Noticias relacionadas', 'Lesen Sie auch', 'Vous aimerez aussi': other articles follow."""
    return len(text.split()) <= 6 and bool(_MORE_STORIES.match(text))


def is_stamp(text: str) -> bool:
    """A line that is only a date and/or time (with labels such as 'Published:'), e.g.
    'Published: 3:31am, 14 Jun, 2019', ': 06/13/2019 - 10:52', 'Sun 16 Jun 2019 10:21 AM GST'."""
    if len(text) > 90:
        return False
    if re.fullmatch(r"[•·\s(]*(?:updated|published|posted|last updated|first published)(?: on)?\s*:?\s*\)?\s*",
                    text, re.I):
        return True  # the label alone, its time on the next line
    if re.fullmatch(r"\s*\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\s*", text):
        return True  # "2022-08-30T12:38:23Z"
    if re.fullmatch(r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)\.?", text.strip(),
                    re.I):
        return True  # "Nov" over "20": a date block's month, a line of its own
    tokens = re.findall(r"[^\W\d_]+\.?|\d+(?:st|nd|rd|th)?", text.lower().replace("a.m.", "am").replace("p.m.", "pm"))
    if not tokens or not re.search(r"\d", text) and not re.search(r"\bago\b|yesterday|today", text, re.I):
        return False
    other = [t for t in tokens if not _STAMP_TOKEN.match(t.rstrip("."))]
    if len(other) <= (1 if len(tokens) >= 4 else 0):
        return True
    # "General News of Wednesday, 1 March 2023": a section label over the stamp.
    label = re.match(r"(?:[\w&]+\s+){1,3}(?:of|on|from|for)\s+(?=(?:mon|tue|wednes|thurs|fri|satur|sun)day\b)",
                     text, re.I)
    return label is not None and is_stamp(text[label.end():])


# A card's date: "2 hours ago", "March 3, 2023", "03/03/2023"; a bare clock time ("12:52") is how
# a live blog dates its own entries, not how a list dates other articles.
_CARD_DATE = re.compile(rf"\b(?:ago|hace|il y a|vor|fa|geleden|há|yesterday|ayer|hier|gestern|ieri|ontem|gisteren)\b|"
                        rf"\b(?:{_MONTHS})\b|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}", re.IGNORECASE)


def is_card_date(text: str) -> bool:
    """A stamp that can date an item in a list of articles: a day or an age, not a clock time alone."""
    return is_stamp(text) and bool(_CARD_DATE.search(text))


# Marks that make a line a caption however long and well-formed it is: photo credits, "(centre)".
# A line opening on an emoji ("⚠️ Activation of 112", "🇲🇽 México anuncia ..."): a post's text, not a story's.
EMOJI_LEAD = re.compile(r"^[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")
_STRONG_CAPTION = re.compile(
    r"(?:reuters|afp|ap|epa|getty|xinhua|efe|anadolu|epa-efe)/|getty images|ap photo|afp photo|^\(?file photo|"
    r"^(?:header |main |top |featured |cover |lead )?(?:image|photo|picture|photograph|foto|imagen|imagem|bild|"
    r"immagine)\s*:|\((?:foto|bild|imagen|imagem|immagine)\s*:|"
    r"image not available|"
    r"camera icon|"
    r"\((?:[1-4](?:st|nd|rd|th) )?(?:[LRC]|left|right|centre|center|front|back)\)|\(photo\b|photo credit|"
    r", (?:(?:second|third) from )?(?:left|right|center|centre),|"  # AP style: "Megan Rapinoe, left, celebrates"
    r"image credit|\bcredit: [A-Z]|"
    # "..., Foto: AFP" run into a caption; "Reprodução/Twitter", "Divulgação/PF", "© ." opening one
    r",\s*(?:fotos?|photos?|imagen|imagem|bild|crédito)\s*:\s*[\w .&/-]{1,40}$|"
    r"\b(?:reprodução|divulgação)\s*/\s*\w|^©|"
    # "This undated photo provided by ...", "SHOCK PHOTO: Aerial footage reveals ..."
    r"^(?:in )?this (?:undated |handout |file |\d{4} )?(?:photo|image|picture)\b|\bcc by(?:-[a-z]{2})*(?: \d\.\d)?\b|"
    r"\bvia flickr\b|\b(?:photo|image)s? (?:provided|released) by\b|"
    r"^(?-i:[A-Z]{3,} PHOTOS?:)|(?-i:\b(?:Foto|Photo|Kuva|Bild): [A-ZÆØÅÄÖ][\w-]+ [A-ZÆØÅÄÖ][\w-]+ ?[/.])|"
    # Getty's "AUCKLAND, NEW ZEALAND – JUNE 01: Protestors march ...", "This combination of satellite
    # images ...", "handout one time use", ", REUTERS" closing a caption
    rf"^(?-i:[A-Z][A-Z .,'’-]{{2,60}}\s[-–—]\s(?:{_MONTHS.upper()})\.? \d{{1,2}}:)|^this combination of\b|"
    r"\bone[- ]time use\b|^uncredited\b|,\s*(?-i:REUTERS|AFP|EFE|EPA|AP|GETTY IMAGES)$|"
    r"@?\b(?:pexels|unsplash|shutterstock|istock(?:photo)?|alamy|dreamstime|depositphotos)\b|"
    # the agencies' "General view outside Happel stadium ..."; a credit opening it, "ROBERT KITCHIN/Stuff Chris ..."
    r"^(?:a )?general views? (?:of|outside|inside|at|from|during|shows?)\b|"
    r"^(?:a |this )?(?:graphic|map|infographic) (?:of|showing|shows)\b|"
    r"\s/\s*(?-i:[A-ZŁŚŻĆ][\w-]+ [A-ZŁŚŻĆ][\w-]+)\s*/\s*(?-i:[A-Z]{2,6})$|"  # "... Adamowicz / Adam Warżawa / PAP"
    r"^(?-i:[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){1,3}/[A-Z][\w&.-]{1,30} [A-Z])|"
    # "In the photo" opening a caption in the pages' languages; "Radio Okapi/Ph. John Doe | Agrandir" (enlarge)
    r"^(?:zdjęcie |foto |photo )?(?:na zdjęciu|на фото|на фотографії|na snímke|na snímku|na fotografiji|kuvassa|"
    r"på bildet|på bilden|på billedet|auf dem bild|im bild|sur la photo|sur cette photo|en la imagen|en la foto|"
    r"na foto|na imagem|nella foto|nell'immagine|op de foto)\b|/ph\. (?-i:[A-Z])|\|\s*agrandir$", re.IGNORECASE)


# "... ahead of Gatlin (Mike Egerton/PA)": a photographer and agency in brackets end the line.
# (the outlet may be long: "(Mike De Sisti/Milwaukee Journal-Sentinel via AP)")
_NAMED_CREDIT = re.compile(r"\((?:[A-Z][\w.'’-]+ ){1,3}[A-Z][\w.'’-]+ ?/ ?[A-Z][\w .&-]{1,45}\)\.?$")
# Credits that close a caption after its last sentence, however long the caption is. A story
# paragraph ends on its sentence; these end on who took the picture or posted it (searched in a
# line's last 160 characters: a credit is short, and a long line is slow to search whole):
_CREDIT_TRAILER = re.compile(
    # "... the finish line. — Jane Doe, Daily Paper, April 15, 2013": a dash, a name, an outlet and a
    # year (an embedded post's "— Name (@handle) June 3, 2019" is furniture of its own, not a caption);
    r"\s[—–-]\s*[A-Z][a-z][\w.'’-]*(?:\s[A-Z][\w.'’-]+)+,.{0,80}\b\d{4}\.?$|"
    # "... on Sunday. Photo: Handout", "... in 2019. Picture: Agency" (not after "U.S.");
    r"(?<![A-Z])[.!?\"”)]\s+\(?(?i:photos?|pictures?|images?|fotos?|bild|credit)\s*:\s*[^.!?]{1,50}\.?\)?$|"
    # "... on November 24. / Wire and Agencies", "... in Rabat. Jane Doe / Agency".
    r"(?<![A-Z])[.!?\"”)]\s+(?:[A-Z][a-z][\w.'’-]*(?:\s+[A-Z&][\w.'’-]*){0,4}\s*)?/\s*[A-Z][\w.&-]*"
    r"(?:\s+[A-Z&][\w.&-]*|\s+and){0,4}\.?$|"
    # "... burst its walls on Wednesday night. [Harun Wathari/Standard]": the credit in square brackets
    r"[.!?\"”]\s+\[[A-Z][\w.'’ -]{1,40}/[A-Z][\w. &-]{1,30}\]$")
# "A man looks at the broken pier. (Reuters)": an agency or file mark after a caption's one sentence
# (a story paragraph of two sentences may end on its agency's mark too: "... speech. (AP)").
_AGENCY_MARK = re.compile(
    r"(?<![A-Z])[.!?\"”]\s*\((?i:(?:by |photo by )?(?:reuters|afp|ap|associated press|epa|efe|getty images|"
    r"file(?: photo)?|xinhua|anadolu|dpa|aap))\)\.?$|"
    # "... in Swat Valley on August 27, 2022. AFP" (not "..., the Taliban said in a statement. EFE")
    r"(?<![A-Z])[.!?\"”]\s+(?:AFP|REUTERS|EPA|EFE|XINHUA|ANADOLU|GETTY IMAGES|DPA|ANSA)$")
# "President X (pictured in 2013) was at ...": a caption names its picture; a story paragraph that
# does so ("Smith (pictured) said ...") still ends on its full stop.
_PICTURED = re.compile(r"\((?:pictured|photographed)\b[^)]*\)(?!.*[.!?][\"”’')]*$)", re.IGNORECASE)
# "el_chapo_raid__10_A marine looks into ...": an image's file name glued to its caption.
_IMAGE_FILE_NAME = re.compile(r"^[A-Za-z0-9]+(?:_+[A-Za-z0-9]+){2,}_")


# "(AP/FOX 17) — The New England Patriots beat ...": a lede that opens on its credit, no caption.
_CREDITED_LEDE = re.compile(r"^\([A-Z][\w /&.-]{1,30}\)\s*(?:[—–]|--?)\s+[A-Z\"“]")


def is_caption(text: str) -> bool:
    if _CREDITED_LEDE.match(text):
        return False
    if _STRONG_CAPTION.search(text) or _NAMED_CREDIT.search(text) or _CREDIT_TRAILER.search(text[-160:]) \
            or _PICTURED.search(text) or _IMAGE_FILE_NAME.match(text):
        return True
    mark = _AGENCY_MARK.search(text)
    if mark and not re.search(r"[a-z]{2}[.!?][\"”’]?\s+[A-Z]", text[:mark.start()]) \
            and not re.search(r"\b(?:said|says|told)\b", text):
        return True
    return bool(_CAPTION.search(text)) and not _looks_like_story_sentence(text, allow_credit=True)


# What photos show, in the words captions use: "X is seen at", "Y speaks during", "Z looks on".
_CAPTION_VERBS = re.compile(
    r"\b(?:is|are) (?:seen|pictured|shown)\b|\bposes? for\b|\bposing\b|\bseen (?:during|at|in|on|after|before)\b|"
    r"\blooks? on\b|\bgestures? (?:to|at|towards?|as|during|while)\b|\bwaves? (?:to|at|as)\b|\bspeaks? (?:at|during|to|in|with)\b|"
    r"\barrives? (?:at|for|in)\b|\battends?\b|\bcelebrates? (?:in|on|at|after|with|the)\b|\bcheering\b|"
    r"\breacts? (?:to|as|after)\b|\bwalks? (?:past|through|along|toward|towards|near)\b|"
    r"\bstands? (?:near|in|on|outside|next)\b|\btakes? part in\b|\bcontinue toward\b|\bcarried from\b|"
    # more of the scene verbs of photo captions: "Flood victims sit along a street", "A man carries ..."
    r"\bsits? (?:along|on|in|outside|near|next|beside)\b|\bcarr(?:y|ies) (?:a|an|the|his|her|their)\b|"
    r"\blooks? (?:around|at|out|over)\b|\bwaits? (?:for|outside|in)\b|"
    r"\binspects?\b|\bsurveys? the\b|\b(?:investigates?|works?) (?:at |near |outside )?the scene\b|\bmourns?\b|"
    r"\bprays? (?:at|in|for|during)\b|\bhugs?\b|\bcomforts?\b|"
    r"\btransports? (?:belongings|a|an|the|his|her|their)\b|\bvisits? the (?:site|scene)\b|\bclears? debris\b", re.I)


# A photo shows what is happening: a caption's first sentence has no future, modal or perfect.
_NOT_A_SCENE = re.compile(r"\b(?:will|would|could|should|might|has|have|had|are to|is to)\b", re.IGNORECASE)


def is_caption_prose(text: str) -> bool:
    """One or two sentences describing a photo ("Supporters celebrate in the streets of La Paz"):
    a caption without a credit; only trusted where no story text is next to it (see page_text)."""
    words = text.split()
    if len(words) > 50 or re.search(r"\b(?:said|says|told|according to)\b", text):
        return False
    if len(re.findall(r"[a-z]{2}[.!?][\"”’']?(?:\s|$)", text)) > 2:
        return False  # three sentences are a paragraph (a lede under no headline), not a caption
    first = re.split(r"(?<=[a-z]{2}[.!?])\s", text)[0]
    if _NOT_A_SCENE.search(first):
        return False  # "Schools are to take part in ...", "X will attend ...": news, not what a photo shows
    # The scene is the first sentence's ("The nation mourns ..." after a lede's first sentence is the story's).
    return bool(_CAPTION_VERBS.search(first)) or "camera icon" in text.lower()


# "on Tuesday", "on March 3", "March 3, 2023", "3 March 2023": the day a photo was taken.
_DAY_OF_SCENE = re.compile(
    rf"\b(?:on|this|last|early|late) (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:{_MONTHS})\.? \d{{1,2}})\b|"
    rf"\b(?:{_MONTHS})\.? \d{{1,2}}, \d{{4}}|\b\d{{1,2}} (?:{_MONTHS}) \d{{4}}", re.IGNORECASE)
# Words of a told story, not of a scene shown: the past, auxiliaries, modals, reported speech.
_PAST = frozenset(IRREGULAR) | frozenset({"was", "were", "had", "did"})  # told in the past
_TOLD = _PAST | frozenset({"will", "would", "has", "have", "could", "should", "can", "may", "might", "must", "says",
                           "said", "according", "born", "is", "are", "be", "to"})


DETERMINERS = frozenset({"a", "an", "the", "his", "her", "its", "their", "our", "this", "that", "these", "those"})


# The Associated Press dates a photo as "Sunday, Dec. 12, 2021, in Mayfield, Ky.": weekday, full
# date with its year, then the place. A story says "on Sunday" or "Dec. 12"; this is a caption's.
_PHOTO_DATE = re.compile(rf"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,? (?:{_MONTHS})\.? \d{{1,2}}, \d{{4}},? "
                         r"(?:in|at|near|outside|on|off|during)\b", re.IGNORECASE)


def is_photo_dated(text: str) -> bool:
    """A caption dated the wire agencies' way in its first sentence, and no reported speech."""
    first = re.split(r"(?<=[a-z]{2}[.!?])\s+(?=[A-Z])", text)[0]  # not at "Dec. 12"
    if len(text.split()) > 70 or not _PHOTO_DATE.search(first) or re.search(r"\b(?:said|says|told)\b", text):
        return False
    # A photo shows its scene in the present: "The team faced the Netherlands on Sunday, July 7,
    # 2019, at ..." opens a gallery's story. Only the main clause counts ("... where X died").
    main = re.split(r",|\b(?:where|who|which|that|after|as|when|while|because)\b", first)[0]
    words = re.findall(r"[A-Za-z']+", main)
    return not any(w in _PAST or (w.endswith("ed") and len(w) >= 4
                                  and (i == 0 or words[i - 1].lower() not in DETERMINERS))
                   for i, w in enumerate(words))


def is_dated_scene(text: str) -> bool:
    """One sentence of a scene on a given day told in the simple present and nothing else ("Islanders
    walk past the pier on Saturday."): a caption's grammar. A story tells that day in the past, and
    its present is for what is to come ("The minister leaves for Japan on Saturday" has no scene verb:
    only with is_caption_prose is this a caption)."""
    if not _DAY_OF_SCENE.search(text):
        return False
    undated = re.sub(rf"\b(?:{_MONTHS})\.? \d{{1,2}}\b", "", text, flags=re.IGNORECASE)  # "May 7" is no modal
    words = re.findall(r"[A-Za-z']+", undated)
    if not 5 <= len(words) <= 35 or len(re.findall(r"[a-z]{2}[.!?](?:\s|$)", text)) > 1:
        return False
    lower = [w.lower() for w in words]
    return not any(w in _TOLD or (w.endswith("ed") and len(w) >= 4 and words[i][0].islower()
                                  and (i == 0 or lower[i - 1] not in DETERMINERS))  # "the flooded street"
                   for i, w in enumerate(lower))


def _looks_like_story_sentence(text: str, allow_credit: bool = False) -> bool:
    """Long prose with a verb-ish density: a lede that happens to mention 'AP' or 'Reuters'."""
    if allow_credit and _STRONG_CAPTION.search(text):
        return False
    words = words_of(text)
    dense = sum(1 for w in words if w in STOPWORDS) >= 0.3 * max(1, len(words))
    return len(words) >= 25 and dense and bool(re.search(r"[.!?][\"”’)]*$", text))


def is_tag_list(text: str) -> bool:
    if _TAG_PREFIX.match(text):
        return True
    words = text.split()
    if len(words) >= 4 and re.fullmatch(r"[a-z]+(?: [a-z]+)+", text) and not any(w in STOPWORDS for w in words):
        return True  # "death editors picks kofi annan secretary general": keywords in lower case, no sentence
    if len(text) > 300 or re.search(r"[.!?]$", text):
        return False
    parts = [p.strip() for p in re.split(r"\s*[|;•·]\s*|,\s+|,(?=[A-Za-z])|\s+#", text) if p.strip()]
    glued = len(re.findall(r",(?=[A-Za-z])", text)) >= 2  # "PM Modi,Rajnath Singh,Lok Sabha elections"
    if len(parts) < (3 if glued else 4) or sum(1 for p in parts if re.search(r"\d", p)) * 2 > len(parts):
        return False  # a row of figures ("Net 807,000 vs 2,858,000"), not a list of tags
    short = sum(1 for p in parts if len(p.split()) <= 3)
    return short >= 0.8 * len(parts) and sum(1 for w in words_of(text) if w in STOPWORDS) <= 0.15 * len(parts) * 2


def is_menu_glue(text: str) -> bool:
    """'FinancialGovernment SolutionsLegalReuters News Agency…': menu items run together."""
    glued = len(re.findall(r"[a-z]{2}[A-Z][a-z]", text))
    return glued >= 3 or (glued >= 2 and len(text.split()) <= 12)


def is_person_name(text: str) -> bool:
    """'Anthony Albanese', 'Jean-Claude Juncker', 'Bart H Meijer and Mike Collett-White': a name (or
    two or three) alone on a line (a label or a byline without 'By')."""
    names = re.split(r",\s+|\s+(?:and|&)\s+", text.strip(" ."))
    if 2 <= len(names) <= 3 and len(text) <= 90:  # not "United States and North Korea"
        return all(_one_person_name(name) and resolve_country(name) is None for name in names)
    return _one_person_name(text)


def _one_name_word(word: str, particles: set[str]) -> bool:
    return (word[0].isupper() and word[1:].replace("-", "").replace("'", "").replace(".", "").isalpha()
            and not word.isupper()) or word.lower() in particles


def _one_person_name(text: str) -> bool:
    words = text.strip(" .").split()
    if not 2 <= len(words) <= 4 or len(text) > 40:
        return False
    particles = {"de", "da", "van", "von", "bin", "al", "el", "la", "le", "der", "del", "di"}
    return all((w[0].isupper() and w[1:].replace("-", "").replace("'", "").replace(".", "").isalpha()
                and not w.isupper()) or w.lower() in particles or re.fullmatch(r"[A-Z]\.?", w)  # "Bart H Meijer"
               for w in words[:-1]) and _one_name_word(words[-1], particles) \
        and not any(w.lower() in STOPWORDS for w in words)


def is_menu(text: str) -> bool:
    """'Home | World | Business', 'Home > World > Europe', 'News • Sport • Weather'."""
    for separator in ("|", ">", "›", "»", "•", "/", "·", "\\"):
        parts = [p.strip() for p in text.split(separator) if p.strip()]
        if len(parts) >= 2 and separator in text and all(len(p.split()) <= 3 for p in parts) \
                and len(parts) + sum(len(p.split()) for p in parts) <= 16 and not re.search(r"\d{3}", text):
            return True
    return False


def looks_like_dateline(paragraph: str) -> str | None:
    """'SHARM EL-SHEIKH, Egypt:' or 'LONDON (Reuters) -' opening a lede → that dateline."""
    match = re.match(r"^([A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][A-Za-z.' ]{2,30})?)\s*(?:\([A-Za-z ]+\))?\s*[:—–-]\s",
                     paragraph)
    return match.group(1).strip() if match else None


def _is_dateline_line(text: str) -> bool:
    """'BANGKOK', 'NEW DELHI:', 'KHARTOUM, Sudan -', 'Harare, Zimbabwe' alone on a line (or shown
    twice on it); not a capitalised sub-heading ('WHAT HAPPENED:', 'DEATH TOLL AND INJURIES:') or a
    day name ('FRIDAY')."""
    words = text.split()
    if len(words) % 2 == 0 and words[:len(words) // 2] == words[len(words) // 2:]:
        text = " ".join(words[:len(words) // 2])
    city = re.fullmatch(r"[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){0,2}, ([A-Z][A-Za-z .'’-]{2,30}?)\s*[:—–-]?", text.strip())
    if city and resolve_country(city.group(1)) is not None:
        return True  # a city and its country, nothing else
    match = _DATELINE_LINE.match(text)
    if not match or len(text) > 60 or match.group(1).upper() != match.group(1) or not re.search(r",|[—–-]$", text):
        return False  # "COMMUNITY SAFETY:" is a sub-heading; a dateline has its country or a dash
    place = match.group(1).split()
    words = [w.lower().strip(".,:") for w in place]
    return len(place) <= 3 and not any(w in STOPWORDS for w in words) \
        and not any(re.fullmatch(rf"(?:{_DAYS}|{_MONTHS})", w) for w in words)


# "Senior Correspondent", "AP Business Writer"; "La Prensa Staff": the newsroom credited as a byline.
_JOB_TITLE = re.compile(r"^(?:(?-i:AP|AFP|Reuters|Associated Press|Bloomberg|CNN|BBC|PA|UPI|[A-Z][a-z]+ [A-Z][a-z]+) )?"
                        r"(?:(?:senior|chief|staff|political|foreign|special|news|international|diplomatic|"
                        r"security|defence|defense|economics|business|health|science|[a-z]+ affairs) )*"
                        r"(?:correspondent|reporter|editor|writer|journalist|columnist|contributor)s?$|"
                        r"^(?-i:(?:[A-Z][\w.'’-]+ ){1,3})(?:staff|newsroom|news desk|desk|web desk)"
                        r"(?: \([^()]{1,40}\))?$",
                        re.IGNORECASE)


# "[[title]] [[text]] An error occurred": a widget's template left unfilled (two placeholders or
# more: an article may quote one).
_PLACEHOLDER = re.compile(r"\[\[[a-z_]+\]\]|\{\{ ?[a-z_]+ ?\}\}")
# "L. de La Mornais, T. Donzel, J. Poissonnier": a TV report's credits, initials and surnames.
_CREDITED_NAMES = re.compile(r"(?:[A-Z]\.(?: ?[A-Z]\.)? (?:(?:de|du|da|di|van|von|der|le|la|el) )*[A-Z][\w'’-]+"
                             r"(?: [A-Z][\w'’-]+)?(?:, | (?:and|et|e|y|und) |$)){2,}")


# "Fonte: Andrea Piras e Franco Avanzini", "Source: Reuters": who the text or its figures come from.
_SOURCE_CREDIT = re.compile(r"\(?(?:sources?|fontes?|fonti|fuentes?|quelle|bron|crédits?|via|источник|джерело|źródło|"
                            r"zdroj|lähde|kilde|källa)\s*:\s*[^.!?]{1,160}\)?",
                            re.IGNORECASE)


# An embedded post's author line: "Jack Nicklaus @jacknicklaus" (page_context: the post's text under it).
POST_AUTHOR = re.compile(r"^[^@]{2,40} @\w{2,15}$")
_NAME_HASHTAG = re.compile(r"(?<![\w.])(?!(?:The|A|An|This|That|Our|Their|His|Her|Its|In|On|At|By|For|With|From|"
                           r"And|But|La|Le|Les|El|Los|Las|Der|Die|Das|De|Il|Lo|Un|Une|Una)\b)[A-Z][a-zà-ÿ]+ #[A-ZÀ-Ý]\w+")


def _hashtag_post(text: str) -> bool:
    """An embedded post's text: a name made a hashtag ("... déclare Emmanuel #Macron") in a line of
    sentence case (a title-cased headline capitalises every word), or a line ending on a hashtag
    after another ("... dans les prochains jours #présidentielle2017"), or one that opens on a
    hashtag and has another ("#EpisodeMediterraneen la station de #Trèbes ...")."""
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]
    sentence_case = sum(w[0].isupper() for w in words) < 0.6 * len(words)
    return bool(sentence_case and _NAME_HASHTAG.search(text) or re.search(r"#\w+\b.*\s#\w+$", text)
                or re.match(r"#\w+\b.*\s#\w", text))


def classify_pattern(text: str) -> str | None:
    """'F' (furniture), 'X' (metadata) or None (no pattern: judge by length and words)."""
    if len(text) > 400:  # a long paragraph can only be a long caption; the other shapes are short
        return "F" if is_caption(text) else None
    if _REPORTING_BY.match(text) or is_stamp(text) or _AGENCIES.match(text.strip()) or _JOB_TITLE.match(text) \
            or _NEWSROOM.match(text.strip()) \
            or _CREDITED_NAMES.fullmatch(text.strip()) or _SOURCE_CREDIT.fullmatch(text.strip()):
        return "X"
    byline = _BYLINE.match(text)
    if byline and (len(text.split()) <= 12 or re.search(r"\b(?:published|updated|posted)\b", text, re.IGNORECASE)):
        return "X"  # "By AP Published: Mon 20 Feb 2023, 2:13 PM Last updated: ..." is long and still a byline
    if _is_dateline_line(text):
        return "X"
    if len(text.split()) <= 20 and _FURNITURE.match(text):
        return "F"
    if len(text.split()) <= 60 and (_FURNITURE_ANYWHERE.search(text) or len(_PLACEHOLDER.findall(text)) >= 2):
        return "F"
    if len(text.split()) <= 60 and _hashtag_post(text) or POST_AUTHOR.match(text):
        return "F"
    if not re.search(r"\w", text):
        return "F"  # "***", "|", "•": a divider, no words
    if re.fullmatch(r"\d{5,}", text.strip()):
        return "F"  # "185546": a counter or an id the scraper printed, no line of a story
    if len(text.split()) <= 25 and re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", text):
        return "F"  # "Contact the reporter at jane@example.com", "Have a tip? Email us at ...": no story line
    if len(text.split()) <= 8 and re.match(r"^\d[\d,.kK]*\s*(?:shares?|comments?|views?|likes?)\b", text, re.I):
        return "F"  # "0 SHARES Share Tweet", "12 comments"
    if len(text.split()) <= 10 and not SENTENCE_END.search(text) \
            and re.search(r"\b\d[\d,.kK]* (?:views|shares)\b|\bno comments$|vote up\s*\d*\s*vote down", text, re.I):
        return "F"  # "1 hour ago 3,240 Views No Comments", a comment's "Vote Up0Vote Down Reply"
    if is_menu(text) or is_menu_glue(text) or is_tag_list(text):
        return "F"
    if is_caption(text) or _TEASER.search(text):
        return "F"
    return None


def clean_byline(text: str) -> tuple[str, str]:
    """What a metadata line gives: ('author', name), ('publisher', agency), ('stamp', text),
    ('dateline', place) or ('other', text)."""
    stripped = text.strip()
    if _AGENCIES.match(stripped):
        return "publisher", stripped.strip("().: ")
    byline = _BYLINE.match(stripped)
    if byline and not _REPORTING_BY.match(stripped):
        return "author", re.sub(rf"\s+(?i:{_MONTHS})$", "", byline.group(1).strip())
    if is_person_name(stripped):
        return "author", stripped.strip(" .")
    if is_stamp(stripped):
        return "stamp", stripped.strip(" :|-")
    if _DATELINE_LINE.match(stripped):
        return "dateline", stripped.strip(" :—–-")
    return "other", stripped


def stopword_density(text: str, stopwords: Collection[str] = STOPWORDS) -> float:
    words = words_of(text)
    return sum(1 for w in words if w in stopwords) / len(words) if words else 0.0
