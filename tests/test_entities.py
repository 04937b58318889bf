"""Names in news text: mentions, clusters across sources, editors' entity files."""

import itertools
import random
from collections import Counter
from pathlib import Path

import pytest
from crosscheck.editors.entities import read_entity_file
from crosscheck.extract.entities import (
    find_mentions,
    resolve_entities,
    transliteration_key,
)
from crosscheck.ingest.source import read_source
from crosscheck.model import Entity, Mention

DATA = Path(__file__).resolve().parent / "data"


def names(mentions):
    return [mention.name for mention in mentions]


def entity_named(entities, name):
    """The entity whose name or alias is ``name``."""
    found = [entity for entity in entities if name == entity.name or name in entity.aliases]
    assert len(found) == 1, f"{name!r} is in {len(found)} entities: {found}"
    return found[0]


def resolve_texts(texts, editor_entities=()):
    mentions = [mention for source_id, text in texts.items() for mention in find_mentions(source_id, text)]
    entities, entity_of = resolve_entities(mentions, editor_entities)
    return mentions, entities, entity_of


@pytest.fixture(scope="module")
def seed_run(seeds):
    mentions = [mention for source in seeds.values() for mention in find_mentions(source.id, source.text)]
    entities, entity_of = resolve_entities(mentions)
    return mentions, entities, entity_of


@pytest.fixture(scope="module")
def corpus2_run():
    sources = [read_source(path, f"corpus2/{path.name}").source for path in sorted((DATA / "corpus2").glob("*.txt"))]
    mentions = [mention for source in sources for mention in find_mentions(source.id, source.text)]
    return resolve_entities(mentions)


# ---------------------------------------------------------------- mentions


def test_offsets_and_names_of_seed_mentions(seeds):
    for source in seeds.values():
        mentions = find_mentions(source.id, source.text)
        assert len(mentions) > 20
        for mention in mentions:
            assert source.text[mention.start : mention.end] == mention.text
            assert mention.source == source.id
            assert "\n" not in mention.text
            assert not mention.name.endswith(("'s", "’s", "’", "'"))
            assert mention.kind in ("person", "organization", "place", "unknown")
        starts = [mention.start for mention in mentions]
        assert starts == sorted(starts)
        assert all(left.end <= right.start for left, right in itertools.pairwise(mentions))


def test_possessives_are_stripped_into_the_name():
    text = "Lukashenka's positions were weak, Belarus’ army was small and Putin’s plan failed."
    mentions = find_mentions("s", text)
    assert [(m.text, m.name) for m in mentions] == [
        ("Lukashenka's", "Lukashenka"), ("Belarus’", "Belarus"), ("Putin’s", "Putin")
    ]


def test_sentence_initial_words_months_weekdays_and_adjectives_are_not_names():
    text = (
        "However, the talks went on. The meeting was on Monday, December 19. According to Yevhen Magda, "
        "Russian troops and Belarusian officers are not ready. In March, Western sanctions hit. "
        "But Moscow disagreed. Thirdly, nothing was signed. I'm sure."
    )
    found = names(find_mentions("s", text))
    assert found == ["Yevhen Magda", "Moscow"]


def test_titles_are_cut_off_people_and_keep_what_they_are_titles_of():
    text = (
        "The commander, Lieutenant General Serhiy Nayev, spoke. Russian Minister of Defense Shoigu and "
        "Minister of Foreign Affairs Lavrov came too. President of Belarus Alexander Lukashenko met "
        "Russian President Vladimir Putin, said Interior Minister Sergei Markovic."
    )
    mentions = find_mentions("s", text)
    assert names(mentions) == [
        "Serhiy Nayev", "Shoigu", "Lavrov", "Belarus", "Alexander Lukashenko", "Vladimir Putin", "Sergei Markovic"
    ]
    kinds = {m.name: m.kind for m in mentions}
    assert kinds["Belarus"] == "place"
    assert {kinds[n] for n in ("Serhiy Nayev", "Shoigu", "Lavrov", "Alexander Lukashenko", "Sergei Markovic")} == {"person"}


def test_pure_titles_are_not_names():
    assert names(find_mentions("s", "The President said the Prime Minister would meet the Minister on Friday.")) == []


def test_connectors_join_organization_names_but_not_lists_of_people():
    text = (
        "Analysts at the Institute for the Study of War and the Information and Security Service of Moldova "
        "disagreed, as did Putin and Lukashenko. The Ministry of Defense of Belarus said nothing."
    )
    assert names(find_mentions("s", text)) == [
        "Institute for the Study of War", "Information and Security Service of Moldova", "Putin", "Lukashenko",
        "Ministry of Defense of Belarus",
    ]


