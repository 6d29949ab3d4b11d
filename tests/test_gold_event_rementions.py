"""The event gold's re-mentions (round 37): a later mention of an annotated event is a gold event ``same_as`` it.

The annotation guide: "الغارات … وأسفرت الغارات" is one event, the second mention marked ``same_as``. The open train gold marks
318 of its 1,465 events so, yet left the same kind of mention out elsewhere (`tools/trigger_gold_consistency.py`:
a word whose stem is a trigger elsewhere in its article, left out): `الاجتماع` of one meeting nine times in
one article, `الحرب` of the First World War, `العقوبات` of one set of sanctions. These are the ones the round-37
audit added, each a re-mention of the event it names (the same type, status, source and date; no party of its
own: the scorer and the trainer read a re-mention's parties from its event). And one type: a charge brought
(`توجيه تهمة`) is ACCUSE, as the gold has it elsewhere (`ووجهت إليه تهمة`) and the trigger lexicon reads `اتهم`, not COERCE.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from marsad.evaluate.gold_corpus import GoldCorpus
from marsad.evaluate.matching import cluster_root

GOLD = Path(__file__).resolve().parent.parent / "gold"

# (article, word start, word, type, start of the trigger of the event it re-mentions, that trigger)
ADDED = [
    ("aner-0002", 562, "ستزورها", "CONSULT", 452, "ستزور"),
    ("aner-0033", 1025, "الاجتماع", "CONSULT", 13, "الاجتماع"),
    ("aner-0033", 1687, "الاجتماع", "CONSULT", 13, "الاجتماع"),
    ("aner-0033", 2432, "الاجتماع", "CONSULT", 13, "الاجتماع"),
    ("aner-0033", 3481, "الاجتماع", "CONSULT", 13, "الاجتماع"),
    ("aner-0033", 3707, "الاجتماع", "CONSULT", 13, "الاجتماع"),
    ("aner-0033", 3925, "الاجتماع", "CONSULT", 13, "الاجتماع"),
    ("aner-0033", 4022, "الاجتماع", "CONSULT", 13, "الاجتماع"),
    ("aner-0033", 4072, "الاجتماع", "CONSULT", 13, "الاجتماع"),
    ("aner-0033", 4291, "الاجتماع", "CONSULT", 13, "الاجتماع"),
    ("aner-0049", 935, "زيارة", "CONSULT", 895, "وسيتوجه"),
    ("aner-0049", 1312, "زيارته", "CONSULT", 895, "وسيتوجه"),
    ("aner-0060", 2102, "لطلبه", "REQUEST", 2034, "وطلب"),
    ("aner-0061", 2836, "والحصار", "ASSAULT", 1303, "الحصار"),
    ("aner-0061", 3007, "الحصار", "ASSAULT", 1303, "الحصار"),
    ("aner-0083", 25, "الحرب", "ASSAULT", 0, "الحرب"),
    ("aner-0083", 42, "الحرب", "ASSAULT", 0, "الحرب"),
    ("aner-0083", 154, "الحرب", "ASSAULT", 0, "الحرب"),
    ("aner-0084", 134, "الحرب", "ASSAULT", 4, "الحرب العالمية الأولى"),
    ("aner-0084", 427, "الحرب", "ASSAULT", 4, "الحرب العالمية الأولى"),
    ("aner-0084", 469, "الحرب", "ASSAULT", 4, "الحرب العالمية الأولى"),
    ("aner-0084", 1102, "الحرب", "ASSAULT", 4, "الحرب العالمية الأولى"),
    ("aner-0086", 361, "المحادثات", "CONSULT", 53, "محادثاتهما"),
    ("aner-0086", 469, "الحوار", "CONSULT", 53, "محادثاتهما"),
    ("aner-0087", 1055, "الحوار", "CONSULT", 62, "جلسات الحوار"),
    ("aner-0105", 438, "العدوان", "ASSAULT", 348, "للعدوان"),
    ("aner-0124", 341, "بالمؤتمر", "CONSULT", 265, "المؤتمر"),
    ("aner-0190", 626, "القيود", "COERCE", 6, "القيود"),
    ("aner-0190", 943, "القيود", "COERCE", 6, "القيود"),
    ("aner-0230", 1266, "المظاهرات", "PROTEST", 267, "المظاهرات"),
    ("aner-0347", 1666, "الاشتباكات", "ASSAULT", 54, "اشتباك"),
    ("aner-0347", 491, "إنزالها", "ASSAULT", 93, "العملية"),
    ("aner-0353", 846, "الاشتباك", "ASSAULT", 698, "الاشتباك"),
    ("aner-0358", 596, "الاجتماع", "CONSULT", 181, "اجتماع"),
    ("aner-0358", 1111, "الاجتماع", "CONSULT", 181, "اجتماع"),
    ("aner-0376", 87, "الإتفاقية", "AGREE", 12, "الإتفاق"),
    ("aner-0376", 164, "الاتفاق", "AGREE", 12, "الإتفاق"),
    ("aner-0380", 504, "الطلب", "REQUEST", 378, "طلب"),
    ("aner-0394", 1735, "التوغل", "ASSAULT", 1407, "توغلت"),
    ("aner-0395", 461, "الغارة", "ASSAULT", 9, "الغارة"),
    ("aner-0448", 1954, "نشر", "MOBILIZE", 218, "نشر"),
    ("aner-0451", 19, "العقوبات", "SANCTION", 58, "فرضها"),
    ("aner-0451", 231, "العقوبات", "SANCTION", 58, "فرضها"),
    ("aner-0486", 4326, "الاتصالين", "CONSULT", 3974, "اتصالات هاتفية"),
    ("aner-0489", 539, "الحرب", "ASSAULT", 117, "الحرب"),
    ("aner-0489", 1599, "الحرب", "ASSAULT", 117, "الحرب"),
    ("aner-0489", 1695, "الحرب", "ASSAULT", 117, "الحرب"),
    ("aner-0489", 634, "الدعوة", "REQUEST", 32, "ويدعو"),
    ("aner-0490", 73, "القتل", "ASSAULT", 168, "لقتل"),
    ("aner-0490", 497, "القتل", "ASSAULT", 168, "لقتل"),
    ("aner-0490", 1722, "الحرب", "ASSAULT", 168, "لقتل"),
    ("aner-0490", 1273, "التفاوض", "CONSULT", 1120, "للتفاوض"),
    ("aner-0497", 162, "الاجتماع", "CONSULT", 52, "المحادثات"),
    ("aner-0497", 227, "بالاجتماع", "CONSULT", 52, "المحادثات"),
    ("aner-0525", 56, "محادثات", "CONSULT", 133, "محادثات"),
    ("aner-0525", 304, "المحادثات", "CONSULT", 133, "محادثات"),
    ("aner-0525", 450, "المحادثات", "CONSULT", 133, "محادثات"),
    ("aner-0577", 467, "المساعدات", "AID", 652, "مساعدات"),
    ("aner-0587", 243, "بنشر", "MOBILIZE", 192, "بنشر"),
    ("ntrex-005", 2959, "الاجتماع", "CONSULT", 2902, "اجتماعهم"),
    ("ntrex-008", 585, "قتل", "ASSAULT", 593, "طعن"),
    ("ntrex-008", 898, "القتل", "ASSAULT", 593, "طعن"),
    ("ntrex-012", 528, "الاشتباك", "ASSAULT", 0, "اشتباكات"),
    ("ntrex-019", 731, "الحادث", "PROTEST", 40, "فوضى"),
    ("ntrex-039", 1506, "العقوبات", "SANCTION", 139, "توقيع العقوبات"),
    ("ntrex-039", 1738, "العقوبات", "SANCTION", 139, "توقيع العقوبات"),
    ("ntrex-039", 1845, "العقوبات", "SANCTION", 139, "توقيع العقوبات"),
    ("ntrex-039", 2795, "العقوبات", "SANCTION", 139, "توقيع العقوبات"),
    ("ntrex-048", 1620, "الادعاءات", "ACCUSE", 2051, "ادعاءات"),
    ("ntrex-048", 2394, "الادعاء", "ACCUSE", 2051, "ادعاءات"),
    ("ntrex-048", 2544, "الادعاءات", "ACCUSE", 2051, "ادعاءات"),
    ("ntrex-048", 2643, "الادعاء", "ACCUSE", 2051, "ادعاءات"),
    ("ntrex-048", 3300, "الادعاء", "ACCUSE", 2051, "ادعاءات"),
    ("ntrex-048", 3402, "الادعاءات", "ACCUSE", 2051, "ادعاءات"),
    ("ntrex-048", 3461, "الادعاءات", "ACCUSE", 2051, "ادعاءات"),
    ("ntrex-050", 17, "تدعم", "SUPPORT", 52, "تدعم"),
    ("ntrex-050", 643, "يدعمون", "SUPPORT", 52, "تدعم"),
    ("ntrex-059", 24, "الاغتصاب", "ASSAULT", 110, "الاغتصاب"),
    ("ntrex-060", 1413, "اجتماع", "CONSULT", 9, "اجتماع"),
    ("ntrex-079", 252, "لحادث", "ASSAULT", 10, "لإطلاق النار"),
    ("ntrex-083", 1065, "الاعتقال", "COERCE", 729, "القبض"),
    ("ntrex-086", 761, "اجتماعها", "CONSULT", 336, "اجتماعها"),
]

# (article, trigger start, trigger, type now)
RETYPED = [
    ("ntrex-083", 1826, "توجيه تهم", "ACCUSE"),
    ("ntrex-083", 2039, "توجيه تهمة", "ACCUSE"),
]


@pytest.fixture(scope="module")
def corpus() -> GoldCorpus:
    return GoldCorpus(GOLD, None)


def _events(article_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads((GOLD / "annotations" / f"{article_id}.json").read_text("utf-8"))["events"]
    return events


@pytest.mark.parametrize(("article_id", "start", "word", "kind", "root_start", "root_word"), ADDED)
def test_a_re_mention_is_a_gold_event_of_its_event(corpus: GoldCorpus, article_id: str, start: int, word: str,
                                                   kind: str, root_start: int, root_word: str) -> None:
    article = corpus.article(article_id)
    assert article.split == "train"
    text = article.text
    events = _events(article_id)
    found = [k for k, ev in enumerate(events) if ev["trigger"][0] == start]
    assert len(found) == 1, f"{article_id}: no gold event on the word at {start}"
    mention = events[found[0]]
    assert text[mention["trigger"][0]:mention["trigger"][1]] == word and mention["type"] == kind
    assert mention["same_as"] is not None and mention["actor"] is None and mention["target"] is None
    root = events[cluster_root(events, found[0])]
    assert root["trigger"][0] == root_start and text[root["trigger"][0]:root["trigger"][1]] == root_word
    assert root["type"] == kind and root["status"] == mention["status"]


@pytest.mark.parametrize(("article_id", "start", "trigger", "kind"), RETYPED)
def test_a_charge_brought_is_an_accusation(corpus: GoldCorpus, article_id: str, start: int, trigger: str,
                                           kind: str) -> None:
    text = corpus.article(article_id).text
    found = [ev for ev in _events(article_id) if ev["trigger"][0] == start]
    assert len(found) == 1 and text[found[0]["trigger"][0]:found[0]["trigger"][1]] == trigger
    assert found[0]["type"] == kind
