"""Context evidence for dotless readings: which neighbours each dotted word keeps.

Unigram frequency cannot choose between real words with one skeleton
(``يعمل``/``تعمل``/``نعمل``, ``عند``/``عبد``, ``غير``/``عبر``); the words beside
them can.  The model holds counts from running text, all keys normalised
(``marsad.text.normalize``):

* ``left``/``right``: how often a word form follows / precedes a neighbour
  (``الحكومة تعمل``), for word forms whose skeleton other listed words share;
* ``first_left``/``first_right``: how often a word that starts with one of the
  letters of the ``ب ت ث ن ي`` skeleton class (the imperfect prefixes
  ``ي ت ن``, after an optional ``و``/``ف``) follows / precedes a neighbour, and a
  neighbour's *shape* (its last letter, with ``ال`` when definite).  This
  generalises the agreement of ``ي``/``ت``/``ن`` to verbs never seen in training.

Evidence is the log-ratio of the probability of a candidate given a neighbour
to its prior probability (Dirichlet smoothing towards the prior), so a
neighbour never seen with any candidate adds the same to all of them and the
frequency prior decides.  Word and first-letter evidence from the left and the
right neighbour are added (naive Bayes).

A model counted on a large corpus may also hold ``joint``: how often a word
form stood between a given left *and* right word (``وزارة الداخلية تدل``
needs both sides: ``الداخلية`` alone says little about the verb's prefix).
When the candidates were seen between the two neighbours, those counts
re-weigh the readings (:meth:`ContextModel.joint_evidence`); otherwise the
separate evidence stands alone.

The model is trained by :func:`train_context` (``marsad train repair-context``)
on corpora whose licence allows sharing the counts, and stored gzip-compressed
JSON with its licence and attribution in the header.  A model trained on the
user's own articles is read with :func:`load_model_file`; its header says
what it was counted on.
"""

from __future__ import annotations

import gzip
import json
import math
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.text.normalize import normalize

MODEL_RESOURCE = "repair-context.model"
FORMAT = "marsad-repair-context/2"
# Letters of the dotless class that holds the imperfect prefixes ي ت ن.
FIRST_LETTERS = frozenset("بتثني")
# Pseudo-counts of the Dirichlet priors: how many observations of a word it
# takes before its own neighbour counts outweigh the prior.
SHAPE_PRIOR_COUNT = 4.0
WORD_PRIOR_COUNT = 2.0
# Weight of the evidence, in Zipf units per log10 of likelihood ratio (< 1:
# the left and right neighbours are not independent, and the counts are few).
EVIDENCE_WEIGHT = 1.0
SHAPE_WEIGHT = 0.3
WORD_WEIGHT = 0.3
# Joint (left, word, right) counts: how many observations of the pair of
# neighbours it takes before their own counts outweigh the reading's
# probability from the other evidence (frequency, document, separate neighbours).
JOINT_PRIOR_COUNT = 0.5
JOINT_WEIGHT = 1.0


def first_letter(word: str) -> str:
    """The letter after an optional و/ف when it is in the ب ت ث ن ي class, else ''."""
    rest = word[1:] if len(word) > 3 and word[0] in "وف" else word
    if len(rest) < 3 or rest[0] not in FIRST_LETTERS:
        return ""
    return rest[0]


def shape(word: str) -> str:
    """A neighbour's shape (as written): its proclitic/article and last letter (``ال~ة``, ``و~ت``)."""
    for head in _SHAPE_HEADS:
        if word.startswith(head) and len(word) > len(head) + 1:
            return f"{head}~{word[-1]}"
    return f"~{word[-1:]}"


_SHAPE_HEADS = ("وال", "بال", "فال", "لل", "ال")


