"""tools/argument_errors.py sorts each role of a matched event into one error class."""

from __future__ import annotations

from argument_errors import classify
from attribution_helpers import arg_of, context_of, span_of
from marsad.attribution.learned.context import Phrase

TEXT = "دعا الرئيس المجتمع الدولي إلى التحرك"


def test_right_and_wrong_answers_are_told_apart() -> None:
    gold = {"actor": [span_of(TEXT, "الرئيس")], "target": [span_of(TEXT, "المجتمع الدولي")]}
    assert classify(TEXT, None, None, [], gold, "actor", arg_of(TEXT, "الرئيس")) == "right: named"
    assert classify(TEXT, None, None, [], {"actor": [], "target": []}, "actor", None) == "right: none"
    assert classify(TEXT, None, None, [], {"actor": [], "target": []}, "actor", arg_of(TEXT, "الرئيس")) == "wrong: gold has none"
    # the addressee given as the actor is the other role
    assert classify(TEXT, None, None, [], gold, "actor", arg_of(TEXT, "المجتمع الدولي")) == "wrong: the other role (swapped)"


def test_an_abstention_is_classed_by_the_rank_of_the_covering_candidate() -> None:
    ctx = context_of(TEXT)
    president, community, move = Phrase(1, 2), Phrase(2, 4), Phrase(5, 6)
    gold = {"actor": [span_of(TEXT, "الرئيس")], "target": []}
    first = [(president, 2.0), (community, 1.0), (None, 3.0)]
    second = [(president, 1.0), (community, 2.0), (None, 3.0)]
    assert classify(TEXT, ctx, 0, first, gold, "actor", None) == "abstained: covering candidate ranked 1st"
    assert classify(TEXT, ctx, 0, second, gold, "actor", None) == "abstained: covering candidate ranked 2nd"
    assert classify(TEXT, ctx, 0, [(move, 1.0), (None, 0.0)], gold, "actor", None) == "abstained: no candidate covers"
