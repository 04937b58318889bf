"""extract/quotes.py on the seed articles: direct quotes, their speakers, and attributions."""

import re

import pytest
from crosscheck.extract.entities import find_mentions
from crosscheck.extract.quotes import (
    CLOSING,
    MIN_QUOTE_WORDS,
    attribution,
    find_quotes,
    read_speakers,
    reported_span,
)


@pytest.fixture(scope="module")
def seed_quotes(seeds):
    """{file name: (source, quotes)}"""
    return {name: (source, find_quotes(source.text, find_mentions(source.id, source.text))) for name, source in seeds.items()}


def quote_starting(seed_quotes, words):
    [quote] = [quote for _, quotes in seed_quotes.values() for quote in quotes if quote.text.startswith(words)]
    return quote


def test_every_seed_quote_is_the_text_between_its_marks(seed_quotes):
    assert sum(len(quotes) for _, quotes in seed_quotes.values()) >= 20
    for source, quotes in seed_quotes.values():
        previous_end = 0
        for quote in quotes:
            assert source.text[quote.start:quote.end] == quote.text
            opening = source.text[quote.start - 1]
            if source.text[quote.start - 2 : quote.start] in ("– ", "— "):  # dash-led: "– …, X said on Monday. – …"
                assert quote.speaker and source.text[quote.end] in ",\n”\"", quote
            else:
                assert opening in CLOSING and source.text[quote.end] == CLOSING[opening], quote
            assert len(quote.text.split()) >= MIN_QUOTE_WORDS, quote
            assert quote.start >= previous_end  # in order, none inside another
            previous_end = quote.end


@pytest.mark.parametrize("words, speaker, how", [
    ("It may start not in Donbas", "Zaluzhny", '"…," said X.'),
    ("Don't forget that Putin considers", "Yevhen Magda", '"…," X told TSN.ua.'),
    ("In our opinion, during this meeting", "Serhiy Nayev", "“…,” said X."),
    ("The agenda is banal", "Mykhailo Podoliak", "“…,” said X, an adviser to…"),
    ("Everything is a bit more complicated", "Yevhen Magda", '"…," he said: the person named before the quote'),
    ("But I do not see any other factors today", "Yevhen Magda", '"…," he explained.'),
])
def test_seed_quotes_are_credited_to_their_speaker(seed_quotes, words, speaker, how):
    assert quote_starting(seed_quotes, words).speaker == speaker, how


def test_a_role_noun_speaker_is_the_person_with_that_role(seed_quotes):
    # "the expert says": no one in 000 is named an expert, so the epithet is the current speaker, not Putin named before
    assert quote_starting(seed_quotes, "However, there is one nuance here").speaker == "Yevhen Magda"


@pytest.mark.parametrize("name, word", [("001_4fc8f84063c97fd3.txt", "fuhrer"), ("004_9dd83f3904ce7482.txt", "escalation"),
                                        ("003_77591201f77be997.txt", "escalating")])
def test_a_quoted_word_or_two_in_a_seed_is_not_a_quote(seed_quotes, name, word):
    source, quotes = seed_quotes[name]
    assert re.search(rf"[\"“]{word}[\"”]", source.text)
    assert not any(word in quote.text for quote in quotes)


@pytest.mark.parametrize("sentence, speaker", [
    ("But, according to Magda, Putin believes that Lukashenka's positions today are such that he will not be able to resist.",
     "Magda"),
    ("In addition, according to the Center of National Resistance, Russia is trying to get its hands on the Belarusian "
     "defense industry.", "Center of National Resistance"),
])
def test_seed_attributions_name_the_source_of_the_claim(sentence, speaker):
    name, span = attribution(sentence, 0, find_mentions("x", sentence))
    assert name == speaker and sentence[span[0]:span[1]] == speaker


def test_an_attribution_points_into_the_source_at_its_offset(seeds):
    source = seeds["000_f7aa4456e0d728e2.txt"]
    start = source.text.index("But, according to Magda")
    end = source.text.index("\n", start)
    name, span = attribution(source.text[start:end], start, find_mentions(source.id, source.text))
    assert name == "Magda" and source.text[span[0]:span[1]] == "Magda"


