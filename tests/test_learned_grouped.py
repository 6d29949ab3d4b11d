"""The grouped scorer gives the argument chooser the scores and the choices the feature strings give."""

from __future__ import annotations

import pytest

from attribution_helpers import seed_and_train_texts
from marsad.attribution.learned.context import (
    Context,
    argument_event_atoms,
    argument_features,
    argument_keys,
    argument_none_features,
    argument_phrase_atoms,
    argument_role_keys,
    speaker_features,
    speaker_none_features,
)
from marsad.attribution.learned.extract import (
    AttributionModels,
    argument_candidates,
    choose,
    choose_argument,
    event_candidates,
    pooled_choice,
    rescore_quotes,
    speaker_candidates,
    speaker_choice,
    speaker_names,
)
from marsad.attribution.learned.grouped import GroupedScorer
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig

ARTICLES = 12  # redistributable train articles of the gold corpus (the repository's own copy)
TOLERANCE = 1e-9


def test_grouped_argument_scores_are_the_feature_strings_scores(shipped_attribution: AttributionModels,
                                                                seed_and_train_contexts: list[Context]) -> None:
    scorer = shipped_attribution.argument_scorer()
    checked = pronoun_subjects = between = 0
    for ctx in seed_and_train_contexts:
        for cand in event_candidates(ctx, shipped_attribution.trigger_words(), {}):
            phrases = argument_candidates(ctx, cand)
            event = argument_event_atoms(ctx, cand.index, cand.type)
            atoms = [argument_phrase_atoms(ctx, cand.index, ph) for ph in phrases]
            for role in ("actor", "target"):
                rows = [argument_features(ctx, cand.index, cand.type, role, ph) for ph in phrases]
                by_role = scorer.head_scores(role, [argument_role_keys(event, a) for a in atoms])
                for row, a, part in zip(rows, atoms, by_role, strict=True):
                    keys = argument_keys(role, event, a)
                    assert keys == tuple((role, *key) for key in argument_role_keys(event, a))
                    assert abs(scorer.score(keys) - shipped_attribution.argument.score(row)) < TOLERANCE
                    assert part == scorer.score(keys)  # the same weights added in the same order
                    pronoun_subjects += any("pron-subj" in f for f in row)
                    between += any("-between" in f for f in row)
                    checked += 1
                none = argument_none_features(cand.type, role, False, len(phrases))
                slow = choose(shipped_attribution.argument, phrases, rows, none, shipped_attribution.argument_threshold(role))
                fast = choose_argument(shipped_attribution, role, event, phrases, atoms, False)
                assert fast[0] is slow[0] and abs(fast[1] - slow[1]) < TOLERANCE
    # real candidates, with the features that only some phrases have
    assert checked > 1000 and pronoun_subjects > 10 and between > 100


def test_grouped_speaker_choice_is_the_feature_strings_choice(shipped_attribution: AttributionModels) -> None:
    rules = Pipeline.from_config(PipelineConfig(extraction="rules"))
    checked = statements = 0
    for text in seed_and_train_texts(ARTICLES):
        doc = rules(Document(text, published="2019-12-12"))
        rescore_quotes(doc, shipped_attribution)  # the quotes the cue model adds too
        ctx = Context(doc, analysed(doc))
        previous = None
        for quote in doc.quotes:
            cue_index, phrases = speaker_candidates(ctx, quote, previous)
            cue_form = ctx.tokens[cue_index].form
            by_rules = not (quote.speaker_reason or "").startswith("cue model")
            rows = [[*speaker_features(ctx, cue_index, ph, cue_form), f"origin={by_rules}"] for ph in phrases]
            index, p = pooled_choice(shipped_attribution.speaker, rows,
                                     speaker_none_features(cue_form, bool(quote.speaker), len(phrases), by_rules),
                                     [(ph.first, ph.last) for ph in phrases], speaker_names(ctx, phrases))
            fast, q = speaker_choice(ctx, shipped_attribution.speaker, quote, previous)
            slow = phrases[index] if index is not None else None
            assert (fast is None) == (slow is None) and abs(p - q) < TOLERANCE
            if fast is not None and slow is not None:
                assert (fast.first, fast.last) == (slow.first, slow.last)
            statements += sum(any(f.startswith("statement-") for f in row) for row in rows)
            checked += len(rows)
            previous = quote
    assert checked > 100 and statements > 0


def test_grouped_scorer_sums_each_group_once_per_key() -> None:
    calls: list[str] = []

    def group(value: str) -> list[str]:
        calls.append(value)
        return [f"a={value}", f"b={value}", "unknown"]

    scorer = GroupedScorer({"a=x": 1.5, "b=x": -0.25, "a=y": 2.0}, [group, group])
    assert scorer.score([("x",), ("y",)]) == pytest.approx(1.25 + 2.0)
    assert scorer.score([("x",), ("x",)]) == pytest.approx(2.5)
    assert scorer.score([("x",), ("y",)]) == pytest.approx(3.25)
    assert calls == ["x", "y", "x"]  # one memo per group: each (group, key) is made into strings once


def test_a_choice_model_keeps_one_grouped_scorer_per_groups_until_its_weights_change() -> None:
    from marsad.attribution.learned.linear import ChoiceModel

    def group(value: str) -> list[str]:
        return [f"a={value}"]

    model = ChoiceModel({"a=x": 1.0})
    first = model.grouped([group])
    assert model.grouped([group]) is first and first.score([("x",)]) == pytest.approx(1.0)
    model.weights = {"a=x": 3.0}  # (a refit replaces the weights: the sums of the old ones are stale)
    assert model.grouped([group]) is not first and model.grouped([group]).score([("x",)]) == pytest.approx(3.0)


def test_head_scores_are_the_scores_of_the_keys_with_their_head() -> None:
    calls: list[tuple[str, str]] = []

    def group(head: str, value: str) -> list[str]:
        calls.append((head, value))
        return [f"{head}|a={value}", "unknown"]

    scorer = GroupedScorer({"r|a=x": 1.5, "s|a=x": -0.5, "r|a=y": 2.0}, [group, group])
    assert scorer.head_scores("r", [[("x",), ("y",)], [("x",), ("x",)]]) == [3.5, 3.0]
    assert scorer.head_scores("s", [[("x",), ("y",)]]) == [scorer.score([("s", "x"), ("s", "y")])] == [-0.5]
    # one memo per head and group: each (head, group, key) is made into strings once
    assert calls.count(("r", "x")) == 2 and calls.count(("s", "x")) == 2


def test_status_probabilities_of_a_document_at_once_are_each_events(shipped_attribution: AttributionModels,
                                                                     seed_and_train_contexts: list[Context]) -> None:
    """The status model applied to all the events of a document gives each event's probabilities (up to
    the order in which the weights are added), with the labels in the order ``probabilities`` gives them."""
    from marsad.attribution.learned.context import status_features

    rows = [status_features(ctx, ev, ctx.token_at(int(ev.trigger["start"])))
            for ctx in seed_and_train_contexts for ev in ctx.doc.events]
    many = shipped_attribution.status.probabilities_many(rows)
    assert len(rows) > 50 and many.shape == (len(rows), len(shipped_attribution.status.labels))
    for row, probs in zip(rows, many.tolist(), strict=True):
        one = shipped_attribution.status.probabilities(row)
        assert list(one) == shipped_attribution.status.labels
        assert all(abs(a - b) < 1e-12 for a, b in zip(one.values(), probs, strict=True))
    assert shipped_attribution.status.probabilities_many([]).shape == (0, len(shipped_attribution.status.labels))
