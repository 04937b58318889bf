"""The cleaner on the seed articles, and on debris written in other words."""

import pytest

from crosscheck.ingest.clean import blocks_from_text, clean_blocks, rejoin_fragments


def texts(blocks):
    return [block.text for block in blocks]


def clean_text(text):
    return clean_blocks(blocks_from_text(text))


def reasons(removed):
    return {block.text: block.reason for block in removed}


# ---------------------------------------------------------------- seeds


def test_link_cut_fragments_are_rejoined_in_seed_000(seeds):
    source = seeds["000_f7aa4456e0d728e2.txt"]
    body = texts(source.blocks)
    assert any(text.endswith("Russian dictator Putin visited Minsk") for text in body)
    assert "The plane of the Russian dictator was accompanied by fighter jets" in body
    # a linked word cut out of the scraped text is a marked gap, not glued over (issue 15)
    assert any(text.startswith("The purpose of Putin's visit to […] is much broader") for text in body)
    assert any(text.endswith("director of the Institute of World Politics, in a comment to […]") for text in body)
    assert "Putin visited Minsk" not in body
    assert not any(text == "was accompanied by fighter jets" for text in body)
    # the rejoined block does not swallow the sentence that follows it
    assert "For the conspiracy, three more Russian government planes were raised in the air." in body


def test_rejoined_fragments_are_not_headings(seeds):
    blocks = seeds["000_f7aa4456e0d728e2.txt"].blocks
    rejoined = next(block for block in blocks if block.text.startswith("The plane of the Russian dictator"))
    assert rejoined.kind == "paragraph"


def test_enumeration_fragments_are_rejoined_in_seed_001(seeds):
    body = texts(seeds["001_4fc8f84063c97fd3.txt"].blocks)
    assert "First, something is not right with the mathematics of mobilization in Russia." in body
    assert any(text.startswith("Thirdly, despite regular joint military exercises, Belarus continues") for text in body)
    assert not any(text in ("First,", "Secondly,", "Thirdly,") for text in body)


def test_teaser_list_is_removed_from_seed_000(seeds):
    source = seeds["000_f7aa4456e0d728e2.txt"]
    removed = reasons(source.removed)
    assert removed["Read also:"] == "teaser list"
    teasers = [text for text, reason in removed.items() if reason == "teaser list"]
    assert len(teasers) == 4
    assert not any("Read also" in text for text in texts(source.blocks))
    assert texts(source.blocks)[-1].startswith("In turn, the Belarusian dictator presented")


def test_comment_form_teasers_and_credits_are_removed_from_seed_002(seeds):
    source = seeds["002_0074723eceba00cc.txt"]
    removed = reasons(source.removed)
    assert removed["Leave a Reply"] == "comment form"
    assert removed["Your email address will not be published. Required fields are marked *"] == "comment form"
    assert removed["You May Also Like"] == "teaser list"
    assert sum(reason == "teaser list" for reason in removed.values()) == 9
    assert removed["Main image source: PAP / EPA / PAVEL BEDNYAKOV"] == "photo caption or credit"
    body = " ".join(texts(source.blocks))
    assert "diabetes" not in body and "Shenzhou" not in body and "PAVEL BEDNYAKOV" not in body
    assert texts(source.blocks)[-1].startswith("He stressed that Ukraine is preparing")


def test_share_lines_are_removed_from_seed_003(seeds):
    source = seeds["003_77591201f77be997.txt"]
    removed = reasons(source.removed)
    assert removed == {
        "Read all articles by Insight News Media on Google News, subscribe and follow.": "share or subscribe line",
        "Scroll to Top": "share or subscribe line",
    }


def test_header_debris_is_removed_from_seed_004(seeds):
    source = seeds["004_9dd83f3904ce7482.txt"]
    removed = reasons(source.removed)
    assert removed["Politics 2024-04-15T05:06:55+03:00"] == "dateline"
    assert removed["Ukrainian news"] == "section label"
    assert removed["Russia, war, Ukraine, Putin, Belarus, Lukashenko, refuse, Join, Agree, not"] == "tag list"
    assert removed["Lukashenko denies Putin insisting on joining the war in Ukraine – ISW"].startswith("duplicate")
    assert source.blocks[0].text == "Lukashenko denies Putin insisting on joining the war in Ukraine – ISW"
    assert source.blocks[0].kind == "heading"


def test_nothing_is_lost(seeds, seed_paths):
    """Every word of every seed is either kept or listed as removed."""
    import re

    for path in seed_paths:
        source = seeds[path.name]
        original = re.findall(r"\w+", path.read_text(encoding="utf-8"))
        accounted = re.findall(r"\w+", source.text + " " + " ".join(block.text for block in source.removed))
        assert sorted(original) == sorted(accounted), path.name


