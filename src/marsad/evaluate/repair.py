"""Score the repair stage on obfuscated real text and on the same text unmodified.

For every obfuscated word the generator knows the true word; the repaired text
at that span must read the true word (``ة``/``ه`` and final ``ى``/``ي`` count as
one letter, as everywhere in the project).  A repair is *wrong* when its
replacement is not the true word of the gold span it covers, or when it changes
a letter of a word that was not obfuscated.  On the clean originals every
repair that changes a letter is a false edit; ``tatweel`` repairs change no
letter and are counted apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.document import Document
from marsad.evaluate.obfuscate import ALL_TRICKS, GoldWord, obfuscate
from marsad.stages.repair import RepairStage
from marsad.text.normalize import normalize

_WORDS = re.compile(r"\S+")
# Spans that must never be edited on clean text: numbers and dotted abbreviations.
_PROTECTED = re.compile(r"\d[\d.,:/]*\d|(?<!\S)(?:[\u0621-\u064a]{1,3}\.){2,}[\u0621-\u064a]{1,3}")


def _letters(text: str) -> str:
    """A span as the matching view reads it (tatweel, controls, presentation forms folded)."""
    return normalize(text)


@dataclass
class RepairScore:
    articles: int = 0
    gold_by_trick: Counter[str] = field(default_factory=Counter)
    restored_by_trick: Counter[str] = field(default_factory=Counter)
    repairs: int = 0
    wrong_repairs: int = 0
    # Wrong repairs by the trick of the gold word they cover ("untouched": none).
    wrong_by_trick: Counter[str] = field(default_factory=Counter)
    clean_words: int = 0
    clean_false_edits: int = 0
    clean_tatweel_edits: int = 0
    clean_protected_edits: int = 0
    examples_missed: list[tuple[str, str, str, str]] = field(default_factory=list)
    examples_wrong: list[tuple[str, str, str]] = field(default_factory=list)

    def restored_pct(self, trick: str | None = None) -> float:
        gold = sum(self.gold_by_trick.values()) if trick is None else self.gold_by_trick[trick]
        hit = sum(self.restored_by_trick.values()) if trick is None else self.restored_by_trick[trick]
        return 100.0 * hit / gold if gold else 0.0

    def restored_pct_without(self, trick: str) -> float:
        """Restored words among the broken words not broken by ``trick``."""
        gold = sum(self.gold_by_trick.values()) - self.gold_by_trick[trick]
        hit = sum(self.restored_by_trick.values()) - self.restored_by_trick[trick]
        return 100.0 * hit / gold if gold else 0.0

    @property
    def wrong_pct(self) -> float:
        return 100.0 * self.wrong_repairs / self.repairs if self.repairs else 0.0

    def wrong_pct_without(self, trick: str) -> float:
        """Wrong repairs among the repairs that do not cover a word broken by ``trick``."""
        repairs = self.repairs - self.gold_by_trick[trick]
        wrong = self.wrong_repairs - self.wrong_by_trick[trick]
        return 100.0 * wrong / repairs if repairs > 0 else 0.0

    @property
    def false_edits_per_10k(self) -> float:
        return 10000.0 * self.clean_false_edits / self.clean_words if self.clean_words else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "broken_words": sum(self.gold_by_trick.values()),
            "restored_exactly_pct": round(self.restored_pct(), 2),
            "restored_exactly_pct_without_dotless": round(self.restored_pct_without("dotless"), 2),
            "by_trick": {
                t: {"words": self.gold_by_trick[t], "restored_pct": round(self.restored_pct(t), 2)}
                for t in ALL_TRICKS
                if self.gold_by_trick[t]
            },
            "repairs": self.repairs,
            "wrong_repairs": self.wrong_repairs,
            "wrong_repairs_pct": round(self.wrong_pct, 3),
            "wrong_repairs_by_trick": dict(self.wrong_by_trick),
            "wrong_repairs_pct_without_dotless": round(self.wrong_pct_without("dotless"), 3),
            "clean_words": self.clean_words,
            "clean_false_edits": self.clean_false_edits,
            "clean_false_edits_per_10k_words": round(self.false_edits_per_10k, 3),
            "clean_tatweel_edits": self.clean_tatweel_edits,
            "clean_edits_on_numbers_or_abbreviations": self.clean_protected_edits,
        }


def restored_text(doc: Document, start: int, end: int) -> str:
    """What the repaired text reads over the original span ``[start, end)``.

    Repairs overlapping the span stand whole for their part, untouched
    characters inside the span are copied.
    """
    parts: list[str] = []
    pos = start
    for r in sorted(doc.repairs, key=lambda r: r.start):
        if r.end <= start or r.start >= end:
            continue
        if r.start > pos:
            parts.append(doc.text[pos : r.start])
        parts.append(r.replacement)
        pos = max(pos, r.end)
    if pos < end:
        parts.append(doc.text[pos:end])
    return "".join(parts)


def score_article(
    stage: RepairStage,
    text: str,
    score: RepairScore,
    *,
    rate: float,
    seed: int,
    tricks: Sequence[str] | None = None,
    keep_examples: int = 20,
    style: str = "marsad",
) -> None:
    """Obfuscate one article, repair both versions, add the counts to ``score``."""
    score.articles += 1
    # Clean original: every letter change is a false edit.
    clean = Document(text)
    stage(clean)
    score.clean_words += len(_WORDS.findall(text))
    protected = [m.span() for m in _PROTECTED.finditer(text)]
    for r in clean.repairs:
        if r.kind == "tatweel":
            score.clean_tatweel_edits += 1
            continue
        if _letters(r.original) != _letters(r.replacement):
            score.clean_false_edits += 1
            if len(score.examples_wrong) < keep_examples:
                score.examples_wrong.append(("clean", r.original, r.replacement))
        if any(s < r.end and r.start < e for s, e in protected):
            score.clean_protected_edits += 1
    # Obfuscated copy.
    obf = obfuscate(text, rate=rate, seed=seed, tricks=tricks, style=style)
    doc = Document(obf.text)
    stage(doc)
    for g in obf.gold:
        score.gold_by_trick[g.trick] += 1
        got = restored_text(doc, g.start, g.end)
        if _same_word(got, g.word):
            score.restored_by_trick[g.trick] += 1
        elif len(score.examples_missed) < keep_examples:
            score.examples_missed.append((g.trick, obf.text[g.start : g.end], got, g.word))
    _count_wrong(doc, obf.gold, score, keep_examples)


def _same_word(got: str, truth: str) -> bool:
    return normalize(got) == normalize(truth) and _hamza_kept(got, truth)


def _hamza_kept(got: str, truth: str) -> bool:
    # normalize() folds alef/hamza; a restoration must keep the true spelling there.
    return [c for c in got if c in "أإآؤئء"] == [c for c in truth if c in "أإآؤئء"]


def _count_wrong(doc: Document, gold: Iterable[GoldWord], score: RepairScore, keep_examples: int) -> None:
    spans = sorted(gold, key=lambda g: g.start)
    for r in doc.repairs:
        score.repairs += 1
        covering = [g for g in spans if g.start < r.end and r.start < g.end]
        if covering:
            if not any(_same_word(restored_text(doc, g.start, g.end), g.word) for g in covering):
                score.wrong_repairs += 1
                score.wrong_by_trick[covering[0].trick] += 1
                if len(score.examples_wrong) < keep_examples:
                    score.examples_wrong.append((covering[0].trick, r.original, r.replacement))
        elif r.kind != "tatweel" and _letters(r.original) != _letters(r.replacement):
            score.wrong_repairs += 1
            score.wrong_by_trick["untouched"] += 1
            if len(score.examples_wrong) < keep_examples:
                score.examples_wrong.append(("untouched", r.original, r.replacement))


def evaluate(
    texts: Iterable[str],
    *,
    rate: float = 0.12,
    seed: int = 0,
    tricks: Sequence[str] | None = None,
    style: str = "marsad",
) -> RepairScore:
    """Score the repair stage on ``texts`` (article ``i`` is obfuscated with seed ``seed + i``)."""
    stage = RepairStage()
    score = RepairScore()
    for i, text in enumerate(texts):
        score_article(stage, text, score, rate=rate, seed=seed + i, tricks=tricks, style=style)
    return score