def test_acronym_in_parentheses_trims_a_leading_adjective():
    mentions = find_mentions("s", "Analysts of the American Institute for the Study of War (ISW) said so.")
    assert [(m.name, m.kind) for m in mentions] == [
        ("Institute for the Study of War", "organization"), ("ISW", "organization")
    ]


def test_model_numbers_are_not_acronyms_but_short_acronyms_that_spell_words_are():
    found = names(find_mentions("s", "Then Russia will deliver S-400 systems. The WHO and the US agreed; NATO did not."))
    assert found == ["Russia", "WHO", "US", "NATO"]


def test_a_word_seen_only_at_sentence_starts_is_taken_for_a_common_word():
    text = "Rescuers were tired. Volunteers came. Kyiv got the most. Later, Kyiv asked for help. Brenko said no."
    assert names(find_mentions("s", text)) == ["Kyiv", "Kyiv", "Brenko"]


def test_a_word_at_a_sentence_start_with_an_age_after_it_is_a_name():
    text = "Brenko, 49, took the guards' weapons. Brenko was given a life sentence. Rescuers, several of them, came."
    found = find_mentions("s", text)
    assert (found[0].text, found[0].start, found[0].kind) == ("Brenko", 0, "person")
    assert "Rescuers" not in names(found)


def test_shouting_and_datelines():
    text = "SAVRIN, March 9 (CPA) - The Vresna dam broke.\n\nSHAME OF VRESNA: they did NOTHING and YOUR money is gone."
    mentions = find_mentions("s", text)
    assert [(m.text, m.name, m.kind) for m in mentions] == [
        ("SAVRIN", "Savrin", "place"), ("CPA", "CPA", "organization"), ("Vresna", "Vresna", "place"),
        ("VRESNA", "Vresna", "place"),
    ]


def test_title_case_headlines_keep_only_names_the_body_uses():
    text = "Putin And Lukashenko Meet In Minsk To Discuss Union Plans\n\nOn Monday, Putin flew to Minsk, where Lukashenko met him."
    headline = [m for m in find_mentions("s", text) if m.start < text.index("\n")]
    assert names(headline) == ["Putin", "Lukashenko", "Minsk"]


def test_kind_is_guessed_from_the_context():
    text = (
        "Dr. Anna Schmidt of the Robert Koch Institute said the WHO was right. The office in Geneva confirmed it. "
        "Greek Prime Minister Alexis Tsipras arrived from Athens. Ivan Horvat, 63, lives in Donja Ravna."
    )
    kinds = {m.name: m.kind for m in find_mentions("s", text)}
    assert kinds == {
        "Anna Schmidt": "person", "Robert Koch Institute": "organization", "WHO": "organization",
        "Geneva": "place", "Alexis Tsipras": "person", "Athens": "place", "Ivan Horvat": "person",
        "Donja Ravna": "place",
    }


def test_hyphenated_names_and_name_particles():
    text = "Muhammad Al-Rashid met Charles de Gaulle and Ludwig van Beethoven in a Vienna-based hall."
    assert names(find_mentions("s", text)) == ["Muhammad Al-Rashid", "Charles de Gaulle", "Ludwig van Beethoven"]


# ---------------------------------------------------------------- keys


@pytest.mark.parametrize(
    "variants",
    [
        ("Serhiy", "Serhii", "Sergei", "Sergey"),
        ("Bezsmertny", "Bezsmertnyi"),
        ("Hadzic", "Hadžić"),
        ("Vasilev", "Vassilev"),
        ("Stavrou", "Stavru"),
        ("Elena", "Jelena", "Yelena"),
        ("Markovic", "Markovich"),
    ],
)
def test_transliteration_key_makes_romanisations_equal(variants):
    assert len({transliteration_key(word) for word in variants}) == 1


def test_transliteration_key_keeps_different_names_apart():
    assert transliteration_key("Ivanov") != transliteration_key("Ivanova")
    assert transliteration_key("Lavrov") != transliteration_key("Shoigu")