# ---------------------------------------------------------------- other wording


def test_related_list_and_newsletter_in_other_words():
    text = """The council approved the budget on Tuesday by seven votes to two, ending a month of talks.

The mayor said the vote was "a fair compromise" for the city.

Related stories

Council delays vote on bus lanes

Mayor faces questions over park sale

Sign up for our morning newsletter

Share on Facebook
"""
    kept, removed = clean_text(text)
    assert texts(kept) == [
        "The council approved the budget on Tuesday by seven votes to two, ending a month of talks.",
        'The mayor said the vote was "a fair compromise" for the city.',
    ]
    assert reasons(removed) == {
        "Related stories": "teaser list",
        "Council delays vote on bus lanes": "teaser list",
        "Mayor faces questions over park sale": "teaser list",
        "Sign up for our morning newsletter": "share or subscribe line",
        "Share on Facebook": "share or subscribe line",
    }


def test_teaser_section_ends_at_a_real_paragraph():
    text = """See also:

• Floods close the river road

The storm is expected to reach the coast by Thursday evening, forecasters said in a statement on Monday.
"""
    kept, removed = clean_text(text)
    assert texts(kept) == [
        "The storm is expected to reach the coast by Thursday evening, forecasters said in a statement on Monday."
    ]
    assert len(removed) == 2


def test_byline_and_photo_credit():
    text = """By Maria Keller

Photo: Getty Images / John Smith

Rescuers pulled 14 people from the rubble overnight, the regional governor said on Friday morning.
"""
    kept, removed = clean_text(text)
    assert reasons(removed) == {"By Maria Keller": "byline", "Photo: Getty Images / John Smith": "photo caption or credit"}
    assert len(kept) == 1


def test_lowercase_continuation_is_joined_but_capitalised_heading_is_not():
    text = "The club signed the striker for\n\n\nthree million euros on Monday.\n\nTransfer window\n\nThe deal was announced at noon."
    kept, _ = clean_text(text)
    assert texts(kept) == [
        "The club signed the striker for three million euros on Monday.",
        "Transfer window",
        "The deal was announced at noon.",
    ]
    assert kept[1].kind == "heading"


def test_a_quote_paragraph_is_never_glued_to_what_precedes_it():
    blocks = blocks_from_text('The minister spoke to\n\n"We will not raise taxes this year," she said.')
    # not glued, and the word the link took is a marked gap
    assert texts(rejoin_fragments(blocks)) == ["The minister spoke to […]", '"We will not raise taxes this year," she said.']


def test_short_lines_in_one_block_are_split_but_wrapped_prose_is_not():
    stacked = blocks_from_text("Business\nMarkets fall on rate fears\n")
    assert texts(stacked) == ["Business", "Markets fall on rate fears"]
    wrapped = blocks_from_text(
        "Shares in the largest banks fell sharply on Wednesday after the central\n"
        "bank signalled that it would keep interest rates higher for longer than\n"
        "investors had expected.\n"
    )
    assert len(wrapped) == 1
    assert wrapped[0].line == 1


def test_joiners_stay_in_emoji_and_persian_but_not_between_latin_letters():
    from crosscheck.ingest.clean import normalise_space

    assert normalise_space("family \U0001F468\u200d\U0001F469\u200d\U0001F467 came") == "family \U0001F468\u200d\U0001F469\u200d\U0001F467 came"
    assert normalise_space("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert normalise_space("Mos\u200dcow re\u200bpairs Tues\u00adday") == "Moscow repairs Tuesday"


@pytest.mark.parametrize("text, marked", [
    # a preposition or article, then a verb or a quotation: the noun between them was a link
    ("The decision of the\n\nwas announced late on Friday by the regional council.", "The decision of the […] was announced"),
    ("Our reporter spoke in an interview with\n\n\"We will rebuild the bridge,\" the mayor said.", "in an interview with […]"),
    ("The mayor's trip to \n\nhas been called off because of the storm.", "The mayor's trip to […] has been"),
])
def test_a_word_cut_out_with_its_link_is_marked_as_a_gap(text, marked):
    blocks, _ = clean_blocks(blocks_from_text(text))
    assert marked in " ".join(block.text for block in blocks)


@pytest.mark.parametrize("text, joined", [
    # the link's words stayed: the fragments are one sentence, and nothing is missing
    ("Firefighters were called to \n\nMill Street at noon, where a shed had caught fire.", "called to Mill Street at noon"),
    ("The plane of the minister \n\nwas accompanied by two fighter jets on its way.", "minister was accompanied"),
])
def test_fragments_with_nothing_missing_are_joined_without_a_gap(text, joined):
    blocks, _ = clean_blocks(blocks_from_text(text))
    body = " ".join(block.text for block in blocks)
    assert joined in body and "[…]" not in body