@dataclass(slots=True)
class _Side:
    """Counts of one side (left or right neighbours) and their marginals."""

    pairs: dict[str, int]  # "neighbour word" -> count (neighbour normalised)
    shapes: dict[str, int]  # "shape word" -> count
    first: dict[str, dict[str, int]]  # neighbour word or shape -> first letter -> count
    word_total: Counter[str] = field(default_factory=Counter)  # word -> count
    shape_total: Counter[str] = field(default_factory=Counter)  # shape -> count
    neighbour_total: Counter[str] = field(default_factory=Counter)  # neighbour word -> count
    letter_total: Counter[str] = field(default_factory=Counter)  # first letter -> count
    total: int = 0

    def __post_init__(self) -> None:
        for key, n in self.shapes.items():
            s, _, word = key.partition(" ")
            self.word_total[word] += n
            self.shape_total[s] += n
            self.total += n
        for key, n in self.pairs.items():
            self.neighbour_total[key.partition(" ")[0]] += n
        for key, letters in self.first.items():
            if "~" in key:
                for x, n in letters.items():
                    self.letter_total[x] += n

    def evidence(self, word: str, neighbour: str, neighbour_shape: str) -> float:
        """log10 P(neighbour | word) / P(neighbour), by shape then by word form."""
        n_shape = self.shape_total.get(neighbour_shape, 0)
        if not n_shape:
            return 0.0
        p_shape = n_shape / self.total
        x = first_letter(word)
        # The prior of an unseen word: the shape distribution of words with its
        # first letter (imperfect verbs agree alike), or of all words.
        prior_shape = p_shape
        n_x = self.letter_total.get(x, 0) if x else 0
        if n_x:
            by_letter = self.first.get(neighbour_shape, {}).get(x, 0)
            prior_shape = (by_letter + SHAPE_PRIOR_COUNT * p_shape) / (n_x + SHAPE_PRIOR_COUNT)
        n_word = self.word_total.get(word, 0)
        n_word_shape = self.shapes.get(self._key(neighbour_shape, word), 0)
        p_shape_word = (n_word_shape + SHAPE_PRIOR_COUNT * prior_shape) / (n_word + SHAPE_PRIOR_COUNT)
        evidence = SHAPE_WEIGHT * math.log10(p_shape_word / p_shape)
        n_neighbour = self.neighbour_total.get(neighbour, 0)
        if n_neighbour:
            p_in_shape = min(1.0, n_neighbour / n_shape)
            prior_word = p_in_shape
            if n_x:
                by_letter = self.first.get(neighbour, {}).get(x, 0)
                in_shape_x = self.first.get(neighbour_shape, {}).get(x, 0)
                prior_word = (by_letter + WORD_PRIOR_COUNT * p_in_shape) / (in_shape_x + WORD_PRIOR_COUNT)
            n_pair = self.pairs.get(self._key(neighbour, word), 0)
            p_word = (n_pair + WORD_PRIOR_COUNT * prior_word) / (n_word_shape + WORD_PRIOR_COUNT)
            evidence += WORD_WEIGHT * math.log10(p_word / p_in_shape)
        return evidence

    def _key(self, neighbour: str, word: str) -> str:
        return f"{neighbour} {word}"


@dataclass(slots=True)
class ContextModel:
    left: _Side
    right: _Side
    header: dict[str, Any] = field(default_factory=dict)
    # "left word right" -> count (all normalised); None when not trained with joint counts.
    joint: dict[str, int] | None = None

    # -- scoring ------------------------------------------------------------
    def evidence(self, candidates: Sequence[str], left: str, right: str) -> list[float]:
        """Context evidence (Zipf units) for each candidate given its neighbours.

        ``left``/``right`` are the neighbouring words as written, '' when
        there is none (start of a sentence, punctuation between).  Naive Bayes:
        the log-ratios of the left and the right neighbour are added.
        """
        sides = [
            (side, normalize(word), shape(word))
            for side, word in ((self.left, left), (self.right, right))
            if word
        ]
        out: list[float] = []
        for cand in candidates:
            word = normalize(cand)
            out.append(EVIDENCE_WEIGHT * sum(side.evidence(word, n, s) for side, n, s in sides))
        return out

    def joint_evidence(
        self, candidates: Sequence[str], scores: Sequence[float], left: str, right: str
    ) -> list[float]:
        """Evidence (Zipf units) from the counts of each candidate between ``left`` and ``right``.

        ``scores`` are the candidates' scores from all other evidence.  Their
        share of probability is the Dirichlet prior of the candidates' distribution
        between these two neighbours, so a pair of neighbours seen once nudges the
        readings and one seen often decides; a pair never seen with any candidate
        adds nothing (the separate neighbours decide).
        """
        zero = [0.0] * len(candidates)
        if not self.joint or not left or not right:
            return zero
        before, after = normalize(left), normalize(right)
        counts = [self.joint.get(f"{before} {normalize(cand)} {after}", 0) for cand in candidates]
        seen = sum(counts)
        if not seen:
            return zero
        best = max(scores)
        weights = [10.0 ** (s - best) for s in scores]
        total = sum(weights)
        out: list[float] = []
        for n, weight in zip(counts, weights, strict=True):
            prior = weight / total
            posterior = (n + JOINT_PRIOR_COUNT * prior) / (seen + JOINT_PRIOR_COUNT)
            out.append(JOINT_WEIGHT * math.log10(posterior / prior))
        return out

    # -- storage ------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        data = {
            **self.header,
            "format": FORMAT,
            **{
                f"{name}_{table}": getattr(side, table)
                for name, side in (("left", self.left), ("right", self.right))
                for table in ("pairs", "shapes", "first")
            },
        }
        if self.joint is not None:
            data["joint"] = self.joint
        return data

    def save(self, path: Path) -> None:
        data = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        path.write_bytes(gzip.compress(data.encode("utf-8"), mtime=0))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ContextModel:
        if data.get("format") != FORMAT:
            raise ValueError(
                f"not a repair context model (format {data.get('format')!r}, expected {FORMAT!r})"
            )
        sides = [
            _Side(data[f"{name}_pairs"], data[f"{name}_shapes"], data[f"{name}_first"])
            for name in ("left", "right")
        ]
        joint = data.get("joint")
        if joint is not None and not isinstance(joint, dict):
            raise ValueError("table joint is not a mapping")
        header = {k: v for k, v in data.items() if not k.startswith(("left_", "right_")) and k != "joint"}
        return cls(sides[0], sides[1], header, joint)

    @classmethod
    def load(cls, path: Path | None = None) -> ContextModel:
        """The model at ``path``, or the one shipped with the package."""
        if path is None:
            raw = resources.files("marsad.data").joinpath(MODEL_RESOURCE).read_bytes()
        else:
            raw = path.read_bytes()
        data = json.loads(gzip.decompress(raw).decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"not a repair context model (a JSON {type(data).__name__})")
        return cls.from_json(data)


