"""Shared fixtures.  Tests that read ../shared skip with a reason when it is absent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from marsad.document import Document
from marsad.geo.gazetteer import cache_dir, load
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.readers import ReadFailure, read_inputs
from marsad.stages.places import PlaceStage
from marsad.stages.times import TimeStage

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
# No property test has a time limit: speed is measured in benchmarks, and Hypothesis's default
# 200 ms deadline failed a span test on a loaded machine. CI runs property tests on a repeatable
# set of examples (a red CI must be reproducible); local runs draw fresh examples and keep exploring.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "local")

SEED_PATH = ROOT / "src" / "marsad" / "samples" / "seed-aleppo-2019-12-12.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="run full-size slow tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip_slow = pytest.mark.skip(reason="full-size test; run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


@pytest.fixture(scope="session")
def place_stage(tmp_path_factory: pytest.TempPathFactory) -> PlaceStage:
    """The places stage over the built-in gazetteer only (an empty user directory: whatever the user imported is not
    seen), loaded once for every place test that asks for it."""
    return PlaceStage(load(tmp_path_factory.mktemp("no-user-places"), cache_dir()))


@pytest.fixture(scope="session")
def time_stage() -> TimeStage:
    """One times stage for the tests of a round's date classes."""
    return TimeStage()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text("utf-8")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"shared data not available (looked for {SHARED.name}/data beside the project)")
    return SHARED


@pytest.fixture(scope="session")
def saudinewsnet_jsonl(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "saudinewsnet" / "syria_related_subset.jsonl"
    if not path.is_file():
        pytest.skip("syria_related_subset.jsonl not present in shared data")
    return path


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default pipeline, built once for the test session (stages hold no per-document state).

    Strict: a stage that changes what its spec does not declare fails the tests that use it."""
    return Pipeline.from_config(PipelineConfig(strict=True))


@pytest.fixture(scope="session")
def seed_doc(pipeline: Pipeline) -> Document:
    """The bundled seed article, read as a user's file would be and analysed by the full pipeline."""
    items = list(read_inputs([str(SEED_PATH)]))
    assert items and not isinstance(items[0], ReadFailure)
    doc = items[0]
    assert isinstance(doc, Document)
    return pipeline(doc)


FLOORS = ROOT / "floors.toml"


@pytest.fixture(scope="module")
def shipped_attribution() -> Any:
    """The shipped attribution models (skipped in a build that ships none)."""
    from marsad.attribution.learned.extract import shipped_models

    found = shipped_models()
    if found is None:
        pytest.skip("this build ships no attribution model")
    return found


@pytest.fixture(scope="module")
def seed_and_train_contexts() -> Any:
    """The learned layer's contexts of the seed and 12 open train articles after the rule pipeline."""
    from attribution_helpers import rule_contexts

    return rule_contexts(12)


def check_floors(section: str, scores: dict[str, float]) -> None:
    """Every score named in ``floors.toml`` [section] is within its pinned floor (one message for all)."""
    import tomllib

    table: dict[str, object] = tomllib.loads(FLOORS.read_text("utf-8"))
    for part in section.split("."):
        table = table[part]  # type: ignore[assignment]
    failures = []
    for name, bound in table.items():
        assert isinstance(bound, dict) and name in scores, f"floors.toml [{section}] {name}: no such score"
        value = scores[name]
        if "min" in bound and value < bound["min"]:
            failures.append(f"{name} {value:.4f} < floor {bound['min']}")
        if "max" in bound and value > bound["max"]:
            failures.append(f"{name} {value:.4f} > ceiling {bound['max']}")
    assert not failures, f"[{section}] " + "; ".join(failures)


@pytest.fixture(params=[80, 200], ids=["80-columns", "200-columns"])
def columns(request: pytest.FixtureRequest) -> Iterator[int]:
    """The terminal width for this run: the CLI's consoles (made at import) and typer's error box (COLUMNS)."""
    from marsad.cli import console

    consoles = (console.stdout, console.stderr)
    fixed = [c._width for c in consoles]
    for c in consoles:
        c.width = request.param
    yield request.param
    for c, width in zip(consoles, fixed, strict=True):
        c._width = width
