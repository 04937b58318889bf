"""Why gold same-fact pairs are not linked, and gold disagreements not flagged, on the development corpora.

    python bench/fact_misses.py [corpus ...] [--list] [--false]
                                # default: ecbplus ecbplus_heldout seeds corpus2; --false: the false links

For every gold pair of mentions of one fact (in different files) that the analysis does not put in one fact
group, the first rule in the order the analysis applies them that kept them apart:

  not found        the mention's value is not read as a fact (evaluate.locate finds none)
  story split      the two sources are in different stories (link/stories.py)
  slot             their values cannot be compared: different families or roles (link.facts.slot)
  noun / age / quote / holder / far apart   link.facts.comparable refuses them (counted nouns of different kinds,
                   two people's ages, words credited to two people, records of two holders, twentyfold apart)
  copy position    copies of one sentence, the values at different places in it
  shared words     different values sharing fewer than DIFFERENT_VALUES_SHARE words (noun included)
  score            the pair's score is below the threshold (its parts are listed)
  one value        the pair scores enough, but one report would give the fact two values (or one sentence
                   would state it twice) in the merged group
  average          the pair scores enough, but the groups' average linkage is below the threshold

For every gold disagreement not flagged: 'not found' / 'not linked: <reason>' as above for its best pair of
sides, else why comparing the group's values said nothing ('same as read', 'wording', 'too weak': a
difference linked below DIFFERENCE_EVIDENCE and not strongly, taken for two things).
Never run it on the held-out corpora (evaluate.HELD_OUT): it refuses.
"""

from __future__ import annotations

import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from crosscheck import lexicon
from crosscheck.compare import compare_values
from crosscheck.evaluate import (
    DISAGREEMENTS,
    HELD_OUT,
    Prediction,
    _claims_of_side,
    load,
    locate,
    mention_key,
    read_corpus,
    score,
)
from crosscheck.extract.values import PAIR
from crosscheck.link.facts import (
    DIFFERENCE_EVIDENCE,
    FACT_LINK,
    FactLinkContext,
    _alike,
    _copies,
    _idf,
    _matched,
    _positions,
    comparable,
    copies_of,
    equivalent,
    link_score,
    same_value,
    slot,
    strong_evidence,
)
from crosscheck.link.groups import cross_reference

DEFAULT = ("ecbplus", "ecbplus_heldout", "seeds", "corpus2")