@pytest.mark.parametrize("sentence, speaker", [
    ("Mayor Ana Lindqvist conceded that the budget would not balance.", "Ana Lindqvist"),
    ("Professor Tomas Brand contends that the bridge was never inspected.", "Tomas Brand"),
    ("Judge Maria Okafor agreed in the hearing that the trial should move.", "Maria Okafor"),
])
def test_any_form_of_a_listed_reporting_verb_credits_the_sentence(sentence, speaker):
    # data/reporting_verbs.txt lists lemmas; their inflections come from lemminflect, not from a list of forms.
    assert attribution(sentence, 0, find_mentions("s", sentence))[0] == speaker


def test_a_verb_that_reports_nothing_credits_no_one():
    sentence = "Mayor Ana Lindqvist repaired the bridge that the storm had damaged."
    assert attribution(sentence, 0, find_mentions("s", sentence)) == ("", None)


def speakers_of(text):
    """{first words of each quote: its speaker}, and who each sentence outside quotes is attributed to."""
    read = read_speakers(text, find_mentions("s", text))
    return {quote.text.split(",")[0]: quote.speaker for quote in read.quotes}, [name for name, _ in read.sentences]


def test_he_is_the_current_speaker_not_the_last_name_mentioned():
    quotes, sentences = speakers_of(
        'Nora Lindgren, the harbour master, spoke on Friday. "The ferry must stay in port until the storm ends," she said.\n\n'
        'She added that the crew of Captain Piet Vos had done nothing wrong. "We will reopen the pier next week," she said.')
    assert set(quotes.values()) == {"Nora Lindgren"}
    assert sentences[2] == "Nora Lindgren"  # "She added that …", though Vos is named after Lindgren


def test_he_after_someone_else_was_named_is_left_empty():
    quotes, _ = speakers_of('"The budget is balanced for the first time in a decade," Mayor Ana Ruiz said.\n\n'
                            'Reached by telephone, councillor Tomas Brand declined to comment.\n\n'
                            '"I have nothing to say about this at all," he said.')
    assert quotes["The budget is balanced for the first time in a decade"] == "Ana Ruiz"
    assert quotes["I have nothing to say about this at all"] == ""  # Ruiz or Brand: no guess


def test_an_office_stands_for_the_person_named_in_it_else_for_no_one():
    text = ('On Friday the harbour was closed after Greta Holm, secretary of the Harbour Safety Board, inspected it with '
            'Mayor Ana Ruiz and two engineers.\n\n'
            '"The pier is not safe for heavy lorries," the board secretary said.\n\n'
            '"Money for the repairs will be found this year," the mayor said.\n\n'
            '"Nobody warned us about the cracks before March," the minister said.')
    quotes, _ = speakers_of(text)
    assert quotes["The pier is not safe for heavy lorries"] == "Greta Holm"
    assert quotes["Money for the repairs will be found this year"] == "Ana Ruiz"
    assert quotes["Nobody warned us about the cracks before March"] == ""  # no minister is named
    # and never the organization the office belongs to
    _, sentences = speakers_of("The secretary of the Harbour Safety Board said that the pier would close.")
    assert sentences == ["secretary of the Harbour Safety Board"]


def test_a_dash_led_quote_is_its_speakers_across_the_paragraph():
    text = ("The minister spoke after the vote.\n\n"
            "– The bridge will not reopen before spring. We tested every cable twice, Ivana Petrak, minister of "
            "transport, said on Tuesday. – But the ferry will run every hour until then.\n\n"
            "She stressed that the tolls would not rise.")
    quotes, sentences = speakers_of(text)
    assert quotes == {"The bridge will not reopen before spring. We tested every cable twice": "Ivana Petrak",
                      "But the ferry will run every hour until then.": "Ivana Petrak"}
    assert sentences[-1] == "Ivana Petrak"


def test_a_list_led_by_dashes_is_no_quote():
    text = "The plan has three parts:\n\n– new cables for the bridge and its towers\n\n– a ferry every hour until spring"
    assert speakers_of(text) == ({}, [""] * len(speakers_of(text)[1]))


