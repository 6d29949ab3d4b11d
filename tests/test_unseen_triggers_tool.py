"""tools/unseen_triggers.py: the part of speech of a trigger word, and the table of where events are lost."""

from __future__ import annotations

from collections import Counter

from unseen_triggers import _table, part_of_speech


def test_part_of_speech_from_the_lexicon_or_the_templates() -> None:
    assert part_of_speech("قصف") in {"verb", "verbal noun"}
    assert part_of_speech("الاستخدام") == "verbal noun"  # استفعال, with the article
    assert part_of_speech("يستهدفون") == "verb"  # ستفعل after its prefix
    assert part_of_speech("ديمقراطيه") == "other"


def test_the_table_counts_each_outcome_by_group() -> None:
    cells = Counter({("unseen", "ASSAULT", "verb", "found"): 1, ("unseen", "ASSAULT", "verb", "no candidate"): 2,
                     ("unseen", "AID", "other", "no candidate, root known"): 1,
                     ("seen", "AID", "verbal noun", "candidate, missed"): 3})
    rows = _table(cells)
    assert "| unseen | all | 4 | 0.25 (1) | 0 | 3 (1) |" in rows
    assert "| unseen | verb | 3 | 0.33 (1) | 0 | 2 (0) |" in rows
    assert "| seen | AID | 3 | 0.00 (0) | 3 | 0 (0) |" in rows
