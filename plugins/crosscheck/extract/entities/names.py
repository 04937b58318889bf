"""The words of names: the word lists (data/*.txt), what a name word looks like, and spelling keys.

A key makes the spellings of one name equal: case, accents and the
romanisations of one sound (Hrytsenko/Hrytsenka, Serhiy/Sergei).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ...ingest.dates import MONTHS, WEEKDAYS
from ...words import word_list

TITLE_WORDS = word_list("title_words")

ORG_WORDS = word_list("organization_words")

PLACE_WORDS = word_list("place_words")

PORTFOLIO_WORDS = word_list("portfolio_words")

STARTERS = word_list("sentence_starters")

PARTICLES = word_list("name_particles")

NOT_ACRONYMS = word_list("not_acronyms")

HOLIDAYS = word_list("holidays")

MONTH_NAMES = frozenset(MONTHS)

WEEKDAY_NAMES = frozenset(WEEKDAYS)

FUNCTION_WORDS = word_list("name_function_words")

HEAD_WORDS = ORG_WORDS | PLACE_WORDS | TITLE_WORDS | PORTFOLIO_WORDS

_CONTRACTION = re.compile(r"['’](?:m|re|ll|ve|d|t)$|n['’]t$", re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def is_name_word(word: str) -> bool:
    if not word or any(ch.isdigit() for ch in word) or word == "&":
        return False
    if _CONTRACTION.search(word):
        return False  # "I'm", "Don't"
    if word[0].isupper():
        # "Vienna-based", "Twenty-seven": an adjective or a number, not a name
        return not re.search(r"[-‐][a-z]+$", word)
    # "al-Rashid", "d'Alembert": a lowercase particle glued to a capitalised name
    parts = re.split(r"[-‐'’]", word, maxsplit=1)
    return len(parts) == 2 and len(parts[0]) <= 3 and parts[1][:1].isupper()


@functools.lru_cache(maxsize=65536)
def is_all_caps(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@functools.lru_cache(maxsize=65536)
def lower_parts(word: str) -> frozenset[str]:
    lower = word.lower().rstrip(".")
    return frozenset((lower, *re.split(r"[-‐]", lower)))


def is_acronym(name: str) -> bool:
    """ "NATO", "U.S.", and short ones with one small letter: "MoD"."""
    bare = name.replace(".", "")
    if not (2 <= len(bare) <= 8 and bare.isalpha() and bare[0].isupper()) or bare.istitle():
        return False
    small = sum(ch.islower() for ch in bare)
    return small == 0 or (small == 1 and len(bare) <= 4)


_LETTER_FOLDS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ı": "i", "ß": "ss",
                               "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d"})

# Cyrillic and other romanisations spell one sound several ways; the key picks one.
_TRANSLITERATION = (
    (r"shch|sch|sh|sz", "S"),
    (r"tsch|tch|ch|cz|ts|tz", "C"),
    (r"zh|dzh|dj", "Z"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"gh", "g"),
    (r"ck", "k"),
    (r"x", "ks"),
    (r"q", "k"),
    (r"w", "v"),
    (r"c(?=[aou]|[^aeiouyC\W])", "k"),
    (r"c", "C"),
    (r"h", "g"),  # Cyrillic г is romanised h or g: Serhiy/Sergei, Yevhen/Evgeny, Oleh/Oleg
    (r"[yj]", "i"),
    (r"^i(?=[aeou])", ""),  # Yelena/Jelena/Elena
    (r"ie", "e"),
    (r"ou|oo", "u"),
    (r"ii$|ei$", "i"),  # Sergei/Serhii/Serhiy, Sobolevsky/Sobolevskyi
)


_TRANSLITERATION_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in _TRANSLITERATION)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, no accents on Latin letters, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTER_FOLDS))
    kept = "".join(ch for i, ch in enumerate(decomposed) if not (unicodedata.combining(ch) and i and decomposed[i - 1].isascii()))
    kept = re.sub(r"['’`]", "", unicodedata.normalize("NFC", kept).lower())
    return re.sub(r"[\W_]+", " ", kept).strip()


@functools.lru_cache(maxsize=65536)
def transliteration_key(word: str) -> str:
    """One spelling for the romanisations of a word: "Serhiy", "Sergei" and "Sergey" -> "sergi"."""
    key = fold(word).replace(" ", "")
    for pattern, replacement in _TRANSLITERATION_RULES:
        key = pattern.sub(replacement, key)
    return re.sub(r"(.)\1+", r"\1", key)


def name_words(name: str) -> list[str]:
    """The capitalised words of a name, without particles and connectors."""
    return [word for word in name.split() if is_name_word(word) and word.lower() not in FUNCTION_WORDS]


def initials(words: list[str]) -> str:
    return "".join(word[0].lower() for word in words if is_name_word(word) and word.lower() not in FUNCTION_WORDS)


def acronym_forms(acronym: str) -> set[str]:
    return {acronym.lower().replace(".", "")}


def all_initials(name: str) -> set[str]:
    """ "Institute for Peace Studies" -> {"ips", "ifps"}; "Ministry of Defence" -> {"md", "mod"}."""
    words = name.split()
    return {initials(words), "".join(word[0].lower() for word in words if word[:1].isalpha())}
