"""Editors' annotations on the seed analysis: targets by id and by text, verdicts, corrections, and every error."""

import shutil
from pathlib import Path

import pytest
from crosscheck import settings as crosscheck_settings
from crosscheck.annotate import annotate, find_quote
from crosscheck.editors.annotations import read_annotation, read_annotations
from crosscheck.pipeline import analyse

ROOT = Path(__file__).resolve().parent.parent
SCALE = crosscheck_settings.ratings(crosscheck_settings.resolve({}))


@pytest.fixture(scope="module")
def seeds_analysis():
    return analyse(ROOT / "content", ["sources"], ["annotations", "entities", "pages"], ["entities"])


def claim_with(analysis, words):
    [claim] = [claim for claim in analysis.all_claims() if words in claim.text]
    return claim


def run(analysis, *files):
    """Annotate with files given as (path, text)."""
    annotations, problems = [], []
    for path, text in files:
        annotation, found = read_annotation(text, path)
        annotations.append(annotation)
        problems.extend(found)
    updated, annotated = annotate(analysis, annotations, SCALE)
    return updated, annotated, [str(problem) for problem in problems + list(annotated.problems)]


def test_a_verdict_by_group_id(seeds_analysis):
    since = claim_with(seeds_analysis, "since December 6")
    group = seeds_analysis.group_of()[since.id]
    _, annotated, problems = run(seeds_analysis, ("annotations/a.md", f"Claim: {group}\nVerdict: mixed\nStatus: published\nDate: 2026-01-02\n\nWhy."))
    assert problems == []
    assert annotated.verdict_of[group].verdict == "Mixed"  # matched without regard to case, shown as configured


def test_a_claim_id_finds_its_group(seeds_analysis):
    since = claim_with(seeds_analysis, "since December 6")
    _, annotated, _ = run(seeds_analysis, ("annotations/a.md", f"Claim: {since.id}\nStatus: published\n\nA note."))
    assert annotated.annotations[0].target == seeds_analysis.group_of()[since.id]
    assert annotated.published_of[seeds_analysis.group_of()[since.id]].body == "A note."


def test_a_quote_selector_survives_other_quote_marks_and_spacing(seeds_analysis):
    isw = claim_with(seeds_analysis, "ISW continues to assess that")
    text = ("Source: 003_77591201f77be997.txt\nQuote: ISW continues to assess that Belarus' participation\n"
            "   in Putin's war\nStatus: published\nVerdict: True\nDate: 2026-01-02\n\nThree sources repeat it.")
    _, annotated, problems = run(seeds_analysis, ("annotations/isw.md", text))
    assert problems == []
    assert annotated.annotations[0].target == seeds_analysis.group_of()[isw.id]


def test_prefix_and_suffix_choose_between_repeated_words():
    text = "The dam held. Officials said the dam held again. Then the dam held once more."
    assert len(find_quote(text, "the dam held")) == 2  # case-sensitive, as TextQuoteSelector
    [span] = find_quote(text, "the dam held", prefix="Officials said")
    assert text[span[0]:span[1]] == "the dam held" and text[:span[0]].endswith("said ")
    [span] = find_quote(text, "the dam held", suffix="once more")
    assert text[span[1]:].startswith(" once more")


@pytest.mark.parametrize("header, expected", [
    ("Claim: g-0000000000", "annotations/x.md:1: Claim: there is no claim or group 'g-0000000000'"),
    ("Source: 003_77591201f77be997.txt\nQuote: words that are in no source at all", "annotations/x.md:2: Quote: these words are not in"),
    ("Source: missing.txt\nQuote: anything", "annotations/x.md:1: Source: there is no source 'missing.txt'"),
])
def test_an_annotation_whose_target_is_gone_is_an_orphan_with_its_text_kept(seeds_analysis, header, expected):
    _, annotated, problems = run(seeds_analysis, ("annotations/x.md", f"{header}\nStatus: published\n\nMy careful analysis."))
    assert any(problem.startswith(expected) for problem in problems), problems
    [orphan] = annotated.orphans()
    assert orphan.body == "My careful analysis." and not annotated.published_of


def test_an_unknown_verdict_names_the_line_and_the_scale(seeds_analysis):
    group = seeds_analysis.groups[0].id
    _, annotated, problems = run(seeds_analysis, ("annotations/v.md", f"Title: t\nClaim: {group}\nVerdict: Pants on fire\n\nBody."))
    assert problems == ["annotations/v.md:3: unknown Verdict 'Pants on fire'; use one of: True, Mostly true, Mixed, "
                        "Mostly false, False (CROSSCHECK_VERDICTS in pelicanconf.py)"]
    assert annotated.annotations[0].verdict == "" and annotated.annotations[0].body == "Body."


