"""Restoring words written without dots (``ٯٮل`` → ``قتل``).

A word written without dots keeps only its *skeleton*: the letter shapes with
the dots removed (``ب ت ث ن ي`` share one shape, ``ج ح خ`` another, ...).  An
index from skeleton to the listed word forms gives the candidates; the letters
that still carry their dots must match exactly.  Candidates are ranked by
frequency, but frequency is the wrong prior on its own: a writer hides the
*sensitive* word, so conflict vocabulary (``data/repair_sensitive.tsv``) gets a
bonus, and so does a word the same document also spells out in full.

The index covers the whole wordfreq list (~620,000 forms), costs a few hundred
MB and about two seconds, so it is built only when a document actually shows
dotless writing.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from marsad.resources import read_tsv_dicts
from marsad.text.lexicon import iter_wordfreq_arabic, zipf_of_bucket
from marsad.text.normalize import normalize
from marsad.text.repair_chars import repair_chars
from marsad.text.tokenize import readings

# Bonus (in Zipf units, i.e. log10 of frequency) for a sensitive word: it may be
# up to ~40x rarer than an everyday word with the same skeleton and still win.
SENSITIVE_BONUS = 1.6
# Bonus for a word that the same document spells in full elsewhere.
DOCUMENT_BONUS = 2.0
# Bonus for an imperfect verb in ت beside a feminine word.
FEMININE_BONUS = 0.6
# Zipf cost of reading a word as clitic + listed stem when the whole form is not listed.
PROCLITIC_COST = 0.5
# Candidates looked at per skeleton (they are stored most frequent first).
MAX_CANDIDATES = 64
# Clitics tried when the whole dotless word has no candidate.
_ENCLITICS = ("هما", "هم", "ها", "ه", "كما", "كم", "نا", "ني", "ي", "ك")
_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "لل", "وب", "ول", "س", "وس")


@lru_cache(maxsize=1)
def _skeleton_table() -> dict[int, str]:
    return repair_chars().skeleton_table()


def skeleton(word: str) -> str:
    """The word with every letter replaced by its dotless class key."""
    return word.translate(_skeleton_table())


@lru_cache(maxsize=1)
def sensitive_stems() -> frozenset[str]:
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("repair_sensitive.tsv"))


@lru_cache(maxsize=65536)
def is_sensitive(word: str) -> bool:
    """True when the word, or its stem without clitics, is sensitive vocabulary."""
    stems = sensitive_stems()
    return any(r.stem in stems for r in readings(normalize(word)))


def fits(written: str, candidate: str) -> bool:
    """A candidate fits when each written letter may stand for the candidate's letter.

    A letter that still has its dots stands only for itself.
    """
    if len(written) != len(candidate):
        return False
    readings_of = repair_chars().dotless_readings
    return all(w == c or c in readings_of.get(w, "") for w, c in zip(written, candidate, strict=True))


@dataclass(frozen=True, slots=True)
class Choice:
    word: str
    score: float
    alternatives: tuple[str, ...]


class DotlessIndex:
    """Skeleton → listed word forms (as spelled in the list), most frequent first."""

    _instance: DotlessIndex | None = None
    _lock = threading.Lock()

    def __init__(self, by_skeleton: dict[str, str]) -> None:
        # Candidates are stored as one space-joined string per skeleton: about
        # half the memory of a list of strings.
        self._by_skeleton = by_skeleton

    @classmethod
    def get(cls) -> DotlessIndex:
        if cls._instance is None:
            with cls._lock:
                if cls._instance is None:
                    cls._instance = cls._build()
        return cls._instance

    @classmethod
    def _build(cls) -> DotlessIndex:
        table = _skeleton_table()
        groups: dict[str, list[str]] = {}
        for word, bucket in iter_wordfreq_arabic():
            groups.setdefault(word.translate(table), []).append(f"{word}|{bucket}")
        return cls({key: " ".join(words) for key, words in groups.items()})

    def candidates(self, written: str) -> list[tuple[str, float]]:
        """Listed spellings that fit ``written``, with their own Zipf frequency, most frequent first."""
        joined = self._by_skeleton.get(skeleton(written))
        if not joined:
            return []
        found: list[tuple[str, float]] = []
        for item in joined.split(" ", MAX_CANDIDATES)[:MAX_CANDIDATES]:
            word, _, bucket = item.partition("|")
            if fits(written, word):
                found.append((word, zipf_of_bucket(int(bucket))))
        return found

    def choose(
        self, written: str, document_words: Collection[str] = (), *, feminine_context: bool = False
    ) -> Choice | None:
        """The most probable dotted word for ``written``, or None when nothing fits.

        ``feminine_context``: a neighbouring word is feminine, so an imperfect
        verb is likelier to take ``ت`` than ``ي`` (``الحكومة ٮعمل`` → ``تعمل``).
        """
        scored: list[tuple[float, str]] = []
        seen: set[str] = set()
        for cand, zipf in self.candidates(written):
            # Spellings that fold together (حتى/حتي) are one word: keep the most
            # frequent, which comes first, so a misspelling never wins on a bonus.
            folded = normalize(cand)
            if folded in seen:
                continue
            seen.add(folded)
            scored.append((self._score(cand, zipf, document_words), cand))
        if not scored:
            scored = self._with_clitic(written, document_words)
        if not scored:
            return None
        if feminine_context:
            scored = [(s + FEMININE_BONUS if _verb_prefix(w) == "ت" else s, w) for s, w in scored]
        scored.sort(key=lambda item: -item[0])
        best_score, best = scored[0]
        close = tuple(w for s, w in scored[1:4] if best_score - s < 0.5)
        return Choice(best, best_score, close)

    @staticmethod
    def _score(cand: str, zipf: float, document_words: Collection[str]) -> float:
        score = zipf
        if is_sensitive(cand):
            score += SENSITIVE_BONUS
        if normalize(cand) in document_words:
            score += DOCUMENT_BONUS
        return score

    def _with_clitic(self, written: str, document_words: Collection[str]) -> list[tuple[float, str]]:
        """Read an unlisted form as proclitic + listed stem, or listed stem + pronoun suffix."""
        scored: list[tuple[float, str]] = []
        for prefix in _PROCLITICS:
            n = len(prefix)
            if len(written) - n < 2 or not fits(written[:n], prefix):
                continue
            for cand, zipf in self.candidates(written[n:]):
                # The clitic makes the form rarer than its stem: a small fixed cost.
                scored.append((self._score(prefix + cand, zipf - PROCLITIC_COST, document_words), prefix + cand))
        for suffix in _ENCLITICS:
            n = len(suffix)
            if len(written) - n < 2 or not fits(written[-n:], suffix):
                continue
            for cand, zipf in self.candidates(written[:-n]):
                scored.append((self._score(cand + suffix, zipf - PROCLITIC_COST, document_words), cand + suffix))
        return scored

    def score_written(self, written: str, zipf: float, document_words: Collection[str]) -> float:
        """The score the word as written would get as a candidate (for margins)."""
        return self._score(written, zipf, document_words)


def _verb_prefix(word: str) -> str:
    """The letter after an optional و/ف: the person prefix if the word is an imperfect verb."""
    rest = word[1:] if len(word) > 3 and word[0] in "وف" else word
    return rest[:1]