def test_surnames_spelt_a_letter_apart_are_one_person_but_feminine_forms_are_not():
    # Belarusian and Russian romanisations differ in a final vowel; the spelling ratio joins them, no rule of its own.
    text = {"a": "Stanislav Hrytsenko spoke in Minsk. Mikhail Gorbachev was there.",
            "b": "Stanislau Hrytsenka spoke again. Mikhail Gorbachov left. Ivan Petrov and Ivana Petrova stayed."}
    mentions = [m for source, body in text.items() for m in find_mentions(source, body)]
    entities, _ = resolve_entities(mentions)
    assert entity_named(entities, "Stanislav Hrytsenko") == entity_named(entities, "Stanislau Hrytsenka")
    assert entity_named(entities, "Mikhail Gorbachev") == entity_named(entities, "Mikhail Gorbachov")
    assert entity_named(entities, "Ivan Petrov") != entity_named(entities, "Ivana Petrova")


# ---------------------------------------------------------------- clusters on the seeds


def test_seed_variants_resolve_to_one_entity(seed_run):
    _, entities, _ = seed_run
    lukashenko = entity_named(entities, "Alexander Lukashenko")
    assert {"Lukashenko", "Oleksandr Lukashenko"} <= set(lukashenko.aliases) | {lukashenko.name}
    assert lukashenko.kind == "person"
    for name, other in [
        ("Serhiy Nayev", "Serhii Nayev"), ("Yevhen Magda", "Magda"), ("Roman Bezsmertny", "Roman Bezsmertnyi"),
        ("Institute for the Study of War", "ISW"), ("Vladimir Putin", "Putin"), ("Sergei Shoigu", "Shoigu"),
    ]:
        assert entity_named(entities, name) == entity_named(entities, other)


@pytest.mark.xfail(strict=True, reason="the lone surname 'Lukashenka' is guessed a place in 6 of its 17 mentions and never a "
                                       "person, so no person takes it; a final -a/-o rule hid this until it went (issue 20)")
def test_seed_lone_surname_in_another_romanisation_joins_the_person(seed_run):
    mentions, entities, entity_of = seed_run
    lukashenko = entity_named(entities, "Alexander Lukashenko")
    possessive = next(m for m in mentions if m.text == "Lukashenka's")
    assert entity_of[(possessive.source, possessive.start, possessive.end)] == lukashenko.id


def test_seed_people_with_one_first_name_stay_apart(seed_run):
    _, entities, _ = seed_run
    assert entity_named(entities, "Sergei Lavrov") != entity_named(entities, "Sergei Shoigu")
    assert entity_named(entities, "Lavrov") == entity_named(entities, "Sergei Lavrov")


def test_seed_entities_have_sensible_names_kinds_and_ids(seed_run):
    mentions, entities, entity_of = seed_run
    assert not {entity.name for entity in entities} & {"December", "Monday", "The", "However", "Russian", "Belarusian", "But"}
    assert entity_named(entities, "ISW").name == "Institute for the Study of War"
    assert entity_named(entities, "ISW").kind == "organization"
    assert entity_named(entities, "Minsk").kind == "place"
    assert entity_named(entities, "Putin").kind == "person"
    assert [entity.id for entity in entities] == sorted(entity.id for entity in entities)
    assert len({entity.id for entity in entities}) == len(entities)
    ids = {entity.id for entity in entities}
    assert set(entity_of.values()) <= ids
    assert sum(1 for m in mentions if (m.source, m.start, m.end) in entity_of) == len(mentions)
    for entity in entities:
        assert entity.name not in entity.aliases
        assert list(entity.aliases) == sorted(set(entity.aliases))


def test_corpus2_spelling_variants(corpus2_run):
    entities, _ = corpus2_run
    for name, other in [
        ("Sergei Markovic", "Sergej Markovich"), ("Muhamed Hadzic", "Mohammed Hadžić"),
        ("Andrej Vasilev", "Andrei Vassilev"), ("Elena Stavrou", "Jelena Stavru"), ("Vassilev", "Andrej Vasilev"),
        ("Interior Ministry", "Ministry of Interior"), ("Fund", "Regional Development Fund"),
    ]:
        assert entity_named(entities, name) == entity_named(entities, other)
    assert entity_named(entities, "Lentra Hydro").kind != "person"  # "Lentra" is a river of its own


# ---------------------------------------------------------------- clusters on invented text


def test_an_organization_named_in_another_order_or_spelling_is_one_organization():
    texts = {
        "a": "The Defence Ministry said the drill was over. The Foreign Ministry declined to comment.",
        "b": "The Ministry of Defense announced a drill. The Ministry of Foreign Affairs was not consulted. "
             "The Interior Ministry stayed out.",
    }
    _, entities, _ = resolve_texts(texts)
    assert entity_named(entities, "Defence Ministry") == entity_named(entities, "Ministry of Defense")
    assert entity_named(entities, "Interior Ministry") != entity_named(entities, "Ministry of Defense")


