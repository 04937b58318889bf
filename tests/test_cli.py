"""`python -m crosscheck`: what each command prints and the exit code a script can rely on
(0 all well, 1 problems found or a file skipped, 2 a request that cannot be done)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from crosscheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The demo content, copied so that new-annotation can write into it."""
    folder = tmp_path_factory.mktemp("cli") / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


def test_ingest_prints_the_metadata_the_cleaned_text_and_what_was_removed(capsys):
    path = ROOT / "content" / "sources" / "004_9dd83f3904ce7482.txt"
    code, out, _ = run(capsys, "ingest", str(path))
    assert code == 0
    assert out.startswith(f"== {path.as_posix()}\n")
    assert "   published: 2024-04-15" in out and "-- cleaned text" in out
    removed = int(out.split("-- removed (")[1].split(")")[0])
    code, as_json, _ = run(capsys, "ingest", "--json", str(path))
    [record] = json.loads(as_json)
    assert code == 0 and removed == len(record["source"]["removed"])
    assert record["source"]["text"] in out  # the text output shows the same cleaned text


def test_ingest_of_a_folder_with_damaged_files_exits_1_and_names_each(capsys):
    code, out, _ = run(capsys, "ingest", "--json", str(HOSTILE / "sources" / "damaged"))
    records = json.loads(out)
    skipped = [record["file"] for record in records if record["source"] is None]
    assert code == 1 and skipped
    assert any(name.endswith("empty.txt") for name in skipped) and any(name.endswith("binary.html") for name in skipped)
    for record in records:
        if record["source"] is None:
            assert any("skipped" in problem for problem in record["problems"]), record
    # a readable file in the same folder is still read
    assert any(record["file"].endswith("crlf.txt") and record["source"] for record in records)


def test_check_exits_0_on_the_demo_content(capsys, content):
    code, out, err = run(capsys, "check", str(content))
    assert (code, out, err.strip()) == (0, "", "No problems.")


def test_check_exits_1_and_prints_each_problem_with_its_file_and_line(capsys, content, tmp_path):
    broken = tmp_path / "content"
    shutil.copytree(content, broken)
    shutil.copy(HOSTILE / "annotations" / "unknown-verdict.md", broken / "annotations")
    (broken / "sources" / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "check", str(broken))
    lines = out.splitlines()
    assert code == 1 and err.strip() == f"{len(lines)} problem(s)"
    assert any(line.startswith("annotations/unknown-verdict.md:3:") and "Pants on fire" in line for line in lines), lines
    assert any(line.startswith("sources/empty.txt: skipped: the file is empty") for line in lines), lines


def test_new_annotation_writes_a_draft_for_a_claim_once(capsys, content):
    from crosscheck.pipeline import analyse

    analysis = analyse(content, ["sources"], ["annotations", "entities", "pages"], ["entities"])
    annotated = {line.split(":", 1)[1].strip() for path in (content / "annotations").glob("*.md")
                 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("Claim:")}
    group = next(group for group in analysis.groups
                 if group.basis == "sentences" and len(group.claims) > 1 and not annotated & {group.id, *group.claims})
    code, out, err = run(capsys, "new-annotation", str(content), group.claims[0])
    written = Path(out.strip())
    assert code == 0 and not err and written.parent == content / "annotations" and written.is_file()
    text = written.read_text(encoding="utf-8")
    assert "Status: draft" in text and group.id in text
    # asked again, by the group's id this time: the file is there, and nothing is overwritten
    code, out, err = run(capsys, "new-annotation", str(content), group.id)
    assert code == 2 and not out and err.startswith("error: ") and written.name in err
    assert written.read_text(encoding="utf-8") == text


def test_new_annotation_for_an_id_that_names_nothing_exits_2(capsys, content):
    before = sorted((content / "annotations").iterdir())
    code, out, err = run(capsys, "new-annotation", str(content), "c-0000000000")
    assert code == 2 and not out
    assert err.startswith("error: there is no claim or group 'c-0000000000'")
    assert sorted((content / "annotations").iterdir()) == before


def test_the_module_runs_as_a_command_and_refuses_a_bad_call():
    ok = subprocess.run([sys.executable, "-m", "crosscheck", "--help"], capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and all(command in ok.stdout for command in ("ingest", "evaluate", "check", "new-annotation"))
    bad = subprocess.run([sys.executable, "-m", "crosscheck", "publish"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "invalid choice: 'publish'" in bad.stderr
