"""The scale benchmark's own parts: the corpus it generates, the plants it records, how it scores them.

Its figures in docs/benchmarks.md are only as good as these: a plant that is
not in its document, or a score that counts a report between two stories as
found, would make them meaningless.
"""

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def bench_module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


corpus = bench_module("corpus")
harness = bench_module("run")

SIZE = 60


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench-corpus")
    plants = corpus.generate(SIZE, folder)
    return folder, plants


@pytest.fixture(scope="module")
def analysed(generated):
    from crosscheck.pipeline import analyse

    folder, _ = generated
    return analyse(folder, ["sources"], (), ["entities"])


def story_files(folder: Path, story: str) -> list[Path]:
    return sorted((folder / "sources").glob(f"{story}-*.txt"))


def test_the_corpus_has_as_many_documents_as_asked_and_records_every_plant(generated):
    folder, plants = generated
    assert len(list((folder / "sources").glob("*.txt"))) == SIZE
    assert json.loads((folder / "plants.json").read_text(encoding="utf-8")) == [dataclasses.asdict(p) for p in plants]
    # which kinds a corpus this small draws depends on the generator's random choices
    assert plants and len({plant.kind for plant in plants}) >= 2 and {plant.kind for plant in plants} <= set(corpus.PLANT_KINDS)


def test_each_plant_is_in_its_document_and_not_in_the_outlet_that_keeps_the_article(generated):
    folder, plants = generated
    for plant in plants:
        planted = (folder / plant.file).read_text(encoding="utf-8")
        original = story_files(folder, plant.story)[0]
        assert original.name.endswith("-0.txt") and original.name != Path(plant.file).name
        assert plant.probe in planted, plant
        assert plant.probe not in original.read_text(encoding="utf-8"), plant


def test_the_same_seed_makes_the_same_corpus(generated, tmp_path):
    folder, _ = generated
    corpus.generate(SIZE, tmp_path)
    for path in sorted((folder / "sources").glob("*.txt")):
        assert (tmp_path / "sources" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_plain_pelican_gets_the_same_texts_as_articles(generated, tmp_path):
    folder, _ = generated
    corpus.as_markdown_articles(folder, tmp_path)
    first = min((folder / "sources").glob("*.txt"))
    article = (tmp_path / f"{first.stem}.md").read_text(encoding="utf-8")
    assert article.startswith("Title: ") and "\nCategory: news\n" in article
    assert article.endswith(first.read_text(encoding="utf-8").partition("\n\n")[2])
    assert len(list(tmp_path.glob("*.md"))) == SIZE


def test_planted_discrepancies_are_found_and_scored_only_within_their_story(generated, analysed):
    folder, plants = generated
    recorded = json.loads((folder / "plants.json").read_text(encoding="utf-8"))
    score = harness.score_plants(analysed, recorded)
    assert score["planted"] == sum(plant.kind != "transliteration" for plant in plants)
    assert score["found"] >= 1 and score["true_reports"] >= score["found"]
    # the same reports, scored against plants moved to another story's document, find nothing
    elsewhere = [{**plant, "file": "sources/s999999-1.txt", "story": "s999999"} for plant in recorded]
    moved = harness.score_plants(analysed, elsewhere)
    assert moved["found"] == 0 and moved["true_reports"] == 0
    assert moved["reported"] == score["reported"]