def test_invented_variants_acronyms_and_feminine_forms():
    texts = {
        "a": "Muhammad Al-Rashid, the spokesman of the World Health Organization (WHO), said the outbreak was over. "
             "Greek Prime Minister Alexis Tsipras agreed.",
        "b": "Mohammed al-Rashid told reporters in Cairo that the WHO had sent experts. According to Tsipra, it went well. "
             "Ivan Petrov and Ivana Petrova attended. Al-Rashid left early.",
    }
    _, entities, _ = resolve_texts(texts)
    assert entity_named(entities, "Muhammad Al-Rashid") == entity_named(entities, "Mohammed al-Rashid")
    assert entity_named(entities, "Al-Rashid") == entity_named(entities, "Mohammed al-Rashid")
    assert entity_named(entities, "Tsipra") == entity_named(entities, "Alexis Tsipras")
    assert entity_named(entities, "WHO") == entity_named(entities, "World Health Organization")
    assert entity_named(entities, "WHO").name == "World Health Organization"
    assert entity_named(entities, "Ivan Petrov") != entity_named(entities, "Ivana Petrova")


def test_an_ambiguous_surname_is_decided_by_its_own_source():
    texts = {
        "a": "Interior Minister Sergei Markovic spoke. Markovic said the dam was safe.",
        "b": "Economist Ana Markovic disagreed. Markovic said the dam was old.",
        "c": "Markovic said nothing at all.",
    }
    mentions, entities, entity_of = resolve_texts(texts)
    sergei, ana = entity_named(entities, "Sergei Markovic"), entity_named(entities, "Ana Markovic")
    assert sergei != ana
    alone = {m.source: entity_of[(m.source, m.start, m.end)] for m in mentions if m.name == "Markovic"}
    assert alone["a"] == sergei.id
    assert alone["b"] == ana.id
    assert alone["c"] not in (sergei.id, ana.id)


def test_ids_do_not_depend_on_order_or_on_unrelated_sources(seed_run):
    mentions, entities, entity_of = seed_run
    shuffled = list(mentions)
    random.Random(7).shuffle(shuffled)
    assert resolve_entities(shuffled) == (entities, entity_of)
    unrelated = find_mentions("zz", "Mayor Tomas Brenko of Halvik said the Lentra river was rising. Brenko left.")
    more_entities, more_entity_of = resolve_entities(list(mentions) + list(unrelated))
    assert {key: value for key, value in more_entity_of.items() if key[0] != "zz"} == entity_of
    assert set(entities) <= set(more_entities)


def test_colliding_slugs_get_stable_suffixes():
    # Different names, one slug: the more mentioned keeps it, the other gets a suffix from its own names.
    one = [Mention("a", 0, 6, "O'Neil", "O'Neil", "person"), Mention("a", 20, 26, "O'Neil", "O'Neil", "person")]
    other = [Mention("b", 0, 6, "O Neil", "O Neil", "organization")]
    entities, entity_of = resolve_entities(one + other)
    ids = sorted(entity.id for entity in entities)
    assert len(ids) == 2 and ids[0] == "o-neil" and ids[1].startswith("o-neil-")
    assert entity_of[("a", 0, 6)] == "o-neil"
    again, _ = resolve_entities(other + one)
    assert again == entities


# ---------------------------------------------------------------- editors' entities


def test_editor_entity_merges_clusters_and_wins(seed_run):
    mentions, _, _ = seed_run
    isw = Entity("isw", "Institute for the Study of War", "organization", ("ISW", "Institute for War Studies"), "A think tank.")
    ruler = Entity("lukashenka", "Alyaksandr Lukashenka", "person", (), "Belarus' ruler.")
    nobody = Entity("nobody", "Nobody Atall", "person", (), "Never mentioned.")
    entities, entity_of = resolve_entities(mentions, [isw, ruler, nobody])
    by_id = {entity.id: entity for entity in entities}
    assert by_id["isw"].description == "A think tank."
    assert entity_named(entities, "Institute for War Studies").id == "isw"
    assert by_id["lukashenka"].name == "Alyaksandr Lukashenka"
    assert {"Alexander Lukashenko", "Oleksandr Lukashenko"} <= set(by_id["lukashenka"].aliases)
    assert by_id["nobody"] == nobody
    assert "institute-for-the-study-of-war" not in by_id
    lukashenko = next(m for m in mentions if m.name == "Lukashenko")
    assert entity_of[(lukashenko.source, lukashenko.start, lukashenko.end)] == "lukashenka"


