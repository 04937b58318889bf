"""Linking: sources into stories, values into facts, sentences into groups; the one place groups and their ids are made."""

from .sentences import STOPWORDS, group_id, link_claims, value_context

__all__ = [ "STOPWORDS", "group_id", "link_claims", "value_context"]
