"""A warm build renders only the pages whose shown data changed, and takes the others from the last build
(publish/rendered.py, publish/reads.py).

Builds the seed articles, then again after each of: a draft annotation added, a published verdict, one
source's text edited, an entity file edited, a template edited; each into a new folder with the last one as
CROSSCHECK_PREVIOUS_OUTPUT_PATH (as `invoke build` does). Taken pages are hard links to the last build's files,
so a page is *rendered* when it is not the last build's file. Every warm site must be byte-identical to a site
rendered from scratch with the same inputs, and every page whose bytes changed must have been rendered.
"""

import dataclasses
import filecmp
import os
import subprocess
import sys
import json
import re
import shutil
from array import array
from pathlib import Path

import pytest

from crosscheck.publish import rendered, search

ROOT = Path(__file__).resolve().parent.parent


def build(content: Path, output: Path, cache: Path, previous: Path | None = None, theme: Path = ROOT / "theme",
          **override) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "THEME": str(theme),
        "PLUGIN_PATHS": [str(ROOT / "plugins")], "CACHE_PATH": str(output.parent / "pelican-cache"),
        "CROSSCHECK_CACHE_PATH": str(cache), "CROSSCHECK_EXECUTOR": "serial",
        "CROSSCHECK_PREVIOUS_OUTPUT_PATH": str(previous or ""), **override,
    })
    Pelican(settings).run()


def same_file(one: Path, other: Path) -> bool:
    return one.stat().st_ino == other.stat().st_ino


def differences(one: Path, other: Path) -> list[str]:
    """Files that are in one folder and not the other, or differ in bytes."""
    found = []
    compared = filecmp.dircmp(one, other)
    stack = [(compared, "")]
    while stack:
        entry, prefix = stack.pop()
        found += [prefix + name for name in entry.left_only + entry.right_only + entry.diff_files]
        stack += [(sub, f"{prefix}{name}/") for name, sub in entry.subdirs.items()]
    return sorted(found)


STEPS = ("draft", "verdict", "edited", "entity", "template")


def pages_of(site: Path) -> list[Path]:
    """The HTML pages Crosscheck writes (Pelican's own pages/ are Pelican's to write), relative to ``site``."""
    return sorted(path.relative_to(site) for path in site.rglob("*.html") if not {"pagefind", "pages"} & set(path.parts))


def rendered_pages(last: Path, now: Path) -> set[Path]:
    return {page for page in pages_of(now) if not (last / page).exists() or not same_file(last / page, now / page)}


def changed_pages(last: Path, now: Path) -> set[Path]:
    return {page for page in pages_of(now) if not (last / page).exists()
            or (last / page).read_bytes() != (now / page).read_bytes()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm")
    content, theme = folder / "content", folder / "theme"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "theme", theme)
    shutil.rmtree(content / "annotations", ignore_errors=True)
    (content / "annotations").mkdir()
    cache, fresh_cache = folder / "crosscheck.sqlite3", folder / "fresh.sqlite3"
    build(content, folder / "cold", cache, theme=theme)
    sources = sorted((content / "sources").glob("*.txt"))
    data = json.loads((folder / "cold" / "api" / "factcheck.json").read_text(encoding="utf-8"))
    group = data["groups"][0]["id"]
    note = content / "annotations" / "note.md"

    def draft():
        note.write_text(f"Title: A draft note\nClaim: {group}\nStatus: draft\n\nTo be checked.\n", encoding="utf-8")

    def verdict():
        note.write_text(f"Title: A published note\nClaim: {group}\nVerdict: False\nAuthor: An editor\nDate: 2026-01-02\n"
                        "Status: published\n\nChecked.\n", encoding="utf-8")

    def edited():
        with sources[-1].open("a", encoding="utf-8") as handle:
            handle.write("\nOfficials said on Friday that 12 more people had been evacuated.\n")

    def entity():
        path = sorted((content / "entities").glob("*.md"))[0]
        path.write_text(path.read_text(encoding="utf-8") + "\nA sentence an editor added.\n", encoding="utf-8")

    def template():
        path = theme / "templates" / "base.html"
        path.write_text(path.read_text(encoding="utf-8").replace("</body>", "<!-- an editor's mark --></body>"), encoding="utf-8")

    last = folder / "cold"
    for step, change in zip(STEPS, (draft, verdict, edited, entity, template)):
        change()
        build(content, folder / step, cache, last, theme=theme)
        build(content, folder / f"fresh-{step}", fresh_cache, theme=theme)
        last = folder / step
    return folder, sources[-1], group


