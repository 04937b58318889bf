"""Linking: sources into stories, values into facts, sentences into groups; the one place groups and their ids are made."""

from .sentences import group_id, link_claims, value_context

__all__ = ["group_id", "link_claims", "value_context"]
