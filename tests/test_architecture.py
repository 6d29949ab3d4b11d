"""The package's layers hold: the import-linter contracts of pyproject.toml, run in the test suite.

``lint-imports`` runs the same contracts in CI; this test makes the README's test
command check them too, and shows that they do fail on an upward import.
"""

from __future__ import annotations

import inspect
import pkgutil
import tomllib
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("importlinter", reason="import-linter is not installed (pip install -e '.[test]')")

import grimp  # installed with import-linter
from importlinter import configuration
from importlinter.application import output, use_cases
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.independence import IndependenceContract
from importlinter.contracts.layers import LayersContract

import marsad
from marsad.errors import MarsadError

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
CONTRACT_TYPES: dict[str, Any] = {
    "layers": LayersContract,
    "forbidden": ForbiddenContract,
    "independence": IndependenceContract,
    "acyclic_siblings": AcyclicSiblingsContract,
}


def build_graph() -> grimp.ImportGraph:
    """The import graph as lint-imports builds it, with the settings of pyproject.toml."""
    settings = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["importlinter"]
    return grimp.build_graph("marsad", cache_dir=None,
                             exclude_type_checking_imports=bool(settings.get("exclude_type_checking_imports")))


def broken_contracts(graph: grimp.ImportGraph) -> dict[str, str]:
    """Contract id → import-linter's explanation, for every contract of pyproject.toml that ``graph`` breaks."""
    configuration.configure()
    options = use_cases.read_user_options(str(PYPROJECT))
    assert options.contracts_options, "no import-linter contracts in pyproject.toml"
    broken: dict[str, str] = {}
    for contract_options in options.contracts_options:
        kind = CONTRACT_TYPES[contract_options["type"]]
        contract = kind(contract_options["name"], options.session_options, contract_options)
        check = contract.check(graph, verbose=False)
        if not check.kept:
            with output.console.capture() as captured:
                contract.render_broken_contract(check)
            broken[contract_options["id"]] = captured.get()
    return broken


def test_the_import_contracts_hold() -> None:
    broken = broken_contracts(build_graph())
    assert not broken, "\n".join(f"contract {name} broken:\n{why}" for name, why in broken.items())


def test_an_upward_import_breaks_the_layers_and_makes_a_cycle() -> None:
    graph = build_graph()
    graph.add_import(
        importer="marsad.text.normalize",
        imported="marsad.stages.boilerplate",
        line_number=1,
        line_contents="from marsad.stages.boilerplate import BoilerplateStage",
    )
    broken = broken_contracts(graph)
    # The store imports text.normalize, so through it the store would reach the stages too.
    assert set(broken) == {"layers", "no-cycles", "store-is-persistence"}
    assert "marsad.text is not allowed to import marsad.stages" in broken["layers"]
    assert "marsad.text.normalize -> marsad.stages.boilerplate" in broken["layers"]


def test_the_store_may_not_run_the_pipeline() -> None:
    graph = build_graph()
    graph.add_import(importer="marsad.store.queries", imported="marsad.pipeline", line_number=1, line_contents="")
    assert {"layers", "store-is-persistence"} <= set(broken_contracts(graph))


def test_a_new_package_must_be_given_a_layer() -> None:
    graph = build_graph()
    graph.add_module("marsad.somewhere")
    broken = broken_contracts(graph)
    assert set(broken) == {"layers"} and "marsad.somewhere" in broken["layers"]


# Error classes whose modules other branches are rewriting (pipeline.py, store/, web/): they
# get the MarsadError base when those land.  An entry that already has it must be removed.
PENDING_BASE: set[str] = set()


def project_exceptions() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(marsad.__path__, "marsad."):
        if info.name.endswith(".__main__"):
            continue  # running it would start the program
        module = import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                found[f"{info.name}.{name}"] = value
    return found


def test_every_project_error_is_a_marsad_error_and_keeps_its_builtin_base() -> None:
    errors = project_exceptions()
    assert len(errors) >= 17
    missing = {name for name, cls in errors.items() if not issubclass(cls, MarsadError)} - {"marsad.errors.MarsadError"}
    assert missing == PENDING_BASE, "every error class derives from marsad.errors.MarsadError"
    # except ValueError / RuntimeError callers keep working: the built-in base is still there.
    from marsad.readers.text import DecodeError
    from marsad.text.dotless_context import ContextModelError

    assert issubclass(DecodeError, ValueError) and issubclass(ContextModelError, ValueError)
