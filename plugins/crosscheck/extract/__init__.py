"""Sentence -> Claims: values, quotes and named entities."""
