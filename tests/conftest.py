import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

SEEDS = ROOT / "content" / "sources"


@pytest.fixture(scope="session")
def seed_paths():
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds():
    """The five seed articles, ingested once: {file name: Source}."""
    from crosscheck.ingest.source import read_source

    return {path.name: read_source(path, f"sources/{path.name}").source for path in sorted(SEEDS.glob("*.txt"))}