@pytest.mark.parametrize("second_verdict", ["False", ""])
def test_two_published_annotations_on_one_claim(seeds_analysis, second_verdict):
    group = seeds_analysis.groups[0].id
    first = ("annotations/a.md", f"Claim: {group}\nVerdict: True\nStatus: published\n\nOne.")
    second = ("annotations/b.md", f"Claim: {group}\nVerdict: {second_verdict}\nStatus: published\n\nTwo.")
    _, annotated, problems = run(seeds_analysis, first, second)
    assert annotated.verdict_of[group].path == "annotations/a.md" and annotated.published_of[group].body == "One."
    assert any(p.startswith("annotations/b.md:3: claim") and "already has a published annotation, annotations/a.md" in p for p in problems)
    assert [a.body for a in annotated.annotations] == ["One.", "Two."]


def test_a_malformed_header_keeps_the_rest(seeds_analysis):
    group = seeds_analysis.groups[0].id
    text = f"Claim: {group}\nthis line has no colon\nColour: red\nStatus: published\n\nStill here."
    _, annotated, problems = run(seeds_analysis, ("annotations/m.md", text))
    assert any(p.startswith("annotations/m.md:2: malformed metadata line") for p in problems)
    assert any(p.startswith("annotations/m.md:3: unknown metadata key 'Colour'") for p in problems)
    assert annotated.annotations[0].target == group and annotated.annotations[0].body == "Still here."


def test_impossible_dates_are_reported(seeds_analysis):
    _, _, problems = run(seeds_analysis, ("annotations/d.md", f"Claim: {seeds_analysis.groups[0].id}\nDate: 2023-02-30\n\nx"))
    assert any(p.startswith("annotations/d.md:2: Date:") for p in problems)


def test_merge_makes_one_group_and_compares_it_again(seeds_analysis):
    group_of = seeds_analysis.group_of()
    a = group_of[claim_with(seeds_analysis, "lasted 2.5 hours").id]
    b = group_of[claim_with(seeds_analysis, "ISW continues to assess that").id]
    updated, _, problems = run(seeds_analysis, ("annotations/m.md", f"Merge: {a}, {b}\nStatus: published\n\nThe same meeting."))
    assert problems == []
    merged = {group.id: group for group in updated.groups}
    assert b not in merged and set(next(g for g in seeds_analysis.groups if g.id == b).claims) <= set(merged[a].claims)
    assert all(item.group != b for item in updated.discrepancies)


def test_a_merge_of_claims_that_do_not_exist(seeds_analysis):
    updated, _, problems = run(seeds_analysis, ("annotations/m.md", "Merge: g-nope000000, c-nope000000\nStatus: published\n\nx"))
    assert "annotations/m.md:1: Merge: there is no claim or group 'g-nope000000'; copy a group id (g-…) from under the heading of its claim page" in problems
    assert any("needs two or more" in p for p in problems)
    assert updated.groups == seeds_analysis.groups


def test_cyclic_merges_are_reported_and_change_nothing_more(seeds_analysis):
    a, b, c = (group.id for group in seeds_analysis.groups[:3])
    files = [("annotations/1.md", f"Merge: {a} {b}\nStatus: published\n\nx"), ("annotations/2.md", f"Merge: {b} {c}\nStatus: published\n\nx"),
             ("annotations/3.md", f"Merge: {c} {a}\nStatus: published\n\nx")]
    updated, _, problems = run(seeds_analysis, *files)
    assert any(p.startswith("annotations/3.md:1: Merge:") and "goes round in a circle" in p for p in problems)
    assert len(updated.groups) == len(seeds_analysis.groups) - 2


def test_split_takes_a_claim_out_of_its_group(seeds_analysis):
    isw = claim_with(seeds_analysis, "ISW continues to assess that")
    group = seeds_analysis.group_of()[isw.id]
    updated, _, problems = run(seeds_analysis, ("annotations/s.md", f"Split: {isw.id}\nStatus: published\n\nA different assessment."))
    assert problems == []
    groups = {g.id: g for g in updated.groups}
    assert isw.id not in groups[group].claims
    assert any(g.claims == (isw.id,) for g in updated.groups)


