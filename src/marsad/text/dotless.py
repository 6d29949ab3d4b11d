"""Restoring words written without dots (``ٯٮل`` → ``قتل``).

A word written without dots keeps only its *skeleton*: the letter shapes with
the dots removed (``ب ت ث ن ي`` share one shape, ``ج ح خ`` another, ...).  An
index from skeleton to the listed word forms gives the candidates; the letters
that still carry their dots must match exactly.  Candidates are ranked by
frequency, but frequency is the wrong prior on its own: a writer hides the
*sensitive* word, so conflict vocabulary (``data/repair_sensitive.tsv``) gets a
bonus; the document's own words are a cache language model (a word it spells in
full elsewhere gains, the more the rarer it is), a word it spells beside the
same neighbour gains more, and the neighbours weigh in through the context model
(:mod:`marsad.text.dotless_context`).  Each choice carries its *confidence*, the
share of probability of the best reading, so that close calls can be left alone.

The index covers the whole wordfreq list (~620,000 forms), costs a few hundred
MB and about two seconds, so it is built only when a document actually shows
dotless writing.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.resources import read_tsv_dicts
from marsad.text.dotless_context import FIRST_LETTERS, ContextModel, first_letter
from marsad.text.lexicon import Lexicon, iter_wordfreq_arabic, zipf_of_bucket
from marsad.text.normalize import normalize
from marsad.text.repair_chars import repair_chars
from marsad.text.tokenize import readings

# Bonus (in Zipf units, i.e. log10 of frequency) for a sensitive word: it may be
# up to ~40x rarer than an everyday word with the same skeleton and still win.
SENSITIVE_BONUS = 1.6
# The document's own word counts are a cache language model mixed with the
# general frequency: P(w) = (n_doc(w) + DOCUMENT_PRIOR_WORDS * p(w)) / (N_doc + DOCUMENT_PRIOR_WORDS).
# A word the document spells in full elsewhere gains the more, the rarer it is.
DOCUMENT_PRIOR_WORDS = 500.0
# What one occurrence of another form with the same stem (``الحرب`` for ``حرب``)
# counts for in the document's cache model, against 1 for the form itself.
STEM_SHARE = 0.5
# Proclitics taken off to find a word's stem (longest first); the stem keeps three letters or more.
_STEM_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
# Bonus when the document spells the candidate in full beside the same neighbour.
DOCUMENT_PAIR_BONUS = 1.0
# Bonus for an imperfect verb in ت beside a feminine word.
FEMININE_BONUS = 0.6
# Zipf cost of reading a word as clitic + listed stem when the whole form is not listed.
PROCLITIC_COST = 0.5
# Readings reported with a choice.
MAX_READINGS = 3
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


def fits(written: str, candidate: str, *, final: bool = True) -> bool:
    """A candidate fits when each written letter may stand for the candidate's letter.

    A letter that still has its dots stands only for itself.  ``final``: the
    last letter of ``written`` ends the word, where the dotless shapes differ
    (a final ``ٮ`` is not ``ن`` or ``ي``, which are written ``ں`` and ``ى``).
    """
    if len(written) != len(candidate):
        return False
    chars = repair_chars()
    readings_of = chars.dotless_readings
    if not all(w == c or c in readings_of.get(w, "") for w, c in zip(written, candidate, strict=True)):
        return False
    if final and written:
        w, c = written[-1], candidate[-1]
        return w == c or c in chars.dotless_final_readings.get(w, readings_of.get(w, ""))
    return True


@dataclass(frozen=True, slots=True)
class Choice:
    word: str
    score: float
    alternatives: tuple[str, ...]
    # Lead of the best reading over the next distinct one (inf when it is alone).
    margin: float = math.inf
    # Share of the best reading in the probability of all distinct readings
    # (scores are log10 probabilities).
    confidence: float = 1.0
    # The most probable distinct readings with their shares, best first.
    readings: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentWords:
    """What a document spells in full: its words (normalised) with counts, and adjacent word pairs."""

    counts: Counter[str] = field(default_factory=Counter)
    pairs: frozenset[str] = frozenset()  # "word next" (normalised), only spaces between
    total: int = 0  # number of words
    # Counts by stem (the word without its article or one-letter proclitic): ``الحرب``
    # and ``والحرب`` are evidence for ``حرب``.
    stems: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, words: Iterable[str], pairs: Iterable[tuple[str, str]] = ()) -> DocumentWords:
        counts = Counter(normalize(w) for w in words)
        stems: Counter[str] = Counter()
        for word, n in counts.items():
            stems[stem_key(word)] += n
        return cls(counts, frozenset(f"{normalize(a)} {normalize(b)}" for a, b in pairs), counts.total(), stems)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.counts.get(word, 0) > 0

    def log_probability(self, word: str, zipf: float, *, unseen: bool = False) -> float:
        """The cache-model probability of ``word`` (normalised) as a Zipf value.

        ``unseen``: as if the document did not contain the word.
        """
        prior = 10.0 ** (zipf - 9.0)
        own = self.counts.get(word, 0)
        n = 0 if unseen else own
        # The word's stem spelled in full elsewhere (``الحرب`` for ``حرب``) is weaker evidence.
        by_stem = self.stems.get(stem_key(word), 0) - own
        n_eff = n + STEM_SHARE * by_stem
        return math.log10((n_eff + DOCUMENT_PRIOR_WORDS * prior) / (self.total + DOCUMENT_PRIOR_WORDS)) + 9.0


def stem_key(word: str) -> str:
    """The word (normalised) without its article or one-letter proclitic, when three letters or more remain."""
    for prefix in _STEM_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


_NO_DOCUMENT = DocumentWords()


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

    def has_rival(self, word: str) -> bool:
        """Another listed word (not a spelling variant) shares the skeleton of ``word``."""
        joined = self._by_skeleton.get(skeleton(word), "")
        own = normalize(word)
        return any(
            normalize(item.partition("|")[0]) != own
            for item in joined.split(" ", MAX_CANDIDATES)[:MAX_CANDIDATES]
        )

    def candidates(self, written: str, *, final: bool = True) -> list[tuple[str, float]]:
        """Listed spellings that fit ``written``, with their own Zipf frequency, most frequent first.

        ``final``: ``written`` ends the word (see :func:`fits`).
        """
        joined = self._by_skeleton.get(skeleton(written))
        if not joined:
            return []
        found: list[tuple[str, float]] = []
        for item in joined.split(" ", MAX_CANDIDATES)[:MAX_CANDIDATES]:
            word, _, bucket = item.partition("|")
            if fits(written, word, final=final):
                found.append((word, zipf_of_bucket(int(bucket))))
        return found

    def choose(
        self,
        written: str,
        document: DocumentWords = _NO_DOCUMENT,
        *,
        feminine_context: bool = False,
        left: str = "",
        right: str = "",
        context: ContextModel | None = None,
    ) -> Choice | None:
        """The most probable dotted word for ``written``, or None when nothing fits.

        ``feminine_context``: a neighbouring word is feminine, so an imperfect
        verb is likelier to take ``ت`` than ``ي`` (``الحكومة ٮعمل`` → ``تعمل``).
        ``left``/``right``: the neighbouring words as written ('' for none),
        weighed by ``context`` when given.
        """
        scored = self._listed_scores(written, document) or self._with_clitic(written, document)
        if not scored:
            return None
        scored = _context_bonuses(scored, document, feminine_context, left, right, context)
        scored.sort(key=lambda item: -item[0])
        return _choice(scored)

    def _listed_scores(self, written: str, document: DocumentWords) -> list[tuple[float, str, float]]:
        """(score, word, Zipf) of every listed spelling that fits ``written``."""
        scored: list[tuple[float, str, float]] = []
        seen: set[str] = set()
        written_folded = normalize(written)
        for cand, zipf in self.candidates(written):
            # Spellings that fold together (حتى/حتي) are one word: keep the most
            # frequent, which comes first, so a misspelling never wins on a bonus.
            folded = normalize(cand)
            if folded in seen:
                continue
            seen.add(folded)
            # The form as written is in the document only because it is written here.
            credit = folded != written_folded
            scored.append((self._score(cand, zipf, document, credit=credit), cand, zipf))
        return scored

    @staticmethod
    def _score(cand: str, zipf: float, document: DocumentWords, *, credit: bool = True) -> float:
        """Zipf through the document's cache model, plus the sensitive-word bonus.

        ``credit``: whether the word's own count in the document counts (the
        form as written gets none: it is in the document by definition).
        """
        score = document.log_probability(normalize(cand), zipf, unseen=not credit) if document.total else zipf
        if is_sensitive(cand):
            score += SENSITIVE_BONUS
        return score

    def _with_clitic(self, written: str, document: DocumentWords) -> list[tuple[float, str, float]]:
        """Read an unlisted form as proclitic + listed stem, or listed stem + pronoun suffix."""
        scored: list[tuple[float, str, float]] = []
        for prefix in _PROCLITICS:
            n = len(prefix)
            if len(written) - n < 2 or not fits(written[:n], prefix, final=False):
                continue
            for cand, zipf in self.candidates(written[n:]):
                # The clitic makes the form rarer than its stem: a small fixed cost.
                zipf -= PROCLITIC_COST
                scored.append((self._score(prefix + cand, zipf, document), prefix + cand, zipf))
        for suffix in _ENCLITICS:
            n = len(suffix)
            if len(written) - n < 2 or not fits(written[-n:], suffix):
                continue
            for cand, zipf in self.candidates(written[:-n], final=False):
                zipf -= PROCLITIC_COST
                scored.append((self._score(cand + suffix, zipf, document), cand + suffix, zipf))
        return scored

    def score_written(self, written: str, zipf: float, document: DocumentWords) -> float:
        """The score the word as written would get as a candidate (for margins).

        It gets no credit for being in the document: it is there by definition.
        """
        return self._score(written, zipf, document, credit=False)


def _context_bonuses(
    scored: list[tuple[float, str, float]],
    document: DocumentWords,
    feminine_context: bool,
    left: str,
    right: str,
    context: ContextModel | None,
) -> list[tuple[float, str, float]]:
    """The scores with what the neighbours say: gender, the document's own pairs, the context model."""
    if feminine_context:
        scored = [(s + FEMININE_BONUS if _verb_prefix(w) == "ت" else s, w, z) for s, w, z in scored]
    if document.pairs and (left or right) and len(scored) > 1:
        scored = [(s + _pair_bonus(w, left, right, document), w, z) for s, w, z in scored]
    if context is not None and (left or right) and len(scored) > 1:
        evidence = context.evidence([w for _, w, _ in scored], left, right)
        scored = [(s + e, w, z) for (s, w, z), e in zip(scored, evidence, strict=True)]
        joint = context.joint_evidence([w for _, w, _ in scored], [s for s, _, _ in scored], left, right)
        scored = [(s + e, w, z) for (s, w, z), e in zip(scored, joint, strict=True)]
    return scored


