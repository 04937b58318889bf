"""The JSON export against its contract, docs/export.md, both ways: every field written is
documented in its own table, and every field documented is written, on the demo build."""

import json
import math
import re

import pytest
from test_build import ROOT, build

CONTRACT = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
RECORD_LISTS = ("sources", "claims", "entities", "outlets", "stories", "facts", "groups", "discrepancies", "annotations")


def documented_tables(text: str) -> dict[str, set[str]]:
    """The fields of each table in docs/export.md, by its heading: 'Top level', 'claims[]', 'claims[].values[]'…"""
    tables: dict[str, set[str]] = {}
    heading = ""
    for line in text.splitlines():
        if found := re.match(r"#{2,3} (.+)", line):
            heading = found[1].strip("`")
        elif found := re.match(r"\| (`[a-z_]+`(?:, `[a-z_]+`)*) \|", line):
            tables.setdefault(heading, set()).update(re.findall(r"`([a-z_]+)`", found[1]))
    return tables


def test_the_contract_is_read_table_by_table():
    """Proves the reader on the contract itself, so that a table it misses cannot pass the tests below."""
    tables = documented_tables(CONTRACT)
    assert set(tables) >= {"Top level", "claims[].values[]"} | {f"{name}[]" for name in RECORD_LISTS}
    assert {"start", "end"} <= tables["claims[]"]  # two fields named in one row
    assert documented_tables("## `x[]`\n\n| field | type |\n| --- | --- |\n| `a`, `b` | int |\n| `c` | str |\n") == {
        "x[]": {"a", "b", "c"}}


@pytest.fixture(scope="module")
def export_text(tmp_path_factory) -> str:
    out = build(ROOT / "content", tmp_path_factory.mktemp("export") / "output")
    return (out / "api" / "factcheck.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def export(export_text) -> dict:
    return json.loads(export_text, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))


def test_the_export_written_record_by_record_is_what_json_dump_writes(export_text, export):
    """The build writes the export a record at a time (export.write_json), to hold no whole copy of it in memory;
    the file must still be the one json.dump writes of the whole."""
    assert export_text == json.dumps(export, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    assert len(export["claims"]) > 1 and export["discrepancies"]  # lists of several records, each indented


def written_tables(data: dict) -> dict[str, set[str]]:
    written: dict[str, set[str]] = {"Top level": set(data)}
    for name in RECORD_LISTS:
        assert data[name], f"the demo writes no {name}: their documented fields cannot be checked"
        written[f"{name}[]"] = set().union(*(record for record in data[name]))
    values = [value for claim in data["claims"] for value in claim["values"]] + [fact["value"] for fact in data["facts"]]
    written["claims[].values[]"] = set().union(*values)
    return written


def test_every_field_written_is_documented_in_its_table(export):
    documented = documented_tables(CONTRACT)
    for table, fields in written_tables(export).items():
        assert fields <= documented[table], (table, fields - documented[table])


def test_every_field_documented_is_written(export):
    written = written_tables(export)
    for table, fields in documented_tables(CONTRACT).items():
        if table in written:
            assert fields <= written[table], (table, fields - written[table])


def test_each_record_has_every_field_of_its_table(export):
    """A field that is sometimes missing is null or empty instead, so readers need not test for it."""
    documented = documented_tables(CONTRACT)
    for name in RECORD_LISTS:
        for record in export[name]:
            assert set(record) == documented[f"{name}[]"], (name, record.get("id"))


def test_ids_point_at_records_that_exist(export):
    ids = {name: {record["id"] for record in export[name]} for name in RECORD_LISTS}
    for claim in export["claims"]:
        assert claim["source"] in ids["sources"] and claim["group"] == claim["groups"][0]
        assert set(claim["groups"]) <= ids["groups"] and set(claim["entities"]) <= ids["entities"]
    for fact in export["facts"]:
        assert fact["claim"] in ids["claims"] and fact["source"] in ids["sources"]
    for group in export["groups"]:
        assert set(group["claims"]) <= ids["claims"] and set(group["facts"]) <= ids["facts"]
        assert group["story"] is None or group["story"] in ids["stories"]
        assert (group["basis"] == "sentences") == (not group["facts"])
    for discrepancy in export["discrepancies"]:
        assert discrepancy["group"] in ids["groups"] and set(discrepancy["claims"]) <= ids["claims"]
    for story in export["stories"]:
        assert set(story["sources"]) <= ids["sources"]
    for outlet in export["outlets"]:
        assert outlet["sources"] and set(outlet["sources"]) <= ids["sources"]
    assert sorted(source for story in export["stories"] for source in story["sources"]) == sorted(ids["sources"])


def test_values_and_offsets_are_as_documented(export):
    sources = {source["id"]: source for source in export["sources"]}
    text_of = {}
    for source_id, source in sources.items():
        from crosscheck.ingest.source import ingest_bytes

        text_of[source_id] = ingest_bytes((ROOT / "content" / source["file"]).read_bytes(), source["file"]).source.text
    kinds = re.search(r"\| `kind` \| string \| (.+?);", CONTRACT)[1]
    documented_kinds = set(re.findall(r"`([a-z_]+)`", kinds))
    for claim in export["claims"]:
        assert text_of[claim["source"]][claim["start"]:claim["end"]] == claim["text"]
        assert 0 <= claim["score"] <= 1 and not math.isnan(claim["score"])
        for value in claim["values"]:
            assert value["kind"] in documented_kinds, value
            assert value["text"] in claim["text"]
            if value["kind"] == "date" and value["value"] is not None:
                assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", value["value"]), value
    for source in sources.values():
        for field in ("published", "reference_date"):
            assert source[field] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", source[field])
    severity = dict(re.findall(r"([\d.]+) (conflict|speaker|possible|update|change|minor|spelling|wording)", CONTRACT))
    for discrepancy in export["discrepancies"]:
        assert discrepancy["severity"] == float({kind: level for level, kind in severity.items()}[discrepancy["kind"]])


def test_annotations_export_only_published_ones(export):
    published = [path.stem for path in (ROOT / "content" / "annotations").glob("*.md")
                 if not re.search(r"^Status:\s*draft", path.read_text(encoding="utf-8"), re.MULTILINE | re.IGNORECASE)]
    assert {record["status"] for record in export["annotations"]} == {"published"}
    assert len(export["annotations"]) == len(published)
    for record in export["annotations"]:
        assert (ROOT / "content" / record["file"]).is_file()
        for move in record["move"]:
            assert set(move) == {"claim", "to"}  # the two fields the contract names in prose


def test_the_version_written_is_the_documented_one(export):
    assert export["version"] == int(re.search(r"now `(\d+)`", CONTRACT)[1])