def test_a_quote_paragraph_after_a_quote_keeps_its_speaker():
    quotes, _ = speakers_of('"We took these decisions to save the town," Mayor Ana Ruiz said.\n\n'
                            '"The alternative would have been closing the school."\n\nThe council met on Monday.\n\n'
                            '"Nobody asked the parents what they wanted."')
    assert quotes["The alternative would have been closing the school."] == "Ana Ruiz"
    assert quotes["Nobody asked the parents what they wanted."] == ""  # a paragraph of narrative came between


def test_according_to_a_role_then_a_name():
    sentence = ("However, according to the Slovenian economist, former governor of the central bank Marko Kranjc, "
                "the loan should have been refused.")
    assert attribution(sentence, 0, find_mentions("s", sentence))[0] == "Marko Kranjc"


@pytest.mark.parametrize("sentence", [
    "During the summit in Vienna, both leaders avoided the subject of the war, but noted that Austria was neutral.",
    "According to experts, the bridge will need two more years of work.",
    # the name after "according to …," is the subject of what they report, not a speaker
    "In fact, according to several reports and the words of engineers, Ivo Marek left the company in May.",
])
def test_no_one_speaker_no_place_is_credited(sentence):
    name, span = attribution(sentence, 0, find_mentions("s", sentence))
    assert span is None and "Vienna" not in name


def test_an_organization_speaking_is_the_think_tank_or_the_institute_after():
    _, sentences = speakers_of(
        "The ferries will stay in port until March, the Baltic Shipping Institute (BSI) wrote in its latest report.\n\n"
        "The think tank estimates that the repairs will cost twice the budget.\n\n"
        "The institute believes that the port will lose its summer trade.\n\n"
        "The government said that it would pay for the repairs.")
    assert sentences[:3] == ["Baltic Shipping Institute"] * 3
    assert sentences[3] == "government"  # another body the text does not name: attributed, to no entity


def test_words_credited_to_someone_unnamed_say_so_and_are_a_claim():
    # a real report: '"...," the officer said, adding ...' names no one, but credits the words
    from pathlib import Path

    from crosscheck.extract.claims import extract_claims
    from crosscheck.ingest.source import ingest_bytes
    from crosscheck.segment import segment

    path = Path(__file__).parent / "data" / "ecbplus" / "sources" / "12_4ecbplus.txt"
    source = ingest_bytes(path.read_bytes(), path.name).source
    quote = next(q for q in find_quotes(source.text) if q.text.startswith("The warship immediately altered"))
    assert (quote.speaker, quote.credited) == ("", "the officer")
    claims = extract_claims(source, segment(source), find_mentions(source.id, source.text))
    assert any("quote" in claim.kinds and claim.quote == quote.text for claim in claims)
    named = find_quotes('"We will stay until the work is done," said Maria Olsen, the mayor.',
                        find_mentions("s", '"We will stay until the work is done," said Maria Olsen, the mayor.'))
    assert named[0].speaker == "Maria Olsen" and named[0].credited == ""


@pytest.mark.parametrize("opening, said", [
    ("ISW continues to assess that", "Belarus’ participation in Putin’s war against Ukraine remains unlikely."),
    # "according to X" after a lead-in: the statement is what follows it, not the lead-in
    ("In addition, according to the Center of National Resistance,", "Russia is trying to get its hands on the Belarusian defense industry."),
    ("According to Yevhen Magda, the purpose", "the purpose of Putin's visit is much broader than the talks about the direct"),
])
def test_the_words_a_sentence_credits_to_its_speaker_are_the_clause_it_reports(seeds, opening, said):
    [sentence] = [line for source in seeds.values() for line in source.text.splitlines() if line.startswith(opening)]
    start, end = reported_span(sentence)
    assert sentence[start:end].startswith(said)


def test_a_sentence_that_reports_nothing_has_no_reported_clause():
    assert reported_span("The river rose two metres overnight.") is None
    assert reported_span("He said so.") is None