def test_two_editor_entities_are_never_merged():
    mentions = find_mentions("s", "Sergei Markovic spoke. Sergej Markovich spoke again.")
    editors = [
        Entity("markovic-1", "Sergei Markovic", "person"),
        Entity("markovic-2", "Sergej Markovich", "person"),
    ]
    entities, entity_of = resolve_entities(mentions, editors)
    assert sorted(entity.id for entity in entities) == ["markovic-1", "markovic-2"]
    assert sorted(entity_of.values()) == ["markovic-1", "markovic-2"]


def test_editor_kind_missing_takes_the_automatic_kind():
    mentions = find_mentions("s", "Yevhen Magda said so. Magda told us.")
    entities, _ = resolve_entities(mentions, [Entity("magda", "Yevhen Magda", "unknown", (), "")])
    assert entities == (Entity("magda", "Yevhen Magda", "person", ("Magda",), ""),)


# ---------------------------------------------------------------- entity files


def test_read_entity_file():
    text = (
        "Title: Institute for the Study of War\nAliases: ISW, Institute for War Studies, ISW\nKind: organization\n\n"
        "A think tank in *Washington*.\n\nSecond paragraph.\n"
    )
    entity, problems = read_entity_file(text, "entities/isw.md")
    assert problems == ()
    assert entity == Entity(
        "institute-for-the-study-of-war", "Institute for the Study of War", "organization",
        ("ISW", "Institute for War Studies"), "A think tank in *Washington*.\n\nSecond paragraph.",
    )


def test_read_entity_file_slug_fixes_the_id():
    entity, problems = read_entity_file("Title: Alyaksandr Lukashenka\nSlug: lukashenka\n\nBody.", "entities/l.md")
    assert (entity.id, entity.kind, problems) == ("lukashenka", "unknown", ())


def test_read_entity_file_problems_name_the_line_and_the_allowed_values():
    entity, problems = read_entity_file("Title: X\nKind: people\nColour: red\nnot a header\n\nbody", "entities/x.md")
    assert entity is not None and entity.kind == "unknown"
    assert [(p.path, p.line) for p in problems] == [("entities/x.md", 2), ("entities/x.md", 3), ("entities/x.md", 4)]
    assert "person, organization, place" in problems[0].message
    assert "'Colour'" in problems[1].message and "title, aliases, kind, slug" in problems[1].message


def test_read_entity_file_without_title_is_skipped():
    entity, problems = read_entity_file("Kind: person\n\nbody", "entities/y.md")
    assert entity is None
    assert len(problems) == 1 and problems[0].severity == "error" and "Title" in problems[0].message


# ---------------------------------------------------------------- a hand-labelled sample