def test_dismissing_the_conflicts_reopens_nothing_and_keeps_the_reason(seeds_analysis):
    conflicts = [d for d in seeds_analysis.discrepancies if d.kind == "conflict"]
    ids = " ".join(d.id for d in conflicts)
    updated, annotated, problems = run(seeds_analysis, ("annotations/d.md", f"Dismiss: {ids}\nStatus: published\n\nThe check was extended."))
    assert problems == []
    assert set(annotated.dismissed) == {d.id for d in conflicts}
    group = next(g for g in updated.groups if g.id == conflicts[0].group)
    assert group.status != "conflict"
    assert annotated.dismissed[conflicts[0].id].body == "The check was extended."


def test_a_dismissal_needs_a_reason_and_a_real_id(seeds_analysis):
    d = seeds_analysis.discrepancies[0].id
    _, annotated, problems = run(seeds_analysis, ("annotations/d.md", f"Dismiss: {d} d-0000000000\n"))
    assert any("no discrepancy 'd-0000000000'" in p for p in problems)
    assert any(f"say why {d} is a false alarm" in p for p in problems)
    assert not annotated.dismissed


def test_body_links_are_checked_with_their_line(seeds_analysis):
    group = seeds_analysis.groups[0].id
    body = ("See [the source]({filename}/sources/003_77591201f77be997.txt),\n"
            "[this claim]({claim}" + group + ") and\n[a lost file]({filename}../sources/gone.txt).")
    _, annotated, problems = run(seeds_analysis, ("annotations/l.md", f"Claim: {group}\n\n{body}"))
    assert problems == ["annotations/l.md:5: link {filename}../sources/gone.txt: there is no source or annotation at "
                        "'sources/gone.txt' in the content folder"]
    assert [kind for _, kind, _ in annotated.annotations[0].links] == ["source", "claim"]


def test_ids_survive_added_sources_and_a_typo_fixed_elsewhere(tmp_path, seeds_analysis):
    shutil.copytree(ROOT / "content" / "sources", tmp_path / "sources")
    shutil.copy(ROOT / "tests" / "data" / "corpus2" / min(p.name for p in (ROOT / "tests/data/corpus2").glob("*.txt")),
                tmp_path / "sources")
    path = tmp_path / "sources" / "001_4fc8f84063c97fd3.txt"
    text = path.read_text(encoding="utf-8")
    typo = "About 20 Iranian drones"
    assert typo in text
    path.write_text(text.replace(typo, "About 20 Iranian  drones"), encoding="utf-8")  # a double space
    changed = analyse(tmp_path, ["sources"], [], [])
    before = analyse(ROOT / "content", ["sources"], ["annotations", "entities", "pages"], [])
    after_claims = {claim.id for claim in changed.all_claims()}
    untouched = [claim for claim in before.all_claims() if typo not in claim.text]
    assert all(claim.id in after_claims for claim in untouched)
    after_groups = {group.id for group in changed.groups}
    kept = [group for group in before.groups if all(c in after_claims for c in group.claims)]
    assert sum(group.id in after_groups for group in kept) >= 0.95 * len(kept)
    # and an annotation written against any old group id still finds a group
    files = [(f"annotations/{n}.md", f"Claim: {group.id}\n\nx") for n, group in enumerate(kept)]
    _, annotated, problems = run(changed, *files)
    assert problems == [] and all(annotation.target for annotation in annotated.annotations)


def test_annotation_files_are_read_from_disk_with_their_dates(tmp_path):
    folder = tmp_path / "annotations"
    folder.mkdir()
    (folder / "a.md").write_text("Title: A\nClaim: g-1\nDate: 2026-01-02\nModified: 2026-02-03\n\nBody", encoding="utf-8")
    (folder / "b.md").write_bytes(b"Slug: a\nClaim: g-2\n\n\xff\xfe broken")
    annotations, problems = read_annotations(tmp_path, ["annotations"])
    assert [(a.id, a.date, a.modified) for a in annotations] == [("a", "2026-01-02", "2026-02-03"), ("a-2", "", "")]
    messages = [str(p) for p in problems]
    assert "annotations/b.md:4: not UTF-8; read as Windows-1252, so this line reads 'ÿþ broken'. Save the file as UTF-8" in messages
    assert any(m.startswith("annotations/b.md: its id 'a' is taken by annotations/a.md") for m in messages)
    assert "broken" in annotations[1].body