def test_a_draft_annotation_renders_only_the_editors_page_and_keeps_the_search_index(builds):
    folder, _, _ = builds
    cold, draft = folder / "cold", folder / "draft"
    found = rendered_pages(cold, draft)
    assert Path("editors/index.html") in found and all(page.parts[0] == "editors" for page in found)
    assert "A draft note" in (draft / "editors" / "index.html").read_text(encoding="utf-8")
    index = [path.relative_to(draft) for path in (draft / "pagefind").rglob("*") if path.is_file()
             and path.name not in (search.PARTS, search.MANIFEST)]  # the two lists written for each build
    assert index and all(same_file(cold / "pagefind" / path.relative_to("pagefind"), draft / path) for path in index)


@pytest.mark.parametrize("step", STEPS)
def test_a_warm_site_is_the_site_a_fresh_build_renders(builds, step):
    folder, _, _ = builds
    assert differences(folder / step, folder / f"fresh-{step}") == []


@pytest.mark.parametrize("step", STEPS)
def test_every_page_whose_bytes_changed_was_rendered(builds, step):
    folder, _, _ = builds
    last = folder / ("cold" if step == STEPS[0] else STEPS[STEPS.index(step) - 1])
    assert changed_pages(last, folder / step) <= rendered_pages(last, folder / step)


def test_a_verdict_renders_its_claim_page_and_the_home_page_not_the_sources(builds):
    folder, _, group = builds
    found = rendered_pages(folder / "draft", folder / "verdict")
    assert Path(f"claims/{group}/index.html") in found and Path("index.html") in found
    assert "A published note" in (folder / "verdict" / "claims" / group / "index.html").read_text(encoding="utf-8")
    assert len(found) < len(pages_of(folder / "verdict")) / 2


def test_an_edited_source_renders_its_page_and_not_the_other_sources(builds):
    folder, source, _ = builds
    found = rendered_pages(folder / "verdict", folder / "edited")
    mine = next(page for page in pages_of(folder / "edited") if page.parts[0] == "sources" and source.stem in page.parts[1])
    assert mine in found
    assert "12 more people had been evacuated" in (folder / "edited" / mine).read_text(encoding="utf-8")
    others = [page for page in pages_of(folder / "edited") if page.parts[0] == "sources" and page != mine]
    assert others and not set(others) & found
    # the search index was made again: the new sentence is in a page Pagefind reads
    assert not same_file(next((folder / "edited" / "pagefind").glob("pagefind-entry.json")),
                         folder / "verdict" / "pagefind" / "pagefind-entry.json")


def test_an_edited_entity_file_renders_its_page_and_not_every_page(builds):
    folder, _, _ = builds
    found = rendered_pages(folder / "edited", folder / "entity")
    assert any(page.parts[0] == "entities" for page in found)
    assert "A sentence an editor added" in "".join((folder / "entity" / page).read_text(encoding="utf-8") for page in found)
    assert len(found) < len(pages_of(folder / "entity"))


def test_an_edited_template_renders_every_page(builds):
    folder, _, _ = builds
    assert rendered_pages(folder / "entity", folder / "template") == set(pages_of(folder / "template"))


def test_a_build_with_nothing_changed_takes_every_page_into_a_new_folder_and_in_place(builds):
    folder, _, _ = builds
    last, again = folder / "template", folder / "again"
    build(folder / "content", again, folder / "crosscheck.sqlite3", last, theme=folder / "theme")
    assert rendered_pages(last, again) == set() and differences(last, again) == []
    written = {page: ((again / page).stat().st_ino, (again / page).stat().st_mtime_ns) for page in pages_of(again)}
    build(folder / "content", again, folder / "crosscheck.sqlite3", theme=folder / "theme")  # into its own folder
    assert {page: ((again / page).stat().st_ino, (again / page).stat().st_mtime_ns) for page in pages_of(again)} == written
    assert differences(again, folder / "fresh-template") == []


