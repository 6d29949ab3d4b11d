"""tools/eval_trigger_crf.py: the CRF's tags read back as trigger spans, the scoring, and the stack features."""

from __future__ import annotations

from attribution_helpers import context_of, span_of
from eval_trigger_crf import (
    ArticleRows,
    CrfSettings,
    crf_marginals,
    crf_safe,
    crf_spans,
    fit_crf,
    read_article,
    score,
    stack_features,
    union,
)
from marsad.attribution.learned.context import trigger_words


def rows_of(sequences: list[tuple[list[list[str]], list[str]]], candidates: list[int] | None = None,
            gold: list[tuple[tuple[int, int], str]] | None = None) -> ArticleRows:
    """An article of the given sentences, token k spanning characters [10k, 10k + 5)."""
    rows = ArticleRows(sequences=sequences, gold=gold or [])
    k = 0
    for feats, _ in sequences:
        rows.token_of.append(list(range(k, k + len(feats))))
        k += len(feats)
    rows.spans = [(10 * j, 10 * j + 5) for j in range(k)]
    rows.candidates = [(j, [], "NONE") for j in candidates or []]
    return rows


def training_sentences() -> list[tuple[list[list[str]], list[str]]]:
    # "shelled" is an ASSAULT word, "talks" after "peace" a two-word CONSULT; "dawn" is no event
    out = []
    for _ in range(30):
        out.append(([["w=army"], ["w=shelled"], ["w=town"]], ["O", "B-ASSAULT", "O"]))
        out.append(([["w=peace"], ["w=talks"], ["w=began"]], ["B-CONSULT", "I-CONSULT", "O"]))
        out.append(([["w=at"], ["w=dawn"], ["w=town"]], ["O", "O", "O"]))
    return out


def test_the_crf_learns_one_and_two_word_triggers_and_reads_them_back_as_spans() -> None:
    tagger = fit_crf(training_sentences(), CrfSettings(c1=0.0, c2=0.01, iterations=50))
    rows = rows_of([([["w=army"], ["w=shelled"], ["w=town"]], ["O"] * 3),
                    ([["w=peace"], ["w=talks"], ["w=began"]], ["O"] * 3),
                    ([["w=at"], ["w=dawn"]], ["O"] * 2)], candidates=[1, 7])
    assert crf_spans(tagger, rows) == [((10, 15), "ASSAULT"), ((30, 45), "CONSULT")]
    marginals = crf_marginals(tagger, rows)
    assert set(marginals) == {1, 7}  # the candidate words only
    assert marginals[1]["ASSAULT"] > 0.9 and marginals[7]["O"] > 0.9
    assert stack_features(marginals[1])[1] == "crf=ASSAULT|4"
    assert stack_features(marginals[7])[0] == "crfO=4"


def test_an_inside_tag_without_its_beginning_starts_a_trigger_and_a_type_change_ends_one() -> None:
    class Fixed:
        def tag(self, _feats: object) -> list[str]:
            return ["I-AID", "I-AID", "B-ASSAULT", "I-CONSULT", "O"]

    rows = rows_of([([["a"]] * 5, ["O"] * 5)])
    assert crf_spans(Fixed(), rows) == [((0, 15), "AID"), ((20, 25), "ASSAULT"), ((30, 35), "CONSULT")]  # type: ignore[arg-type]


def test_scoring_counts_overlaps_and_the_gold_triggers_no_candidate_covers() -> None:
    rows = rows_of([([["a"]] * 6, ["O"] * 6)], candidates=[0], gold=[((0, 5), "ASSAULT"), ((30, 45), "CONSULT")])
    tally = score(rows, [((0, 5), "AID"), ((40, 45), "CONSULT"), ((50, 55), "AID")])
    assert (tally.predicted, tally.detect_right, tally.type_right) == (3, 2, 1)
    assert (tally.gold, tally.found, tally.typed) == (2, 2, 1)
    assert (tally.missed_gold, tally.missed_found, tally.missed_typed) == (1, 1, 1)  # the CONSULT words
    figures = tally.figures()
    assert figures["type P"] == 1 / 3 and figures["type R"] == 0.5


def test_union_adds_only_the_spans_the_first_list_does_not_cover() -> None:
    first = [((0, 5), "AID")]
    assert union(first, [((3, 8), "ASSAULT"), ((20, 25), "CONSULT")]) == [((0, 5), "AID"), ((20, 25), "CONSULT")]


def test_feature_strings_lose_what_crfsuite_would_misread() -> None:
    assert crf_safe(["p1=a:b", "", "x\0y"]) == ["p1=a_b", "x y"]


def test_an_article_is_read_as_tagged_sentences_and_candidate_rows() -> None:
    text = "قصفت الطائرات مواقع المسلحين في المدينة. وعقد الوزيران محادثات السلام في القاهرة."
    ctx = context_of(text)
    gold = {"events": [{"type": "ASSAULT", "trigger": list(span_of(text, "قصفت"))},  # gold spans are [start, end]
                       {"type": "CONSULT", "trigger": list(span_of(text, "محادثات السلام"))}]}
    rows = read_article(ctx, gold, trigger_words({"قصف": ("ASSAULT",)}))
    assert len(rows.sequences) == 2
    tags = [t for _, seq in rows.sequences for t in seq]
    words = [text[a:b] for a, b in rows.spans]
    assert [(w, t) for w, t in zip(words, tags, strict=True) if t != "O"] == [
        ("قصفت", "B-ASSAULT"), ("محادثات", "B-CONSULT"), ("السلام", "I-CONSULT")]
    # the vocabulary's word is a candidate, labelled with its gold type, and carries the trigger model's features
    first = next(c for c in rows.candidates if words[c[0]] == "قصفت")
    assert first[2] == "ASSAULT" and "voc=ASSAULT" in first[1]
    feats = rows.sequences[0][0][0]
    assert feats[0] == "cand" and "voc=ASSAULT" in feats
    assert rows.gold == sorted(rows.gold) and len(rows.gold) == 2