def test_without_date_headers_the_dates_come_from_git_history(tmp_path):
    import subprocess

    folder = tmp_path / "annotations"
    folder.mkdir()
    note = folder / "note.md"

    def commit(text, when):
        note.write_text(text, encoding="utf-8")
        env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org",
               "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org", "PATH": "/usr/bin:/bin"}
        subprocess.run(["git", "add", "."], cwd=tmp_path, check=True, env=env)
        subprocess.run(["git", "commit", "-qm", "note"], cwd=tmp_path, check=True, env=env)

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    commit("Claim: g-1\n\nFirst draft.", "2025-03-01T10:00:00Z")
    commit("Claim: g-1\n\nSecond draft.", "2025-04-02T10:00:00Z")
    [annotation], _ = read_annotations(tmp_path, ["annotations"])
    assert (annotation.date, annotation.modified) == ("2025-03-01", "2025-04-02")
    note.write_text("Claim: g-1\nDate: 2025-01-05\n\nDated by hand.", encoding="utf-8")
    [annotation], _ = read_annotations(tmp_path, ["annotations"])
    assert (annotation.date, annotation.modified) == ("2025-01-05", "2025-04-02")


def _crowded_and_single(analysis):
    """A sentence group of three or more claims, one of its claims that is not its anchor, and a group of one claim."""
    group = next(g for g in analysis.groups if len(g.claims) >= 3 and g.basis == "sentences")
    single = next(g for g in analysis.groups if len(g.claims) == 1 and g.basis == "sentences")
    return group, single


def test_a_split_claim_can_be_merged_or_moved_at_once_by_any_of_its_ids_in_one_file_or_two(seeds_analysis):
    from crosscheck.link import group_id

    group, single = _crowded_and_single(seeds_analysis)
    leaving, staying = group.claims[-1], group.claims[0]
    verdict = ("annotations/v.md", f"Claim: {staying}\nVerdict: Mostly true\nStatus: published\nDate: 2026-01-02\n\nThe rest of the group.")
    published = "\nStatus: published\n\nx"
    ways = {
        "one file": [("annotations/fix.md", f"Split: {leaving}\nMerge: {single.id}, {leaving}" + published)],
        "two files": [("annotations/b.md", f"Merge: {single.id}, {leaving}" + published),
                      ("annotations/a.md", f"Split: {leaving}" + published)],
        "by its new page's id": [("annotations/a.md", f"Split: {leaving}" + published),
                                 ("annotations/b.md", f"Merge: {single.id} {group_id(leaving, 'split')}" + published)],
        "moved": [("annotations/m.md", f"Move: {leaving} to {single.id}" + published)],
    }
    for way, files in ways.items():
        updated, annotated, problems = run(seeds_analysis, verdict, *files)
        assert problems == [], way
        groups = {g.id: g for g in updated.groups}
        assert set(groups[single.id].claims) == set(single.claims) | {leaving}, way
        assert set(groups[group.id].claims) == set(group.claims) - {leaving}, way
        assert annotated.verdict_of[group.id].path == "annotations/v.md", way  # the verdict stayed where it was


def test_a_verdict_never_changes_target_without_an_error_naming_both_files(seeds_analysis):
    group, single = _crowded_and_single(seeds_analysis)
    leaving = group.claims[-1]
    fix = ("annotations/fix.md", f"Split: {leaving}\nMerge: {single.id}, {leaving}\nStatus: published\n\nx")
    on_the_claim = f"Claim: {leaving}\nVerdict: True\nStatus: published\nDate: 2026-01-02\n\nAbout this sentence."
    _, annotated, problems = run(seeds_analysis, ("annotations/v.md", on_the_claim), fix)
    assert f"annotations/v.md:1: Claim: what this annotates moved from {group.id} to {single.id} through annotations/fix.md" \
        in "\n".join(problems)
    _, _, problems = run(seeds_analysis, ("annotations/v.md", on_the_claim.replace(leaving, single.id, 1)), fix)
    assert problems == []  # the editor saw the move and named the new group
    _, _, problems = run(seeds_analysis, ("annotations/v.md", fix[1].replace("\n\nx", "") + "\nClaim: " + leaving
                                          + "\nVerdict: True\nDate: 2026-01-02\n\nx"))
    assert problems == []  # its own corrections are what the editor meant
    merged_away = ("annotations/v.md", f"Claim: {single.id}\nVerdict: False\nStatus: published\n\nx")
    updated, annotated, problems = run(seeds_analysis, merged_away,
                                       ("annotations/m.md", f"Merge: {group.id}, {single.id}\nStatus: published\n\nx"))
    assert annotated.verdict_of[group.id].path == "annotations/v.md"  # a retired id still finds its group
    assert any(p.startswith(f"annotations/v.md:1: Claim: what this annotates moved from {single.id} to {group.id} "
                            "through annotations/m.md") for p in problems), problems