# -- training -------------------------------------------------------------------
def is_arabic_word(token: str) -> bool:
    return bool(token) and all("\u0621" <= ch <= "\u064a" for ch in token)


def train_context(
    sentences: Iterable[Sequence[str]],
    *,
    keep_word: Callable[[str], bool] = lambda _word: True,
    keep_first: Callable[[str], bool] = lambda _word: True,
    header: dict[str, Any] | None = None,
    joint: bool = False,
) -> ContextModel:
    """Count neighbours in tokenised sentences.

    Two tokens are neighbours when both are Arabic words and adjacent (a
    punctuation token between them breaks the pair, as it does at run time).
    ``keep_word``: which word forms (normalised) get counts (those with rivals
    of the same skeleton); ``keep_first``: which also count for their first
    letter (those that read as another listed word with another first letter
    of the class, i.e. mostly imperfect verbs); ``joint``: also count each kept
    word with its left and right neighbour together.
    """
    triples: Counter[str] = Counter()
    pairs: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    shapes: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    first: tuple[dict[str, Counter[str]], dict[str, Counter[str]]] = ({}, {})
    kept: dict[str, tuple[bool, str]] = {}
    for sentence in sentences:
        raw = [t if is_arabic_word(t) else "" for t in sentence]
        words = [normalize(t) for t in raw]
        for i, word in enumerate(words):
            if not word:
                continue
            keep = kept.get(word)
            if keep is None:
                x = first_letter(word)
                keep = kept[word] = (keep_word(word), x if x and keep_first(word) else "")
            if not keep[0]:
                continue
            for side, j in enumerate((i - 1, i + 1)):
                if not (0 <= j < len(words) and words[j]):
                    continue
                neighbour_shape = shape(raw[j])
                pairs[side][f"{words[j]} {word}"] += 1
                shapes[side][f"{neighbour_shape} {word}"] += 1
                if keep[1]:
                    for key in (words[j], neighbour_shape):
                        first[side].setdefault(key, Counter())[keep[1]] += 1
            if joint and 0 < i < len(words) - 1 and words[i - 1] and words[i + 1]:
                triples[f"{words[i - 1]} {word} {words[i + 1]}"] += 1
    sides = [
        _Side(dict(pairs[k]), dict(shapes[k]), {n: dict(c) for n, c in first[k].items()}) for k in (0, 1)
    ]
    return ContextModel(sides[0], sides[1], dict(header or {}), dict(triples) if joint else None)


class ContextModelError(MarsadError, ValueError):
    """A context model file that cannot be used; the message is one line naming the file."""


_loaded: list[ContextModel] = []
_load_lock = threading.Lock()
_by_file: dict[tuple[str, int, int], ContextModel] = {}


def load_model_file(path: str | Path) -> ContextModel:
    """The model stored at ``path``, read once per process (keyed by file, size and mtime).

    Raises :class:`ContextModelError` with a one-line reason when the file is
    missing, unreadable, not gzip-compressed JSON, or not a context model.
    """
    where = str(path)
    try:
        resolved = Path(path).resolve()
        info = resolved.stat()
    except OSError as exc:
        raise ContextModelError(f"repair context model {where}: {exc.strerror or 'cannot be read'}") from None
    if not resolved.is_file():
        raise ContextModelError(f"repair context model {where}: not a file")
    key = (str(resolved), info.st_size, info.st_mtime_ns)
    with _load_lock:
        cached = _by_file.get(key)
        if cached is not None:
            return cached
        try:
            model = ContextModel.load(resolved)
        except OSError as exc:
            if isinstance(exc, gzip.BadGzipFile):
                reason = "not gzip-compressed (not a model written by 'marsad train repair-context')"
            else:
                reason = exc.strerror or str(exc) or "cannot be read"
            raise ContextModelError(f"repair context model {where}: {reason}") from None
        except (EOFError, zlib.error):
            raise ContextModelError(f"repair context model {where}: truncated or damaged file") from None
        except UnicodeDecodeError:
            raise ContextModelError(f"repair context model {where}: not UTF-8 JSON inside") from None
        except json.JSONDecodeError as exc:
            raise ContextModelError(f"repair context model {where}: not JSON inside ({exc.msg})") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if isinstance(exc, KeyError):
                detail = f"table {detail} missing"
            raise ContextModelError(f"repair context model {where}: {detail}") from None
        _by_file[key] = model
        return model


def context_model() -> ContextModel:
    """The context model shipped with the package, read on first use."""
    if not _loaded:
        with _load_lock:
            if not _loaded:
                _loaded.append(ContextModel.load())
    return _loaded[0]
