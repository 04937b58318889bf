"""Names of people, organizations and places: found in one text (mentions.py, kinds.py), then clustered
across sources (resolve.py); the word lists they use are data files (names.py, data/*.txt)."""

from .mentions import find_mentions
from .names import (
           ORG_WORDS,
           PLACE_WORDS,
           PORTFOLIO_WORDS,
           TITLE_WORDS,
           transliteration_key,
)
from .resolve import resolve_entities

__all__ = ["ORG_WORDS", "PLACE_WORDS", "PORTFOLIO_WORDS", "TITLE_WORDS", "find_mentions", "resolve_entities",
           "transliteration_key"]
