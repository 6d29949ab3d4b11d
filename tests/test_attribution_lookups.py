"""The per-word lookups and per-document scans the quotes and events rules share, checked against
the plain definitions they replace (each word looked up in full, every affix tried)."""

from __future__ import annotations

from marsad.attribution.learned.context import _verb_affixes, verb_stems
from marsad.attribution.lexicon import (
    ACCORDING,
    CUE,
    PHRASE,
    STATEMENT,
    TRIGGER,
    VOTE,
    figure_kind,
    lexicon,
    mode_cue,
    strip_proclitics,
    token_flags,
)
from marsad.attribution.text import analyse
from marsad.document import Document

TEXT = (
    "قال المتحدث باسم الجيش إن الطائرات قصفت مواقع المسلحين، وأضاف: «قتل 12 شخصا».\n"
    "وبحسب بيان الوزارة، فإن الغارات الجوية استهدفت القرية. ويعتزم التحالف شن هجوم جديد."
)


def test_flagged_in_lists_exactly_the_marked_words_of_a_range() -> None:
    at = analyse(Document(TEXT))
    n = len(at.tokens)
    for mask in (CUE | ACCORDING | STATEMENT, TRIGGER | PHRASE | VOTE):
        for first, last in ((0, n), (3, n - 4), (n // 2, n // 2), (0, 1)):
            expected = [i for i in range(first, last)
                        if at.tokens[i].is_word and token_flags(at.tokens[i].form) & mask]
            assert at.flagged_in(mask, first, last) == expected
    # the text has cues and triggers, so the check above compared non-empty lists
    assert at.flagged_in(CUE, 0, n) and at.flagged_in(TRIGGER, 0, n)


def _naive_verb_stems(form: str) -> frozenset[str]:
    prefixes, suffixes = _verb_affixes()
    out: set[str] = set()
    for reading in strip_proclitics(form):
        out.add(reading)
        out.update(reading[: -len(s)] for s in suffixes if reading.endswith(s) and len(reading) - len(s) >= 2)
        for p in prefixes:
            if reading.startswith(p) and len(reading) - len(p) >= 3:
                rest = reading[len(p):]
                out.add(rest)
                out.update(rest[: -len(s)] for s in suffixes if rest.endswith(s) and len(rest) - len(s) >= 2)
    return frozenset(out)


def test_verb_stems_strip_affixes_as_every_affix_tried_in_turn() -> None:
    words = ["وحثت", "يطالبون", "ورفضته", "تهم", "ا", "يت", "استهدفتها", "والمسلحين", "قصفوا", "نا"]
    for word in words:
        assert verb_stems(word) == _naive_verb_stems(word), word
    assert "حث" in verb_stems("وحثت") and "طالب" in verb_stems("يطالبون")


def test_figure_kind_and_mode_cue_read_the_first_matching_reading() -> None:
    lex = lexicon()
    for word in ("قتيلا", "والقتلى", "جرحى", "بالجرحى", "الطائرات", "مواقع"):
        expected = next((lex.figure_kinds[c] for c in strip_proclitics(word) if c in lex.figure_kinds), None)
        assert figure_kind(word) == expected
    cues = lex.mode_cues["ASSAULT"]
    some = sorted(cues)[:5]
    for word in [*some, *("و" + w for w in some), "مواقع"]:
        expected_mode = next((cues[c] for c in strip_proclitics(word) if c in cues), None)
        assert mode_cue(word, "ASSAULT") == expected_mode
        assert mode_cue(word, "MOBILIZE") is None  # a type without mode cues
    assert any(mode_cue(w, "ASSAULT") is not None for w in some)
    assert any(figure_kind(w) is not None for w in ("قتيلا", "والقتلى", "جرحى"))
