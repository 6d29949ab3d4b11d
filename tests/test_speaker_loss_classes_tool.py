"""tools/speaker_loss_classes.py splits the lost quote speakers into parts and cue classes."""

from __future__ import annotations

from speaker_loss_classes import PARTS, ceiling, ceiling_table, cue_class, table, tally


def test_cue_words_by_class() -> None:
    assert cue_class("ويطالبون") == "call"  # conjunction, present prefix and plural ending off: طالب
    assert cue_class("وناشدت") == "call"
    assert cue_class("يعتقدون") == "belief"
    assert cue_class("أخبرتني") == "tell"
    assert cue_class("وأبدت") == "feeling"
    assert cue_class("قائلًا") == "participle"
    assert cue_class("مشيرا") == "participle"
    assert cue_class("معتبرين") == "participle"  # not in the cue lexicon: read by its shape
    assert cue_class("بحسب") == "according to"
    assert cue_class("ووفقا") == "according to"
    assert cue_class("نقلا عن") == "according to"
    assert cue_class("تصريحات") == "statement noun"
    assert cue_class("بالقول") == "statement noun"
    assert cue_class("وقال") == "lexicon verb"
    assert cue_class("وتطرق") == "other word"
    assert cue_class('"') == "quotation mark"


def test_tally_parts_reasons_and_the_gold_count() -> None:
    rows = [
        {"outcome": "right", "cue": "وقال"},
        {"outcome": "decision", "cue": "وقال"},  # a decision line: no gold speaker
        {"outcome": "extra: speaker on a quote gold lacks", "cue": "قال"},
        {"outcome": "cue: under threshold", "cue": "وناشد"},
        {"outcome": "cue: no candidate", "cue": "وتطرق"},
        {"outcome": "abstained: right first", "cue": "ودعا", "belief": 0.46, "candidates": [["العمري", 0.98, []]]},
        {"outcome": "abstained: right first", "cue": "قائلا", "belief": 0.9, "candidates": [["الوزير", 0.5, []]]},
        {"outcome": "abstained: right not first", "cue": "قال", "belief": 0.5, "candidates": [["غيره", 0.5, []]]},
        {"outcome": "abstained: no candidate", "cue": "قال", "belief": 0.9, "candidates": []},
        {"outcome": "wrong", "cue": "وأضاف"},
    ]
    by_class, by_reason, gold = tally(rows)
    assert gold == 8
    assert by_class[(PARTS[0], "call")] == 1 and by_class[(PARTS[0], "other word")] == 1
    assert by_class[(PARTS[1], "participle")] == 1 and by_class[(PARTS[1], "call")] == 1
    assert by_class[(PARTS[2], "lexicon verb")] == 1
    assert by_reason[(PARTS[0], "under threshold")] == 1 and by_reason[(PARTS[0], "no candidate")] == 1
    assert by_reason[(PARTS[1], "cue doubted")] == 1  # the party sure, the cue model not
    assert by_reason[(PARTS[1], "speaker unsure")] == 1
    assert by_reason[(PARTS[1], "both")] == 1
    assert by_reason[(PARTS[1], "no candidate")] == 1
    lines = table(["dev"], [(by_class, by_reason, gold)])
    assert "| **quote not found** | **2** (25.0%) |" in lines
    assert "| **speaker wrong** | **1** (12.5%) |" in lines
    assert lines[-1] == "| gold speakers | 8 |"


def test_the_ceiling_of_the_quotes_not_found() -> None:
    # an --oracle-cues run: the quotes it added say why their cue was missed; the others are not counted
    rows = [
        {"outcome": "right", "cue": "وتطرق", "oracle": "no candidate"},
        {"outcome": "abstained: right first", "cue": "ودعا", "oracle": "under threshold"},
        {"outcome": "wrong", "cue": "وقال", "oracle": "rules' quote dropped"},
        {"outcome": "right", "cue": "وقال"},
        {"outcome": "cue: no candidate", "cue": "وأوضح"},
    ]
    counts = ceiling(rows)
    assert (counts[("all", "right")], counts[("all", "null")], counts[("all", "wrong")]) == (1, 1, 1)
    assert counts[("· no candidate", "right")] == 1 and counts[("· under threshold", "null")] == 1
    assert counts[("— other word", "right")] == 1 and counts[("— call", "null")] == 1
    assert counts[("— lexicon verb", "wrong")] == 1
    lines = ceiling_table(["dev"], [counts])
    assert "| **all** | 1 / 1 / 1 |" in lines
    assert "| — call | 0 / 1 / 0 |" in lines
    assert not any(line.startswith("| — participle") for line in lines)  # a class with nothing is left out