# Every person, organization and place name in nine saved news pages
# (tests/data/html/*.gold.txt), in text order, possessives stripped. Events,
# competitions, programmes and nationality codes are not names here. Each batch
# was labelled before the extractor was run on it, but fixes followed each batch,
# so these figures are in-sample: the test guards against regressions, it is no
# estimate of accuracy (that is the first run on batch C, about 0.82 / 0.90,
# docs/decisions-entities.md).
LABELLED = {
    "heldout_ghost_transit_fares": [
        "Metro", "Metro", "Denise Whitaker", "Metro", "Curtis Yamamoto", "Alana Brooks", "Brooks", "Metro",
        "Marguerite Osei", "Riders Union",
    ],
    "heldout_wire_rate_decision": [
        "New Zealand", "Wellington", "New Zealand", "PWS", "New Zealand", "Reserve Bank of New Zealand", "New Zealand",
        "New Zealand", "U.S.", "RBNZ", "Kelly Eckhold", "Westpac New Zealand", "Leung", "Hong Kong",
    ],
    "heldout_drupal_wildfire": [
        "Kettle Ridge", "Kettle Ridge", "Rock Creek", "Westbridge", "BC Wildfire Service", "Karley Desrosiers",
        "Grand Forks", "Grand Forks", "Grand Forks", "Darrell Kovacs", "Kovacs", "Midway", "Rock Creek", "Greenwood",
        "DriveBC", "B.C.",
    ],
    "heldout_blogger_marathon": [
        "Kiprop", "Daniel Kiprop", "Kenya", "Wilson Cheruiyot", "Ridge Road", "Kiprop", "Ethiopia", "Tigist Alemu",
        "Hannah Brightwater", "Paul Okoye", "Daniel Kiprop", "Abebe Tadesse", "Samuel Rotich", "Tigist Alemu",
        "Hannah Brightwater", "Harbour City", "Mercy Jepkosgei", "Okoye",
    ],
    "outlet_earthquake": [
        "Peru", "Arequipa", "Colca", "Peru", "Arequipa", "Colca", "Chivay", "Peru", "Geophysical Institute", "IGP",
        "US Geological Survey", "Peru", "Chivay", "Arequipa", "Rosa Huamaní", "Yanque", "Yanque", "Achoma", "Maca",
        "Arequipa", "Elmer Cáceres", "Gustavo Adrianzén", "Adrianzén", "Lima", "IGP", "Hernando Tavera", "Colca",
        "Arequipa", "Peru", "Pacific", "Pisco", "Agence France-Presse",
    ],
    "wordpress_council_budget": [
        "Millbrook", "Millbrook City Council", "Teresa Okonjo", "Okonjo", "Eastside", "Raymond Ferris", "Angela Moreno",
        "Ferris", "Linda Tran", "Marcus Bell", "Ophelia Grant", "Harbour Street", "Tran", "Samuel Achebe",
        "Harbour Street", "Howard Lindqvist", "City Hall",
    ],
    "jsonld_date_election_recount": [
        "Okafor", "Port Ellery", "Port Ellery", "Adaeze Okafor", "Okafor", "Brett Halvorsen", "Okafor", "Halvorsen",
        "Halvorsen", "Okafor", "Miguel Santana", "Santana", "Okafor", "Port Ellery", "Port Ellery",
    ],
    "latin1_food_recall": [
        "Café Rousseau", "Herefordshire", "Ross-on-Wye", "Food Standards Agency", "Tesco", "Sainsbury", "Co-op",
        "Hélène Moreau", "Moreau", "Aoife Brennan", "University of Bristol", "France", "Belgium", "Herefordshire",
    ],
    "amp_football_transfer": [
        "Leeds", "Joris van Daal", "Elland Road", "Leeds", "Feyenoord", "Leeds United", "Feyenoord", "Joris van Daal",
        "Netherlands", "Leeds", "Van Daal", "Feyenoord", "Rotterdam", "Van Daal", "Leeds", "Daniel Farke", "Joris",
        "Farke", "Leeds", "Crysencio Summerville", "West Ham", "Georginio Rutter", "Brighton", "Van Daal", "Sunderland",
        "Stadium of Light", "Leeds",
    ],
}


def mention_precision_recall():
    found = expected = correct = 0
    for name, gold in LABELLED.items():
        text = (DATA / "html" / f"{name}.gold.txt").read_text(encoding="utf-8")
        predicted = Counter(names(find_mentions(name, text)))
        labelled = Counter(gold)
        found += sum(predicted.values())
        expected += sum(labelled.values())
        correct += sum((predicted & labelled).values())
    return correct / found, correct / expected


def test_mention_figures_on_the_labelled_sample_do_not_fall():
    precision, recall = mention_precision_recall()
    # In-sample 0.92 and 0.99 on the final code (docs/decisions-entities.md); the margin is for harmless changes.
    assert precision >= 0.88
    assert recall >= 0.95


def test_an_epithet_is_not_a_name_of_its_own():
    """A name word followed by a common noun the same text puts in scare quotes or writes in lowercase is a description
    ("the Kremlin 'Fuhrer'"), even where it is capitalised; the name word stays a name. Words of real names that the
    text also uses as common nouns ("forces", "state") are kept."""
    from crosscheck.extract.entities import find_mentions

    text = ('Officials said the Brussels "bureaucrats" had blocked the plan. Later the Brussels bureaucrats relented, '
            'and critics said the Brussels Bureaucrats never read it. The Atlantic "Tsar" of fishing quotas spoke too; '
            'the Atlantic Tsar was not pleased. The Armed Forces moved north while other forces stayed. '
            'The Union State has no state budget of its own.')
    names = {mention.name for mention in find_mentions("s", text)}
    assert "Brussels Bureaucrats" not in names and "Atlantic Tsar" not in names
    assert {"Brussels", "Atlantic", "Armed Forces", "Union State"} <= names


def test_the_seed_epithet_for_a_leader_is_no_entity(seeds):
    from crosscheck.extract.entities import find_mentions

    source = seeds["001_4fc8f84063c97fd3.txt"]
    names = {mention.name for mention in find_mentions(source.id, source.text)}
    assert "Kremlin Fuhrer" not in names and "Kremlin" in names