class Diagnosis:
    def __init__(self, corpus, threshold: float = FACT_LINK):
        self.threshold = threshold
        self.lexicon = lexicon.load()
        groups, discrepancies, links, stories, facts = cross_reference(
            corpus.claims, corpus.sources, corpus.names, threshold, corpus.spans, self.lexicon)
        self.claims = {claim.id: claim for claim in corpus.claims}
        self.prediction = Prediction(facts, {c.id: c.text for c in corpus.claims}, corpus.file_of, groups, discrepancies)
        self.located = locate(corpus.gold, self.prediction)
        self.group_of = {fact_id: group.id for group in groups if group.basis == "fact" for fact_id in group.facts}
        self.facts_of_group = {}
        by_id = {fact.id: fact for fact in facts}
        for group in groups:
            if group.basis == "fact":
                self.facts_of_group[group.id] = [by_id[f] for f in group.facts]
        self.story_of = {source: story.id for story in stories for source in story.sources}
        reference = {s.id: s.reference.date.isoformat() for s in corpus.sources if s.reference}
        story_claims = {}
        for claim in corpus.claims:
            story_claims.setdefault(self.story_of.get(claim.source), []).append(claim)
        positions = _positions(facts)
        scores = {(link.a, link.b): link.score for link in links}
        self.contexts = {}
        for story in stories:
            members = [f for f in facts if self.story_of.get(f.source) == story.id and slot(f) is not None]
            claims = story_claims.get(story.id, [])
            ids = {c.id for c in claims}
            story_links = [link for link in links if link.a in ids and link.b in ids]
            self.contexts[story.id] = FactLinkContext(
                _idf(members), scores, reference, positions, self.lexicon,
                {c.id: c.speaker for c in claims if c.speaker}, copies_of(claims, story_links))
        self.discrepancies = discrepancies
        self.reference = reference

    def together(self, fa, fb) -> bool:
        return fa.id in self.group_of and self.group_of.get(fb.id) == self.group_of[fa.id]

    def parts(self, a, b, context) -> str:
        matched = _matched(a, b, context)
        return (f"score {link_score(a, b, context):.2f} (words {sorted(matched)}; subject {a.subject[:1] == b.subject[:1] != ()}; "
                f"equal {equivalent(a, b, context)}; sentence {_alike(a, b, context):.2f})")

    def why_apart(self, fa, fb) -> tuple[str, str]:
        """(reason, detail) for two located facts not in one group."""
        if fa is None or fb is None:
            return "not found", ""
        story = self.story_of.get(fa.source)
        if story is None or story != self.story_of.get(fb.source):
            return "story split", ""
        if slot(fa) != slot(fb):
            return "slot", f"{slot(fa)} vs {slot(fb)}"
        context = self.contexts[story]
        if not comparable(fa, fb, context):
            a, b = fa.value, fb.value
            if a.kind == "count" and a.unit and b.unit and not context.same_kind(a.unit, b.unit) and a.value != b.value:
                return "noun", f"{a.unit} vs {b.unit}"
            if a.kind == "age":
                return "age", ""
            if a.kind == "quote":
                return "quote", ""
            if PAIR in (a.reason, b.reason):
                return "holder", f"{fa.subject[:1]} vs {fb.subject[:1]}"
            return "far apart", f"{a.value} vs {b.value}"
        score = link_score(fa, fb, context)
        if score == 0.0:
            if _copies(fa, fb, context) and context.positions.get(fa.id) != context.positions.get(fb.id):
                return "copy position", ""
            return "shared words", self.parts(fa, fb, context)
        if score < self.threshold:
            return "score", self.parts(fa, fb, context)
        group_a = self.facts_of_group.get(self.group_of.get(fa.id), [fa])
        group_b = self.facts_of_group.get(self.group_of.get(fb.id), [fb])
        for x in group_a:
            for y in group_b:
                if x.source == y.source and (x.claim == y.claim or not equivalent(x, y, context)):
                    return "one value", f"{x.value.text!r} / {y.value.text!r} in {x.source[:30]}; " + self.parts(fa, fb, context)
        return "average", self.parts(fa, fb, context)

    def why_not_flagged(self, item, gold) -> tuple[str, str]:
        sides = []
        for side in item["sides"]:
            refs = set(side)
            sides.append([self.located.get(mention_key(m)) for fact in gold["facts"] for m in fact["mentions"]
                          if f"{m['file']}::{m['sentence']}" in refs])
        found = [[f for f in side if f is not None] for side in sides]
        if sum(1 for side in found if side) < 2:
            return "not found", ""
        pairs = [(x, y) for side_a, side_b in combinations(found, 2) for x in side_a for y in side_b]
        linked = [(x, y) for x, y in pairs if self.together(x, y)]
        if not linked:
            reasons = [self.why_apart(x, y) for x, y in pairs]
            order = ["average", "one value", "score", "shared words", "copy position", "far apart", "holder", "quote", "age", "noun",
                     "slot", "story split", "not found"]
            reason = min(reasons, key=lambda r: order.index(r[0]))
            return "not linked: " + reason[0], reason[1]
        notes = []
        for x, y in linked:
            context = self.contexts[self.story_of[x.source]]
            verdict = compare_values(x.value, y.value, self.reference.get(x.source, ""), self.reference.get(y.source, ""))
            if same_value(x, y) or verdict.relation == "same":
                notes.append(("same as read", f"{x.value.text!r}={x.value.value} / {y.value.text!r}={y.value.value}"))
            elif verdict.relation == "wording":
                notes.append(("wording", f"{x.value.text!r} / {y.value.text!r}: {verdict.why}"))
            elif verdict.relation == "incomparable":
                notes.append(("incomparable", f"{x.value.text!r} / {y.value.text!r}: {verdict.why}"))
            elif verdict.relation == "conflict" and not strong_evidence(x, y, context) and link_score(x, y, context) < DIFFERENCE_EVIDENCE:
                notes.append(("too weak", self.parts(x, y, context)))
            else:
                notes.append(("flagged elsewhere?", verdict.relation))
        return notes[0]