def test_a_move_names_its_mistakes(seeds_analysis):
    group, single = _crowded_and_single(seeds_analysis)
    _, _, problems = run(seeds_analysis, ("annotations/m.md", f"Move: {group.claims[0]} into {single.id}\n\nx"),
                         ("annotations/n.md", "Move: c-0000000000 to g-0000000000\n\nx"))
    assert any(p.startswith("annotations/m.md:1: Move: cannot read") for p in problems)
    assert any(p.startswith("annotations/n.md:1: Move: there is no claim 'c-0000000000'") for p in problems)
    assert any(p.startswith("annotations/n.md:1: Move: there is no group 'g-0000000000'") for p in problems)


@pytest.mark.parametrize("written, message", [
    ("05/12/2026", "annotations/d.md:3: Date: '05/12/2026' is not YYYY-MM-DD (or ISO 8601 with a time); no date is used instead"),
    ("12 May 2026", "annotations/d.md:3: Date: '12 May 2026' is not YYYY-MM-DD"),
    ("2026-13-45", "annotations/d.md:3: Date: '2026-13-45' is not a valid date"),
])
def test_a_date_is_iso_8601_or_an_error_with_its_line_said_once(seeds_analysis, written, message):
    group = seeds_analysis.groups[0].id
    _, annotated, problems = run(seeds_analysis, ("annotations/d.md", f"Claim: {group}\nStatus: published\nDate: {written}\nVerdict: True\n\nx"))
    [said] = [p for p in problems if p.startswith("annotations/d.md:3:")]
    assert said.startswith(message) and said.count("Write it as YYYY-MM-DD") == 1, said  # the advice once
    assert annotated.annotations[0].date == ""
    assert any(p.startswith("annotations/d.md:1: no Date: and no git history: the feed and ClaimReview date it by the build date")
               for p in problems)


def test_a_date_with_a_time_is_read(seeds_analysis):
    group = seeds_analysis.groups[0].id
    _, annotated, problems = run(seeds_analysis, ("annotations/d.md", f"Claim: {group}\nDate: 2026-05-12T09:30:00+02:00\n\nx"))
    assert problems == [] and annotated.annotations[0].date == "2026-05-12"


def test_a_windows_1252_file_is_read_as_such_and_its_error_names_the_line(tmp_path):
    folder = tmp_path / "annotations"
    folder.mkdir()
    (folder / "w.md").write_bytes("Title: T\nClaim: g-1\nAuthor: José Editor\nStatus: published\n\nIt’s right.".encode("cp1252"))
    # partly UTF-8 (é), partly not (a lone byte): neither reading is right, so it is kept from readers
    (folder / "x.md").write_bytes("Title: T\nClaim: g-1\nAuthor: José\nStatus: published\n\nbad ".encode() + b"\xe9 byte")
    (w, x), problems = read_annotations(tmp_path, ["annotations"])
    assert (w.author, w.body, w.status) == ("José Editor", "It’s right.", "published")
    assert "\ufffd" in x.body and x.status == "draft"
    assert [str(p) for p in problems] == [
        "annotations/w.md:3: not UTF-8; read as Windows-1252, so this line reads 'Author: José Editor'. Save the file as UTF-8",
        "annotations/x.md:6: not UTF-8 (nor Windows-1252): this line reads 'bad \ufffd byte'; the file is kept as a draft "
        "until it is saved as UTF-8",
    ]


def test_a_quote_in_other_capitals_says_so_instead_of_blaming_an_edit(seeds_analysis):
    header = "Title: Q\nSource: 003_77591201f77be997.txt\nQuote: {}\nStatus: published\n\nBody."
    _, annotated, problems = run(seeds_analysis, ("annotations/q.md", header.format(
        "isw continues to assess that belarus’ participation in putin’s war")))
    assert problems == ["annotations/q.md:3: Quote: sources/003_77591201f77be997.txt has these words with other capitals, "
                        "'ISW continues to assess that Belarus’ participation in Putin’s war'; quotes match exactly, "
                        "capitals too. Copy them from the source page"]
    _, _, problems = run(seeds_analysis, ("annotations/q.md", header.format("ISW no longer assesses anything")))
    assert problems == ["annotations/q.md:3: Quote: these words are not in sources/003_77591201f77be997.txt "
                        "(was the source edited?); copy them again from the source page"]