def test_a_page_map_that_names_a_read_it_does_not_hold_or_is_damaged_renders_every_page(tmp_path):
    path = tmp_path / "crosscheck.pages.json"

    def saved(reads, head=None, pages=1) -> dict:
        lines = [head or {"schema": rendered.SCHEMA, "reads": 1, "pages": pages, "shown": "d", "editors": []}, ["lookup", "*"],
                 ["index.html", "key", 10, 0, reads, "digest", True, True, "s-1"]]
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        return rendered.PageMap(path).last

    assert saved(rendered._numbers_written(array("I", [0, 5]))) == {}
    assert saved([0]) == {}  # schema 3's list of numbers
    assert saved("AAAA!") == {} and saved("AAA=") == {}  # not base64; not whole numbers
    assert saved(rendered._numbers_written(array("I", [0])), pages=2) == {}  # cut short
    # the whole map in one JSON value, as it was saved before it was a line at a time
    assert saved(rendered._numbers_written(array("I", [0])), head={"schema": rendered.SCHEMA, "reads": [["lookup", "*"]],
                                                                   "pages": {}}) == {}
    # a head that does not say what the pages showed
    assert saved(rendered._numbers_written(array("I", [0])), head={"schema": rendered.SCHEMA, "reads": 1, "pages": 1,
                                                                   "shown": None, "editors": []}) == {}
    kept = saved(rendered._numbers_written(array("I", [0])))["index.html"]
    assert (kept.reads, kept.listed, kept.indexed, kept.group) == (array("I", [0]), True, True, "s-1")


def test_a_page_map_read_back_holds_each_page_s_reads_in_their_order_and_their_digest(tmp_path):
    from crosscheck.model import Entity
    from crosscheck.publish import reads

    entity = Entity(id="e-1", name="Example Agency", kind="organization")
    stores = {"lookup": {"e-1": entity}, "titles": {"g-1": "A title"}}
    digests = reads.Digests(stores, reads.Fingerprints())
    noted = {"a.html": [("lookup", reads.FIELD + "e-1" + reads.SEPARATOR + "name"), ("lookup", reads.PRESENT + "e-2"),
                        ("titles", reads.ITEM + "g-1")],
             # a read another page made first, a length (a short digest) and a key of another length
             "b.html": [("lookup", reads.PRESENT + "e-2"), ("lookup", reads.WHOLE), ("titles", reads.LENGTH)]}
    path = tmp_path / "crosscheck.pages.json"
    first = rendered.PageMap(path)
    for name, found in noted.items():
        (tmp_path / name).write_text(name, encoding="utf-8")
        first.record(name, "key", str(tmp_path / name), found, digests)
    first.save()

    again = rendered.PageMap(path)
    for name, found in noted.items():
        page = again.last[name]
        assert [tuple(again.table[number].split(rendered.JOIN)) for number in page.reads] == found
        assert page.reads_digest == first.now[name].reads_digest == reads.Digests(stores, reads.Fingerprints()).of(found)
        assert again.unchanged(name, "key", reads.Digests(stores, reads.Fingerprints()), [str(tmp_path)]) == str(tmp_path / name)
    renamed = {**stores, "lookup": {"e-1": dataclasses.replace(entity, name="Other Agency")}}
    assert rendered.PageMap(path).unchanged("a.html", "key", reads.Digests(renamed, reads.Fingerprints()), [str(tmp_path)]) is None
    assert rendered.PageMap(path).unchanged("b.html", "key", reads.Digests(renamed, reads.Fingerprints()), [str(tmp_path)]) is None
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[1]) == list(noted["a.html"][0])  # saved as a pair


@pytest.mark.parametrize("colliding", [False, True])
def test_read_numbers_are_those_a_dict_would_give_across_merges_and_for_a_table_read_back(monkeypatch, colliding):
    monkeypatch.setattr(rendered.ReadNumbers, "FRESH", 7)  # merged into the sorted arrays every few reads
    if colliding:  # many reads of one hash: each is still told apart by its text
        monkeypatch.setattr(rendered, "hash", lambda read: len(read) % 3, raising=False)
    table = rendered.ReadTable()
    for n in range(40):
        table.append(f"lookup{rendered.JOIN}k:{n}")
    numbers = rendered.ReadNumbers(table)
    expected = {read: number for number, read in enumerate(table)}
    for batch in range(30):
        # some reads the table holds, some new, one asked twice in one page, one every page asks
        reads = [f"lookup{rendered.JOIN}k:{n}" for n in range(batch * 3, batch * 3 + 12)] + [f"titles{rendered.JOIN}#"] * 2
        for read in reads:
            expected.setdefault(read, len(expected))
        assert numbers.numbers_of(reads) == [expected[read] for read in reads]
    assert list(table) == sorted(expected, key=expected.get) and table[40] == f"titles{rendered.JOIN}#"
    assert rendered.ReadNumbers(list(table)).numbers_of(list(reversed(table))) == list(reversed(range(len(table))))
    with pytest.raises(IndexError):
        table[len(table)]