def show_false_links(gold: dict, d: Diagnosis) -> None:
    """The pairs of mentions of two gold facts that share a fact group, counted by the two facts."""
    fact_of = {mention_key(m): item["id"] for item in gold["facts"] for m in item["mentions"]}
    mentions = [m for item in gold["facts"] for m in item["mentions"]]
    false = Counter()
    example = {}
    for a, b in combinations(mentions, 2):
        fa, fb = d.located.get(mention_key(a)), d.located.get(mention_key(b))
        if a["file"] == b["file"] or not (fa and fb and d.together(fa, fb)):
            continue
        pair = tuple(sorted((fact_of[mention_key(a)], fact_of[mention_key(b)])))
        if pair[0] != pair[1]:
            false[pair] += 1
            example.setdefault(pair, (a["text"], b["text"]))
    for pair, count in false.most_common():
        print(f"  false {count:>3} {pair[0]} + {pair[1]}: {example[pair][0]!r} / {example[pair][1]!r}")
    real = [item for item in gold["discrepancies"] if item["kind"] in DISAGREEMENTS]
    sides = [[_claims_of_side(side, gold, d.located) for side in item["sides"]] for item in real]
    texts = {fact.claim: fact.value.text for fact in d.located.values()}
    for discrepancy in d.discrepancies:
        named = set(discrepancy.claims)
        if discrepancy.kind in ("wording", "spelling") or any(sum(1 for s in item if s & named) >= 2 for item in sides):
            continue
        values = [texts.get(claim) or d.claims[claim].text[:60] for claim in discrepancy.claims]
        print(f"  false {discrepancy.kind}: {values}")


def run(name: str, show: bool) -> None:
    if name in HELD_OUT:
        raise SystemExit(f"{name} is held out: not diagnosed")
    gold = load(ROOT / "tests" / "data" / "gold" / f"{name}.facts.json")
    corpus = read_corpus(name, gold, ROOT)
    d = Diagnosis(corpus)
    links, flags = Counter(), Counter()
    print(f"## {name} at {d.threshold:.2f}")
    for line in score(gold, d.prediction):
        print(f"  {line}")
    for item in gold["facts"]:
        for a, b in combinations(item["mentions"], 2):
            if a["file"] == b["file"]:
                continue
            fa, fb = d.located.get(mention_key(a)), d.located.get(mention_key(b))
            if fa and fb and d.together(fa, fb):
                continue
            reason, detail = d.why_apart(fa, fb)
            links[reason] += 1
            if show:
                print(f"  link {item['id']}: {reason}: {a['text']!r} ({a['file']}) / {b['text']!r} ({b['file']}) {detail}")
    real = [item for item in gold["discrepancies"] if item["kind"] in DISAGREEMENTS]
    flagging = [x for x in d.discrepancies if x.kind not in ("wording", "spelling")]
    for item in real:
        sides = [set() for _ in item["sides"]]
        for i, side in enumerate(item["sides"]):
            for fact in gold["facts"]:
                for m in fact["mentions"]:
                    if f"{m['file']}::{m['sentence']}" in side and (f := d.located.get(mention_key(m))):
                        sides[i].add(f.claim)
        if any(sum(1 for s in sides if s & set(x.claims)) >= 2 for x in flagging):
            continue
        reason, detail = d.why_not_flagged(item, gold)
        flags[reason] += 1
        if show:
            print(f"  flag {item['fact']} ({item['kind']}): {reason}: {detail}  [{item.get('note', '')[:90]}]")
    if "--false" in sys.argv:
        show_false_links(gold, d)
    total = sum(1 for item in gold["facts"] for a, b in combinations(item["mentions"], 2) if a["file"] != b["file"])
    print(f"  same-fact pairs not linked: {sum(links.values())} of {total}: {dict(links.most_common())}")
    print(f"  disagreements not flagged: {sum(flags.values())} of {len(real)}: {dict(flags.most_common())}")


if __name__ == "__main__":
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    for corpus_name in args or DEFAULT:
        run(corpus_name, "--list" in sys.argv)
