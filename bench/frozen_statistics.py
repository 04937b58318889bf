"""What frozen linking statistics cost in accuracy: each gold corpus scored with the document frequencies
of the whole corpus (as `python -m crosscheck evaluate` scores it) and with those of the corpus missing
about a tenth of its sources (every tenth source by id, from three starting points): what a build sees
when a tenth of its sources came after the generation (CROSSCHECK_LINK_STATISTICS_DRIFT).

    PYTHONPATH=plugins python bench/frozen_statistics.py [--bench CONTENT [--cache FILE]]

The held-out corpora are left out, as `evaluate` leaves them out. Each corpus uses the fact-link
threshold fitted on the others (evaluate.leave_one_out). ``--bench`` scores a generated corpus's planted
discrepancies (bench/corpus.py, bench/run.py's score_plants) the same two ways instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from crosscheck import lexicon  # noqa: E402
from crosscheck.evaluate import Prediction, leave_one_out, load_corpora, score  # noqa: E402
from crosscheck.link.groups import cross_reference, entity_spans, names_by_source  # noqa: E402
from crosscheck.link.statistics import statistics_of  # noqa: E402

SHOWN = ("same-fact links", "disagreements flagged")


def statistics_without_a_tenth(claims, sources, names, start: int):
    """The statistics of the sources but every tenth by id from ``start`` (at least one left out)."""
    ids = sorted(source.id for source in sources)
    missing = set(ids[start::10]) or {ids[0]}
    kept = [source for source in sources if source.id not in missing]
    return statistics_of([claim for claim in claims if claim.source not in missing], kept,
                         {source_id: found for source_id, found in names.items() if source_id not in missing})


def frozen_prediction(corpus, threshold: float, start: int) -> Prediction:
    """The corpus linked under the statistics of the corpus without a tenth of its sources."""
    statistics = statistics_without_a_tenth(corpus.claims, corpus.sources, corpus.names, start)
    groups, discrepancies, _, _, facts = cross_reference(corpus.claims, corpus.sources, corpus.names, threshold, corpus.spans,
                                                         lexicon.load(), statistics)
    return Prediction(facts, {claim.id: claim.text for claim in corpus.claims}, corpus.file_of, groups, discrepancies)


def bench_plants(content: Path, cache: Path | None) -> None:
    """Planted-discrepancy recall and precision of a generated corpus, fresh and frozen."""
    import json

    from crosscheck.cache import AnalysisCache
    from crosscheck.pipeline import analyse

    sys.path.insert(0, str(ROOT / "bench"))
    from run import score_plants

    analysis = analyse(content, ["sources"], (), ["entities"], cache=AnalysisCache(cache) if cache else None, executor="auto")
    plants = json.loads((content / "plants.json").read_text(encoding="utf-8"))
    claims = analysis.all_claims()
    names, spans = names_by_source(analysis.mentions, analysis.entity_of), entity_spans(analysis.mentions, analysis.entity_of)

    def scored(statistics) -> str:
        groups, discrepancies, links, stories, facts = cross_reference(claims, analysis.sources, names, spans=spans,
                                                                       lexicon=lexicon.load(), statistics=statistics)
        found = score_plants(dataclasses.replace(analysis, groups=groups, discrepancies=discrepancies, links=links,
                                                 stories=stories, facts=facts), plants)
        return (f"recall {found['recall']:.3f} ({found['found']}/{found['planted']}), precision {found['precision']:.3f} "
                f"({found['true_reports']}/{found['reported']}), {len(discrepancies)} discrepancies, {len(links)} links")

    print(f"{content}: {len(analysis.sources)} sources")
    print(f"   fresh statistics: {scored(None)}")
    for start in (0, 3, 6):
        print(f"   frozen without every tenth source from {start}: {scored(statistics_without_a_tenth(claims, analysis.sources, names, start))}")


def shown(item) -> str:
    return f"P {item.precision:.3f} R {item.recall:.3f}" if item.precision is not None and item.recall is not None else str(item)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/frozen_statistics.py")
    parser.add_argument("--bench", type=Path)
    parser.add_argument("--cache", type=Path)
    arguments = parser.parse_args(argv)
    if arguments.bench:
        bench_plants(arguments.bench, arguments.cache)
        return
    corpora = load_corpora(ROOT / "tests" / "data" / "gold")
    fitted = leave_one_out(corpora)
    for corpus in corpora:
        threshold, scores, _ = fitted[corpus.name]
        print(f"## {corpus.name} ({len(corpus.sources)} sources), threshold {threshold:.2f}")
        fresh = {item.name: item for item in scores}
        frozen = [{item.name: item for item in score(corpus.gold, frozen_prediction(corpus, threshold, start))} for start in (0, 3, 6)]
        for name in SHOWN:
            print(f"   {name:22} fresh {shown(fresh[name])}  |  frozen without a tenth: "
                  + "; ".join(shown(found[name]) for found in frozen))


if __name__ == "__main__":
    main(sys.argv[1:])
