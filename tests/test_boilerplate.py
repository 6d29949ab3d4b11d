"""Page furniture is marked as boilerplate (kept in the text, ignored by analysis)."""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.stages.boilerplate import BoilerplateStage
from marsad.text.boilerplate import classify_line


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("إقرأ أيضاً: مخابرات النظام تقطع الطريق أمام رتل", "read_also"),
        ("اقرأ أيضا: خبر آخر", "read_also"),
        ("- اقرأ ايضاً", "read_also"),
        ("شاهد: الفيديو الكامل", "watch"),
        ("تابعونا على تويتر", "follow_us"),
        ("جميع الحقوق محفوظة لموقع المثال", "copyright"),
        ("سمات: سوريا، حلب، الأمم المتحدة", "tags"),
        ("...المزيد", "more"),
    ],
)
def test_furniture_lines(line: str, kind: str) -> None:
    assert classify_line(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "شاهد عيان قال إن الطائرات قصفت السوق صباح اليوم.",  # "an eyewitness", not "watch:"
        "وقال المتحدث إن الجيش تابع عملياته في ريف حلب.",
        "قرأ الوزير بياناً أمام البرلمان.",
        "",
    ],
)
def test_article_lines_are_not_furniture(line: str) -> None:
    assert classify_line(line) is None


def test_seed_read_also_line(seed_text: str) -> None:
    doc = Document(seed_text)
    BoilerplateStage()(doc)
    assert [(doc.text[b.start : b.end].split(":")[0], b.kind) for b in doc.boilerplate] == [("إقرأ أيضاً", "read_also")]


def test_furniture_appended_to_the_last_paragraph() -> None:
    body = "وقتل عشرة أشخاص في الانفجار."
    tail = " رابط الخبر بصحيفة المثال: عنوان خبر آخر عن الانفجار "
    contact = "\nkatib@example.com للتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (48)"
    doc = Document(body + tail + contact)
    BoilerplateStage()(doc)
    spans = [(doc.text[b.start : b.end], b.kind) for b in doc.boilerplate]
    assert spans[0] == (tail.strip(), "story_link")
    assert spans[1][1] == "contact" and spans[1][0].startswith("للتواصل")
    assert not doc.is_boilerplate(0, len(body))


def test_furniture_tail_starts_where_the_text_says_through_folded_characters() -> None:
    # tatweel, diacritics and an invisible mark before the tail: the match in the normalised line is
    # mapped back to the original text
    body = "وقتـــل عَشَرَةُ أشخاص\u200f في الانفجار."
    tail = "رابط الخبر بصحيفة المثال: عنوان خبر آخر"
    doc = Document(body + " " + tail)
    BoilerplateStage()(doc)
    assert [(doc.text[b.start : b.end], b.kind) for b in doc.boilerplate] == [(tail, "story_link")]
