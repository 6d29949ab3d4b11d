"""The optional dotless context model from ar-corrector's bigram counts (``marsad[dotless]``)."""

from __future__ import annotations

import os
import pickle
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from marsad.text import dotless_arcorrector
from marsad.text.dotless_arcorrector import build_model, load_bigrams
from marsad.text.normalize import normalize


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("true",))


def _bigrams() -> dict[tuple[str, ...], Counter[str]]:
    counts: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    counts[("الحكومة",)]["تعمل"] = 40
    counts[("الرجل",)]["يعمل"] = 40
    counts[("<s>",)]["يعمل"] = 7  # sentence start: no neighbour
    counts[("تعمل",)]["على"] = 30
    return counts


def test_unpickler_refuses_anything_but_counters() -> None:
    with pytest.raises(pickle.UnpicklingError, match=r"(posix|os|nt)\.system"):
        load_bigrams(pickle.dumps({("a",): _Evil()}))
    assert load_bigrams(pickle.dumps(_bigrams())) == _bigrams()


def test_bigram_counts_become_neighbour_tables_that_decide_the_prefix() -> None:
    model = build_model(load_bigrams(pickle.dumps(_bigrams())))
    assert model.left.pairs[normalize("الحكومة تعمل")] == 40
    assert model.left.pairs[normalize("الرجل يعمل")] == 40
    assert model.right.pairs[normalize("على تعمل")] == 30  # the right neighbour's table
    assert not any(key.startswith("<s>") for key in model.left.pairs)
    after_government = model.evidence(["تعمل", "يعمل"], "الحكومة", "")
    after_man = model.evidence(["تعمل", "يعمل"], "الرجل", "")
    assert after_government[0] > after_government[1]
    assert after_man[1] > after_man[0]


def test_default_context_model_is_the_ar_corrector_one_when_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cached = tmp_path / "cached.model"
    build_model(_bigrams(), {"marker": "from-ar-corrector"}).save(cached)
    monkeypatch.setattr(dotless_arcorrector, "installed_version", lambda: "9.9")
    monkeypatch.setattr(dotless_arcorrector, "cache_path", lambda version: cached)
    monkeypatch.setattr(dotless_arcorrector, "_loaded", [])
    assert dotless_arcorrector.default_context_model().header["marker"] == "from-ar-corrector"


def test_default_context_model_is_the_shipped_one_without_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dotless_arcorrector, "installed_version", lambda: None)
    monkeypatch.setattr(dotless_arcorrector, "_loaded", [])
    default = dotless_arcorrector.default_context_model()
    assert "marker" not in default.header
    assert "CC BY-SA" in str(default.header.get("license"))


@pytest.mark.slow
def test_installed_package_counts_load_with_the_restricted_unpickler() -> None:
    pytest.importorskip("ar_corrector")
    bigrams = load_bigrams()
    assert len(bigrams) > 200_000
    assert bigrams[("في",)]["العالم"] > 100
