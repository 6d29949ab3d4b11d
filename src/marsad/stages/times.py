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

from marsad.document import Document, Note, TimeExpression
from marsad.text.normalize import normalize
from marsad.timex.extract import WEEKDAY_NAMES, Found, find_expressions, resolve_expressions
from marsad.timex.grammar import load_grammar
from marsad.timex.lexicon import load_lexicon
from marsad.timex.published import detect_published


def parse_published(value: str | None) -> date | None:
    """The date part of a publication timestamp (``2015-07-21``, ``2015-07-21 02:51:32``, ISO 8601)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


class TimeStage:
    name = "times"

    def __init__(self) -> None:
        load_lexicon()
        load_grammar()

    def __call__(self, doc: Document) -> None:
        view = doc.matching
        text = view.text
        expressions = find_expressions(text)
        anchor = parse_published(doc.published)
        if doc.published and anchor is None:
            doc.notes.append(
                Note("published", f"publication date {doc.published!r} is not a date; relative times skipped")
            )
        if anchor is None and not doc.published:
            anchor = self._detect(doc, text, resolve_expressions(expressions, None))
        for found in resolve_expressions(expressions, anchor, text):
            start, end = view.to_original(found.start, found.end)
            end = self._extend_over_folded(doc.text, end)
            if end <= start or doc.is_boilerplate(start, end):
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
    def _detect(doc: Document, text: str, absolute: list[Found]) -> date | None:
        view = doc.matching
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
