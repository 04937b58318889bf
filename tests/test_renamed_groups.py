"""Group ids the analysis renames keep a page: every claim page address a build had resolves in later builds."""

import json
import shutil

import pytest
from crosscheck.corrections import retired_since
from crosscheck.model import Group
from test_build import ROOT, build, page
from test_export import CONTRACT, documented_tables

SEED = ROOT / "content" / "sources" / "003_77591201f77be997.txt"


def export_of(output):
    return json.loads((output / "api" / "factcheck.json").read_text(encoding="utf-8"))


def atomic_build(content, output):
    """What `invoke build` does: build into a fresh folder, then swap it in for ``output``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        patch.syspath_prepend(str(ROOT))
        import tasks

        patch.setitem(tasks.CONFIG, "content_path", str(content))
        patch.setitem(tasks.CONFIG, "deploy_path", str(output))
        tasks.build_atomically(tasks.CONFIG["settings_base"])
    return export_of(output)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The seeds built; then with an earlier copy of one seed, which becomes the anchor of the groups it
    joins (so they are named after its claims); then again unchanged. Each build is a fresh folder."""
    root = tmp_path_factory.mktemp("renamed")
    content, output = root / "content", root / "output"
    shutil.copytree(ROOT / "content" / "sources", content / "sources")
    first = atomic_build(content, output)
    header = "Title: An earlier report of the talks\nDate: 2022-12-01\n\n"
    (content / "sources" / "earlier-copy.txt").write_text(header + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    second = atomic_build(content, output)
    third = atomic_build(content, output)
    return output, first, second, third


def leads_to(output, group_id):
    """The group a claim page address shows: its own, or the one its moved page links to (also as canonical)."""
    html = page(output / "claims" / group_id / "index.html")
    if not html.find("meta", attrs={"name": "robots"}):
        return group_id
    target = html.select_one("main a")["href"]
    assert html.find("link", rel="canonical")["href"] == target and group_id in html.select_one("main").get_text()
    return target.rstrip("/").rsplit("/", 1)[-1]


def heir_holds_the_most(old, groups, heir):
    """``heir`` holds the most of ``old``'s facts, or (for a group of no facts) of its claims, of any group."""
    field = "facts" if old["facts"] else "claims"
    shared = {group["id"]: len(set(old[field]) & set(group[field])) for group in groups}
    return shared[heir] > 0 and shared[heir] == max(shared.values())


def test_an_earlier_source_renames_groups_and_every_first_id_leads_to_its_claims(builds):
    output, first, _, third = builds
    now = {group["id"]: group for group in third["groups"]}
    renamed = [group for group in first["groups"] if group["id"] not in now]
    assert len(renamed) > 10  # the earlier copy took the name of the groups it joined
    for old in first["groups"]:
        heir = leads_to(output, old["id"])
        assert heir in now
        if old in renamed:
            assert heir_holds_the_most(old, third["groups"], heir), old["id"]


def test_the_retired_ids_are_in_the_export_and_in_redirects_for_every_later_build(builds):
    output, first, second, third = builds
    now = {group["id"] for group in third["groups"]}
    renamed = {group["id"] for group in first["groups"]} - now
    # the third build saw no renaming: it knows the first build's ids only from the second build's export
    assert {record["id"] for record in second["retired"]} == renamed
    assert third["retired"] == second["retired"]
    assert all(set(record) == documented_tables(CONTRACT)["retired[]"] for record in third["retired"])
    assert (output / "_redirects").read_text().splitlines() == [
        f"/claims/{record['id']}/ /claims/{record['group']}/ 301" for record in third["retired"]]
    assert not any(old in (output / "sitemap.xml").read_text() for old in renamed)


def test_a_plain_pelican_run_reads_the_last_site_before_emptying_the_output_folder(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(ROOT / "content" / "sources", content / "sources")
    quick = {"CROSSCHECK_SEARCH": False, "DELETE_OUTPUT_DIRECTORY": True}
    first = export_of(build(content, output, **quick))
    (content / "sources" / "copy.txt").write_text("Date: 2022-11-01\n\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    second = export_of(build(content, output, **quick))
    renamed = {group["id"] for group in first["groups"]} - {group["id"] for group in second["groups"]}
    assert renamed and {record["id"] for record in second["retired"]} == renamed
    assert all(leads_to(output, old) == record["group"] for old in renamed for record in second["retired"] if record["id"] == old)
    (output / "api" / "factcheck.json").write_text('{"version": 1, "groups": [{"id": "g-0123456789"', encoding="utf-8")
    third = export_of(build(content, output, **quick))  # a damaged export: no redirects, and no error
    assert third["retired"] == [] and not (output / "_redirects").exists()
    assert not (output / "claims" / next(iter(renamed))).exists()


def test_retired_since_follows_claims_carries_old_ids_and_lets_corrections_win():
    groups = [Group("g-new", ("c-a", "c-b", "c-x"), "corroborated"), Group("g-other", ("c-c",), "single"),
              Group("g-back", ("c-d",), "single")]
    previous = [Group("g-old", ("c-a", "c-b", "c-c"), "corroborated"), Group("g-gone", ("c-z",), "single"),
                Group("g-back", ("c-d",), "single"), Group("g-merged", ("c-c",), "single")]
    carried = {"g-oldest": "g-old", "g-back": "g-old", "g-lost": "g-gone"}
    assert retired_since(previous, carried, groups, {"g-merged": "g-new"}) == {
        "g-merged": "g-new",  # an editor's correction wins over the claims' majority (g-other)
        "g-old": "g-new",  # two of its three claims
        "g-oldest": "g-new",  # retired before, through the group it led to
    }  # g-gone's claims left the corpus, g-back names a group again
