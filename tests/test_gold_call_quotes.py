"""The gold's convention (round 36): a party's call, appeal, demand or accusation is a reported statement.

`دعا/ناشد/حث/طالب/اتهم` + the party + an addressee + the called-for or alleged act (`دعا أنان إسرائيل إلى
رفع الحصار`, `واتهم فؤاد السنيورة الولايات المتحدة بإعطاء فرصة`) is an indirect quote whose cue is the verb and
whose speaker is the party (resolved like any speaker), as the annotation guide's "every reported statement, direct
or indirect" and its addressee example (`دعا التحالف الحوثيين`) read it. The open train and dev gold had the
construction as a quote in some articles and not in others; these are the ones the round-36 audit added.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.evaluate.gold_corpus import GoldCorpus

GOLD = Path(__file__).resolve().parent.parent / "gold"

# (article, cue start, cue surface, speaker surface): every one must be a gold quote with that speaker.
ADDED = [
    ("aner-0002", 727, "واتهم", "فؤاد السنيورة"),
    ("aner-0002", 1117, "دعت", "الخارجية الروسية"),
    ("aner-0002", 1466, "دعا", "مندوب فرنسا لدى الأمم المتحدة جان مارك دو لا سابليير"),
    ("aner-0033", 3702, "ودعا", "الاجتماع"),
    ("aner-0085", 847, "وطالبت", "المانيا"),
    ("aner-0128", 23, "ودعا", "اسلاميون"),
    ("aner-0392", 84, "دعا", "الرئيس الصومالي السابق أبو القاسم عبدي صلاد حسن"),
    ("aner-0392", 803, "وناشد", "الرئيس السابق"),
    ("aner-0414", 362, "دعا", "الأمين العام للأمم المتحدة"),
    ("aner-0414", 587, "دعا", "أنان"),
    ("aner-0414", 802, "دعا", "الرئيس الفلسطيني"),
    ("aner-0414", 933, "دعا", "الرئيس الفلسطيني"),
    ("aner-0420", 1274, "ناشد", "الدكتور سعيد"),
    ("aner-0420", 1367, "دعا", "الدكتور سعيد"),
    ("aner-0420", 1664, "وطالب", "رئيس الهيئة"),
    ("aner-0450", 163, "واتهمت", "جماعات حقوق الانسان وواشنطن"),
    ("aner-0489", 133, "دعا", "الأمين العام لحزب الله حسن نصر الله"),
    ("aner-0494", 937, "ودعا", "البنك"),
    ("aner-0494", 1369, "دعا", "مسؤول كبير في البنك"),
    ("aner-0494", 1852, "طالبت", "باريس"),
    ("aner-0527", 218, "واتهم", "رئيس مجلس محافظة صلاح الدين أحمد ناجي جبارة الجبوري"),
    ("ntrex-008", 905, "وحثت", "الشرطة"),
    ("ntrex-062", 1419, "اتهم", "بوريس جونسون"),
    ("ntrex-062", 1527, "وحث", "بوريس جونسون"),
    # dev, under the same rule
    ("aner-0003", 6, "دعا", "الرئيس السوري بشار الأسد"),
    ("aner-0004", 623, "ودعا", "سولانا"),
    ("aner-0120", 911, "وتتهم", "الشيخة حسينة"),
    ("aner-0443", 1399, "وطالب", "المتظاهرون"),
    ("aner-0578", 564, "ودعا", "المفتش الأميركي"),
]


@pytest.fixture(scope="module")
def corpus() -> GoldCorpus:
    return GoldCorpus(GOLD, None)


@pytest.mark.parametrize(("article_id", "start", "cue", "speaker"), ADDED)
def test_a_call_accusation_or_demand_is_a_gold_quote(corpus: GoldCorpus, article_id: str, start: int, cue: str,
                                                    speaker: str) -> None:
    article = corpus.article(article_id)
    assert article.split in ("train", "dev")
    quotes = json.loads((GOLD / "annotations" / f"{article_id}.json").read_text("utf-8"))["quotes"]
    found = [q for q in quotes if q["cue"][0] == start]
    assert len(found) == 1, f"{article_id}: no gold quote on the cue at {start}"
    quote = found[0]
    text = article.text
    assert text[quote["cue"][0]:quote["cue"][1]] == cue
    assert quote["speaker"] is not None and text[quote["speaker"][0]:quote["speaker"][1]] == speaker
    # The content is the called-for or alleged act after the cue, never the speaker or the cue itself.
    assert quote["content"][0] >= quote["cue"][1] and not quote["direct"]
    assert quote["content"][0] >= quote["speaker"][1] or quote["speaker"][1] <= quote["cue"][0]
