
from crosscheck.ingest.source import ingest_bytes
from crosscheck.segment import segment, sentence_anchor, split_sentences


def test_offsets_point_at_the_sentence_text(seeds):
    for source in seeds.values():
        sentences = segment(source)
        assert sentences
        for sentence in sentences:
            assert source.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip()


def test_anchors_are_unique_within_a_source(seeds):
    for source in seeds.values():
        anchors = [sentence.anchor for sentence in segment(source)]
        assert len(anchors) == len(set(anchors))


def test_anchors_survive_an_edit_elsewhere(seeds):
    source = seeds["004_9dd83f3904ce7482.txt"]
    before = {sentence.text: sentence.anchor for sentence in segment(source)}
    edited_text = source.text.replace("dictators refrained", "dictators refrainned")
    edited = ingest_bytes(edited_text.encode(), source.path).source
    after = {sentence.text: sentence.anchor for sentence in segment(edited)}
    unchanged = set(before) & set(after)
    assert len(unchanged) >= len(before) - 1
    assert all(before[text] == after[text] for text in unchanged)


def test_anchor_ignores_case_and_punctuation_spacing():
    assert sentence_anchor("Kyiv got the most.") == sentence_anchor("Kyiv  got the most .")
    assert sentence_anchor("Kyiv got the most.") != sentence_anchor("Lviv got the most.")


def test_money_and_abbreviations_do_not_split():
    text = "Russia granted a loan of $1.74 billion to Belarus. The U.S. Treasury said so on Dec. 3."
    assert [text[start:end] for start, end in split_sentences(text)] == [
        "Russia granted a loan of $1.74 billion to Belarus.", "The U.S. Treasury said so on Dec. 3."]


def test_text_without_punctuation_is_one_sentence():
    text = " ".join(["word"] * 5000)
    assert split_sentences(text) == [(0, len(text))]


def test_editorial_notes_and_attribution_tails_stay_in_the_sentence():
    text = ('"Taken together, the meeting (to the capital - ed.), as well as the talks indicate a new stage." '
            "- believe in the institute. Then they left.")
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [text[: text.index(" Then")], "Then they left."]


def test_a_long_sentence_is_segmented(seeds):
    text = "The council, " + ", ".join(f"member {i} of the committee" for i in range(600)) + ", voted."
    assert len(text) > 10000
    assert split_sentences(text) == [(0, len(text))]


def test_a_sentence_ends_at_its_last_word_not_at_trailing_space():
    assert split_sentences("He left. Monday ") == [(0, 8), (9, 15)]
