"""Source -> Sentences with character offsets into the cleaned text."""

from __future__ import annotations

import hashlib
import re

from syntok import segmenter

from .model import Block, Sentence, Source


def sentence_anchor(text: str) -> str:
    """An HTML id taken from the sentence's own words, so edits elsewhere keep it."""
    key = re.sub(r"\W+", " ", text.casefold()).strip()
    return "s-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def segment(source: Source) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    used: dict[str, int] = {}
    for block_index, (block_start, block_end) in enumerate(source.block_offsets()):
        for start, end in split_sentences(source.text[block_start:block_end]):
            text = source.text[block_start + start : block_start + end]
            anchor = sentence_anchor(text)
            used[anchor] = used.get(anchor, 0) + 1
            if used[anchor] > 1:
                anchor = f"{anchor}-{used[anchor]}"
            sentences.append(
                Sentence(source.id, len(sentences), block_index, block_start + start, block_start + end, text, anchor)
            )
    return tuple(sentences)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one block of text."""
    spans: list[tuple[int, int]] = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            tokens = [token for token in sentence if token.value]  # syntok ends text that ends in space with an empty token
            if not tokens:
                continue
            start = tokens[0].offset
            end = tokens[-1].offset + len(tokens[-1].value)
            spans.append((start, end))
    return _join_tails(text, _cover(text, spans))


_TAIL = re.compile(r"^(?:[-–—]\s*)?[a-z]")


def _join_tails(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece that starts in lower case ('- believe the analysts.', 'he said.') ends the sentence before it."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _TAIL.match(text[start:end]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _cover(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Make the spans tile the text: no characters fall between sentences."""
    if not spans:
        stripped = text.strip()
        return [(text.index(stripped), text.index(stripped) + len(stripped))] if stripped else []
    covered = []
    for index, (start, end) in enumerate(spans):
        next_start = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        tail = text[end:next_start]
        if tail.strip():  # stray characters syntok skipped belong to the sentence before
            end += len(tail.rstrip())
        covered.append((start, end))
    return covered


def sentences_by_block(source: Source, sentences: tuple[Sentence, ...]) -> list[tuple[Block, list[Sentence]]]:
    """Each block of the source with its sentences, for rendering."""
    grouped: list[tuple[Block, list[Sentence]]] = [(block, []) for block in source.blocks]
    for sentence in sentences:
        grouped[sentence.block][1].append(sentence)
    return grouped
