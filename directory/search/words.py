"""How text becomes search terms, the same for what is indexed and what is searched, and
on both databases: words are split (a hyphen inside a word joins its parts: "bank-id" is
"bankid", "e-post" is "epost") and lower-cased; each is indexed as itself and as its
Swedish stem by the Snowball stemmer ("datorer" is also "dator", "mobilen" "mobil"), both
stripped of accents ("hjälp" is "hjalp", so a keyboard without å, ä and ö finds the same).
A word of a query matches the same terms, longer ones also as the start of a word
("dator" finds "datorer" and "datorn"; "bank" finds "bankärenden"). The databases index
and match these terms as plain words: neither applies stemming of its own.

The other languages: a word is also indexed under its stem in each of the site's
languages that Snowball can stem and that write in the word's script (English for Latin
letters; Arabic and Persian for Arabic letters), and a query is stemmed in Swedish and in
the visitor's language ("calling" finds "calls" on /en/, "المكالمات" finds "مكالمات" on
/ar/). Somali, Tigrinya and Ukrainian have no Snowball stemmer: their words match as
written and as the start of longer words, as with PostgreSQL's "simple" configuration.

A query keeps the words that carry meaning: Swedish function words and the phrases people
put around what they want ("hjälp med", "jag vill lära mig") are dropped.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.utils import translation

# A word: letters and digits, with hyphens or apostrophes inside it.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Shorter terms match only whole; longer ones also as the start of a longer word
# ("bank" finds "bankärenden", "dator" finds "datorkurs").
PREFIX_FROM = 4

# Swedish function words (the Snowball project's list, which PostgreSQL's swedish
# configuration also uses).
STOP_WORDS = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade
    de av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej
    vid kunde något från ut när efter upp vi dem vara vad över än dig kan sina här ha
    mot alla under någon eller allt mycket sedan ju denna själv detta åt utan varit hur
    ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår
    blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart
    dina vars vårt våra ert era vilkas
    """.split()  # noqa: SIM905 - a list of words, as it is written
)
# What people write around what they need, in Swedish and English.
QUERY_FILLERS = frozenset(
    """
    hjälp hjälpa hjälper behöver behov vill lära lär lär mig få fixa klara använda
    använder göra gör fungerar funkar problem fråga frågor om tips kurs help helping
    need want learn how to the a an my me i with use using for and of in on
    """.split()  # noqa: SIM905 - a list of words, as it is written
)

_stemmer = snowballstemmer.stemmer("swedish")
# The site's other languages that Snowball stems: (its stemmer, the script it stems).
OTHER_STEMMERS = {
    "en": (snowballstemmer.stemmer("english"), "LATIN"),
    "ar": (snowballstemmer.stemmer("arabic"), "ARABIC"),
    "fa": (snowballstemmer.stemmer("persian"), "ARABIC"),
}


def _script(word):
    """The Unicode script of the word's first letter ("LATIN", "ARABIC", …)."""
    letter = next((char for char in word if char.isalpha()), None)
    return unicodedata.name(letter, "").split(" ")[0] if letter else ""


def _stem_in(language, word):
    """The word's stem in that language, folded; None where it does not stem that
    language's script."""
    stemmer, script = OTHER_STEMMERS.get(language, (None, None))
    if stemmer is None or _script(word) != script:
        return None
    return _fold(stemmer.stemWord(word))


def _fold(text):
    """Accents and diacritics removed ("ä" → "a", "é" → "e"); other scripts kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The words of `text`, lower-cased, hyphens and apostrophes inside a word removed."""
    return [re.sub(r"[-'’]", "", word) for word in WORD.findall((text or "").casefold())]


def fold(word):
    """A word as the dictionary and the index keep it: accents removed."""
    return _fold(word)


def _unique(terms):
    return tuple(dict.fromkeys(term for term in terms if term))


@lru_cache(maxsize=20_000)
def forms(word):
    """The terms one word (words()) is indexed under: itself, its Swedish stem and its
    stems in the other languages that stem its script, folded."""
    others = (_stem_in(language, word) for language in OTHER_STEMMERS)
    return _unique((_fold(word), _fold(_stemmer.stemWord(word)), *others))


def alternatives(word, language=None):
    """The terms a word of a query matches: itself, its Swedish stem, its stem in the
    visitor's language (the active one unless given), and for a definite form the Swedish
    stemmer leaves whole ("datorn", "surfplattan") the word without its ending."""
    return _alternatives(word, language or translation.get_language())


@lru_cache(maxsize=20_000)
def _alternatives(word, language):
    whole, swedish = _fold(word), _fold(_stemmer.stemWord(word))
    found = [whole, swedish]
    if whole == swedish and word.endswith("n") and len(word) >= 5:
        found.append(whole[:-1])
    found.append(_stem_in(language, word))
    return _unique(found)


def terms(text):
    """The search terms of `text`, function words left out (for indexing)."""
    return [t for word in words(text) if word not in STOP_WORDS for t in forms(word)]


def indexed(*texts):
    """The text an index stores for these texts: their terms, separated by spaces."""
    return " ".join(t for text in texts for t in terms(text))


@dataclass(frozen=True)
class TextQuery:
    """What a search looks for: per word, the terms that match it (the word's own, and
    its correction or parts when those are added), and whether every word must match
    (else any, best matches first)."""

    words: tuple  # ((the word folded, other terms, …), …)
    every: bool = True
    typed: tuple = ()  # the words as typed, one per word
    prefix_from: int = PREFIX_FROM  # terms this long also match as a word's start

    def is_prefix(self, term_):
        return len(term_) >= self.prefix_from

    def __bool__(self):
        return bool(self.words)

    @property
    def key(self):
        """A text that tells queries apart (for keys of values kept in the cache)."""
        joined = " ".join("|".join(alternatives) for alternatives in self.words)
        return ("all:" if self.every else "any:") + joined

    def any_word(self):
        return TextQuery(self.words, False, self.typed, self.prefix_from)


def meaningful(text):
    """The words of a query that carry meaning: without function words and fillers. None
    may be left ("jag vill ha hjälp"): the search then lists every place."""
    return [w for w in words(text) if w not in STOP_WORDS and w not in QUERY_FILLERS]


def parse(text):
    """The TextQuery of what a person typed (already cleaned of search syntax)."""
    kept = meaningful(text)
    return TextQuery(tuple(alternatives(word) for word in kept), True, tuple(kept))
