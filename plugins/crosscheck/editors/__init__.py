"""Editors' files: annotations, entity files and outlet files, read in one place."""