def test_the_search_index_runs_once_the_analysis_and_the_page_map_are_let_go(tmp_path, monkeypatch):
    import gc
    import weakref

    from crosscheck import pelican_glue

    made, alive = [], []
    generate_pages, index_site = pelican_glue.CrosscheckGenerator._generate_pages, pelican_glue.search.index_site

    def noted_generate_pages(generator, *arguments):
        made.extend(weakref.ref(held) for held in (generator.analysis, generator.lookup, generator.page_map))
        return generate_pages(generator, *arguments)

    def noted_index_site(*arguments):
        gc.collect()
        alive.extend(type(found()).__name__ for found in made if found() is not None)
        return index_site(*arguments)

    monkeypatch.setattr(pelican_glue.CrosscheckGenerator, "_generate_pages", noted_generate_pages)
    monkeypatch.setattr(pelican_glue.search, "index_site", noted_index_site)
    build(ROOT / "content", tmp_path / "site", tmp_path / "crosscheck.sqlite3")
    assert len(made) == 3 and alive == []
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_draft_renders_the_first_editors_page_and_the_one_that_lists_its_claim(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.rmtree(content / "annotations", ignore_errors=True)
    (content / "annotations").mkdir()
    small = {"CROSSCHECK_PAGE_SIZE": 3}  # the editors' list of claims awaiting a verdict in many pages
    build(content, tmp_path / "cold", tmp_path / "c.sqlite3", **small)
    editors = sorted(page for page in pages_of(tmp_path / "cold") if page.parts[0] == "editors")
    assert len(editors) > 3
    listed = next(page for page in editors if page != Path("editors/index.html"))
    group = re.findall(r'<td><a href="[^"]*claims/([^/"]+)/', (tmp_path / "cold" / listed).read_text(encoding="utf-8"))[0]
    (content / "annotations" / "note.md").write_text(f"Title: A draft\nClaim: {group}\nStatus: draft\n\nTo check.\n",
                                                     encoding="utf-8")
    build(content, tmp_path / "draft", tmp_path / "c.sqlite3", tmp_path / "cold", **small)
    build(content, tmp_path / "fresh", tmp_path / "fresh.sqlite3", **small)
    assert differences(tmp_path / "draft", tmp_path / "fresh") == []
    assert rendered_pages(tmp_path / "cold", tmp_path / "draft") == {Path("editors/index.html"), listed}
    assert "(draft: <code>" in (tmp_path / "draft" / listed).read_text(encoding="utf-8")


def test_settings_that_say_where_a_build_writes_do_not_change_what_a_page_shows():
    assert rendered.settings_digest({"OUTPUT_PATH": "a", "SITENAME": "x"}) == rendered.settings_digest({"OUTPUT_PATH": "b", "SITENAME": "x"})
    assert rendered.settings_digest({"SITENAME": "x"}) != rendered.settings_digest({"SITENAME": "y"})
    # a function's repr names its address, which differs in every process: left out, not a new key every build
    assert rendered.settings_digest({"SITENAME": "x", "JINJA_FILTERS": {"f": len}}) == rendered.settings_digest({"SITENAME": "x"})


def test_a_template_read_is_noted_as_the_field_it_shows_and_its_digest_follows_that_field():
    from jinja2 import Environment

    from crosscheck.model import Entity
    from crosscheck.publish import reads

    entity = Entity(id="e-1", name="Example Agency", kind="organization")
    store = {"e-1": entity}
    noted = reads.Reads()
    template = Environment().from_string("{{ entities['e-1'].name }}{% if 'e-2' in entities %}!{% endif %}"
                                         "{% if entities.get('e-3') %}?{% endif %}")
    noted.start()
    assert template.render(entities=reads.Tracked("entities", store, noted)) == "Example Agency"
    found = sorted(noted.stop())
    assert found == [("entities", reads.FIELD + "e-1" + reads.SEPARATOR + "name"), ("entities", reads.PRESENT + "e-1"),
                     ("entities", reads.PRESENT + "e-2"), ("entities", reads.PRESENT + "e-3")]
    before = reads.Digests({"entities": store}, reads.Fingerprints()).of(found)
    described = {"e-1": dataclasses.replace(entity, description="A description the page does not show.")}
    assert reads.Digests({"entities": described}, reads.Fingerprints()).of(found) == before
    renamed = {"e-1": dataclasses.replace(entity, name="Other Agency")}
    assert reads.Digests({"entities": renamed}, reads.Fingerprints()).of(found) != before
    assert reads.Digests({"entities": {**store, "e-2": entity}}, reads.Fingerprints()).of(found) != before
    assert reads.Digests({"entities": {**store, "e-3": entity}}, reads.Fingerprints()).of(found) != before


def test_a_fingerprint_does_not_depend_on_the_hash_seed():
    code = ("import sys; sys.path.insert(0, 'plugins'); from crosscheck.publish import reads; "
            "print(reads.Fingerprints().of({'ids': frozenset({'a', 'b', 'c', 'd'}), 'order': ('x', 'y')}).hex())")
    found = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(found) == 1 and len(found.pop().strip()) == 32


def test_no_dataclass_a_page_is_given_holds_a_set():
    """A dataclass is digested as its pickle (reads._Pickled), which would hold a set in the hash seed's order."""
    import inspect

    from crosscheck import changes, model
    from crosscheck.publish import pages, views

    kinds = [kind for module in (model, views, pages, changes) for _, kind in inspect.getmembers(module, inspect.isclass)
             if dataclasses.is_dataclass(kind) and kind.__module__ == module.__name__]
    assert len(kinds) > 20
    for kind in kinds:
        for field in dataclasses.fields(kind):
            assert "set" not in str(field.type).lower(), f"{kind.__name__}.{field.name}: {field.type}"


def test_a_dataclass_digests_alike_under_any_hash_seed_and_whatever_its_values_share():
    code = ("import sys; sys.path.insert(0, 'plugins'); from crosscheck.publish import reads; "
            "from crosscheck.model import Value; shared = 'shared words'; "
            "one = reads.Fingerprints().of(Value('quote', shared, 0, 12, shared, 'x')); "
            "two = reads.Fingerprints().of(Value('quote', 'shared words', 0, 12, ' '.join(['shared', 'words']), 'x')); "
            "print(one.hex() if one == two else 'differ')")
    found = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(found) == 1 and len(found.pop().strip()) == 32


def test_a_source_anywhere_in_a_page_is_digested_by_what_it_holds(seeds):
    """A source inside a value (a story's view, a list) is pickled as its digest, made once a build: equal sources
    digest alike, and one word of its text changed changes the page's digest."""
    from crosscheck.publish import reads

    source = next(iter(seeds.values()))
    twin = dataclasses.replace(source)
    edited = dataclasses.replace(source, text=source.text.replace(" the ", " a ", 1))
    assert twin is not source and twin == source and edited.text != source.text
    prints = reads.Fingerprints()
    shown = prints.of({"sources": [source], "title": "t"})
    assert shown == prints.of({"sources": [twin], "title": "t"}) == reads.Fingerprints().of({"sources": [twin], "title": "t"})
    assert prints.of({"sources": [edited], "title": "t"}) != shown


def test_the_analysis_digests_alike_under_any_hash_seed(tmp_path):
    """The digest that lets a build take every page but the editors' (pelican_glue._shown_digest) must be the same in
    the next build's process, which has another hash seed: here the first process analyses, the others read back."""
    code = ("import sys; sys.path.insert(0, 'plugins'); from pathlib import Path; "
            "from crosscheck.cache import AnalysisCache; from crosscheck.pipeline import analyse; "
            "from crosscheck.publish import reads; "
            f"cache = AnalysisCache(Path({str(tmp_path / 'c.sqlite3')!r})); "
            "analysis = analyse(Path('content'), ['sources'], (), ['entities'], cache=cache); cache.close(); "
            "print(reads.piecewise(analysis, reads.Fingerprints()).hex())")
    found = [subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")]
    assert len(set(found)) == 1 and len(found[0].strip()) == 32


def test_a_build_that_shows_what_the_last_showed_takes_every_page_but_the_editors_without_making_them(tmp_path, monkeypatch):
    from crosscheck.pelican_glue import CrosscheckGenerator

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.rmtree(content / "annotations", ignore_errors=True)
    (content / "annotations").mkdir()
    cache = tmp_path / "c.sqlite3"
    build(content, tmp_path / "cold", cache)
    made = []
    public_pages = CrosscheckGenerator._write_public_pages
    monkeypatch.setattr(CrosscheckGenerator, "_write_public_pages", lambda self, *args: made.append(1) or public_pages(self, *args))
    note = content / "annotations" / "note.md"
    group = json.loads((tmp_path / "cold" / "api" / "factcheck.json").read_text(encoding="utf-8"))["groups"][0]["id"]
    note.write_text(f"Title: A draft\nClaim: {group}\nStatus: draft\n\nTo check.\n", encoding="utf-8")
    build(content, tmp_path / "draft", cache, tmp_path / "cold")
    assert made == []
    assert rendered_pages(tmp_path / "cold", tmp_path / "draft") == {Path("editors/index.html")}
    # the export and the feeds show no draft: the last build's files are taken too
    shown_files = [Path("api/factcheck.json"), *(path.relative_to(tmp_path / "cold") for path in (tmp_path / "cold").rglob("*.atom.xml"))]
    assert len(shown_files) > 1 and all(same_file(tmp_path / "cold" / path, tmp_path / "draft" / path) for path in shown_files)
    assert "A draft" in (tmp_path / "draft" / "editors" / "index.html").read_text(encoding="utf-8")
    # a page of the last build that is not as it was written: every page's data is made, and that page rendered
    gone = next(page for page in pages_of(tmp_path / "draft") if page.parts[0] == "sources")
    (tmp_path / "draft" / gone).unlink()
    note.write_text(f"Title: A draft, edited\nClaim: {group}\nStatus: draft\n\nTo check.\n", encoding="utf-8")
    build(content, tmp_path / "again", cache, tmp_path / "draft")
    assert made == [1]
    assert rendered_pages(tmp_path / "draft", tmp_path / "again") == {Path("editors/index.html"), gone}
    build(content, tmp_path / "fresh", tmp_path / "fresh.sqlite3")
    assert differences(tmp_path / "again", tmp_path / "fresh") == []
    made.clear()
    # a published verdict changes what the public pages show: their data is made again
    note.write_text(f"Title: A verdict\nClaim: {group}\nVerdict: False\nAuthor: An editor\nDate: 2026-01-02\n"
                    "Status: published\n\nChecked.\n", encoding="utf-8")
    build(content, tmp_path / "verdict", cache, tmp_path / "again")
    assert made == [1] and Path(f"claims/{group}/index.html") in rendered_pages(tmp_path / "again", tmp_path / "verdict")
    assert not same_file(tmp_path / "again" / "api" / "factcheck.json", tmp_path / "verdict" / "api" / "factcheck.json")
    assert "A verdict" in (tmp_path / "verdict" / "api" / "factcheck.json").read_text(encoding="utf-8")


def test_a_build_that_stops_before_its_last_page_leaves_no_digest_to_take_its_pages_by(tmp_path, monkeypatch):
    from crosscheck.pelican_glue import CrosscheckGenerator

    reader_pages = CrosscheckGenerator._write_reader_pages

    def failing(self, writer):
        raise RuntimeError("a template failed")

    monkeypatch.setattr(CrosscheckGenerator, "_write_reader_pages", failing)
    cache = tmp_path / "c.sqlite3"
    with pytest.raises(RuntimeError):
        build(ROOT / "content", tmp_path / "stopped", cache)
    head = json.loads(cache.with_name("c.pages.json").read_text(encoding="utf-8").splitlines()[0])
    assert head["shown"] == "" and head["pages"] > 0  # the pages it wrote are kept, as pages to check
    monkeypatch.setattr(CrosscheckGenerator, "_write_reader_pages", reader_pages)
    build(ROOT / "content", tmp_path / "again", cache, tmp_path / "stopped")
    assert (tmp_path / "again" / "timeline" / "index.html").is_file()
    build(ROOT / "content", tmp_path / "fresh", tmp_path / "fresh.sqlite3")
    assert differences(tmp_path / "again", tmp_path / "fresh") == []
