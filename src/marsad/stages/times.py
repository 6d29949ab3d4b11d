"""Dates and times: absolute dates in every month family, Hijri dates, and relative expressions.

Works on the normalised matching view (Arabic-Indic digits already folded to
ASCII, hamza/alef folded) and maps every span back to the original text.
Relative expressions (أمس, الشهر الماضي, منذ ثلاثة أيام…) are resolved against
the publication date; when the document has none, the stage tries to detect it
from the text (``doc.published_detected``).  Relative expressions with no
anchor at all are skipped, because every reported time carries a value.
"""

from __future__ import annotations

from datetime import date

import regex

from marsad.document import Document, Note, TimeExpression
from marsad.text.normalize import normalize, normalize_view
from marsad.text.offsets import TextView
from marsad.timex.extract import WEEKDAY_NAMES, Found, find_expressions, resolve_expressions
from marsad.timex.grammar import load_grammar
from marsad.timex.lexicon import load_lexicon
from marsad.timex.published import detect_published

# A tatweel touching no letter is a dash, not a letter's decoration: "موسم 2002 ـ 2003", "1435هـ ـ 1436هـ" (the
# second one; the first stretches the ه). The matching view drops every tatweel, which left two bare numbers; the
# times stage reads such a tatweel as "-" (one character for one, so every offset still maps back to the original;
# round 29, gold v11).
JOINING_TATWEEL = regex.compile(r"(?<![\p{L}\p{M}\u0640])\u0640+(?![\p{L}\p{M}\u0640])")


def times_view(doc: Document) -> TextView:
    """The matching view the times stage reads: the document's, with a joining tatweel kept as a dash."""
    clean = doc.clean
    if "\u0640" not in clean.text or not JOINING_TATWEEL.search(clean.text):
        return doc.matching
    # A run ("2015 ـــ 2020م") is one dash: its other characters become spaces.
    dashed = JOINING_TATWEEL.sub(lambda m: "-" + " " * (len(m.group()) - 1), clean.text)
    normal = normalize_view(dashed)
    return TextView(normal.text, normal.offsets.compose(clean.offsets))


def parse_published(value: str | None) -> date | None:
    """The date part of a publication timestamp (``2015-07-21``, ``2015-07-21 02:51:32``, ISO 8601)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# What a story link's title is read for when its words are relative (see TimeStage.__call__).
TITLE_GRANULARITIES = frozenset({"year", "month"})


class TimeStage:
    name = "times"

    def __init__(self) -> None:
        load_lexicon()
        load_grammar()

    def __call__(self, doc: Document) -> None:
        view = times_view(doc)
        text = view.text
        expressions = find_expressions(text)
        anchor = parse_published(doc.published)
        if doc.published and anchor is None:
            doc.notes.append(
                Note("published", f"publication date {doc.published!r} is not a date; relative times skipped")
            )
        if anchor is None and not doc.published:
            anchor = self._detect(doc, view, resolve_expressions(expressions, None))
        # Page furniture is skipped, except the dates of the kinds the golds count (the story link restating the
        # title: times_read_boilerplate). A title's relative days are its writer's, often a day before the story's
        # date ("يفتح باب الترشح غداً" over a story of that day): not read; its years and months are.
        read = load_lexicon().times_read_boilerplate
        for found in resolve_expressions(expressions, anchor, text):
            start, end = view.to_original(found.start, found.end)
            end = self._extend_over_folded(doc.text, end)
            if end <= start or any(
                b.start <= start and end <= b.end and (b.kind not in read or not (found.absolute or found.granularity in TITLE_GRANULARITIES))
                for b in doc.boilerplate
            ):
                continue
            surface = doc.text[start:end]
            doc.times.append(TimeExpression(start, end, surface, found.value, found.granularity))
            if found.weekday_mismatch:
                self._note_mismatch(doc, found, surface)
            elif found.note:
                doc.notes.append(Note("times", f"weekday in {surface!r}: {found.note}"))

    @staticmethod
    def _extend_over_folded(text: str, end: int) -> int:
        # Characters the matching view drops (the tatweel of "1436هـ", a final diacritic) belong
        # to the word they decorate, so the span takes them in.
        while end < len(text) and not text[end].isspace() and normalize(text[end]) == "":
            end += 1
        return end

    @staticmethod
    def _note_mismatch(doc: Document, found: Found, surface: str) -> None:
        assert found.day is not None and found.weekday is not None
        doc.notes.append(
            Note(
                "times",
                f"weekday mismatch in {surface!r}: says {WEEKDAY_NAMES[found.weekday]}, "
                f"but {found.value} is a {WEEKDAY_NAMES[found.day.weekday()]}",
            )
        )

    @staticmethod
    def _detect(doc: Document, view: TextView, absolute: list[Found]) -> date | None:
        text = view.text
        # Boilerplate lines cannot carry the dateline or the "today" date.
        usable = [f for f in absolute if not doc.is_boilerplate(*view.to_original(f.start, f.end))]
        body_start = len(text) - len(text.lstrip())
        detection = detect_published(text, usable, load_lexicon().today, body_start)
        if detection is None:
            return None
        start, end = view.to_original(detection.start, detection.end)
        doc.published = detection.day.isoformat()
        doc.published_detected = True
        doc.notes.append(
            Note(
                "published",
                f"publication date {doc.published} detected from {doc.text[start:end]!r} "
                f"at [{start}, {end}) ({'; '.join(detection.reasons)})",
            )
        )
        return detection.day