def _choice(scored: list[tuple[float, str, float]]) -> Choice:
    """The best of candidates sorted best first, with its margin, confidence and readings."""
    best_score, best, _ = scored[0]
    distinct: list[tuple[float, str]] = []
    folded_seen: set[str] = set()
    for s, w, _ in scored:
        if normalize(w) not in folded_seen:
            folded_seen.add(normalize(w))
            distinct.append((s, w))
    margin = best_score - distinct[1][0] if len(distinct) > 1 else math.inf
    total = sum(10.0 ** (s - best_score) for s, _ in distinct)
    readings = tuple((w, 10.0 ** (s - best_score) / total) for s, w in distinct[:MAX_READINGS])
    close = tuple(w for s, w, _ in scored[1:4] if best_score - s < 0.5)
    return Choice(best, best_score, close, margin, 1.0 / total, readings)


def _pair_bonus(cand: str, left: str, right: str, document: DocumentWords) -> float:
    """Bonus when the document spells ``cand`` in full beside the same left or right neighbour."""
    word = normalize(cand)
    if left and f"{normalize(left)} {word}" in document.pairs:
        return DOCUMENT_PAIR_BONUS
    if right and f"{word} {normalize(right)}" in document.pairs:
        return DOCUMENT_PAIR_BONUS
    return 0.0


def _verb_prefix(word: str) -> str:
    """The letter after an optional و/ف: the person prefix if the word is an imperfect verb."""
    rest = word[1:] if len(word) > 3 and word[0] in "وف" else word
    return rest[:1]


# How common the other reading must be for the first letter to count as ambiguous (Zipf scale).
RIVAL_ZIPF = 2.0


def has_first_letter_rival(word: str) -> bool:
    """The word with another first letter of its class (``يعمل`` → ``تعمل``) is a listed word:
    a context model must keep its first-letter counts."""
    x = first_letter(word)
    if not x:
        return False
    at = word.index(x)
    lexicon = Lexicon.get()
    return any(
        lexicon.zipf(word[:at] + other + word[at + 1 :]) >= RIVAL_ZIPF
        for other in FIRST_LETTERS
        if other != x
    )
