"""Training, saving, loading and running the CRF name tagger.

A model file is a small container: a magic line, a JSON header (what the model
was trained on, the data's licence and attribution, the hyper-parameters, the
feature version, its own evaluation, and a lexicon of the word forms seen in
training names) and the zlib-compressed crfsuite model.  The header travels
with the weights, so a copy of the file always carries the attribution that
CC BY-SA asks for.  The packaged model is loaded once per process.

Two models are packaged: ``ner-crf.model`` (feature version 1) and
``ner-crf-classes.model`` (version 2: the same features plus the word classes of
:mod:`marsad.ner.word_classes`).  :func:`default_model` is the classes model
when the user has built the class file (``marsad ner build-classes``; never built
implicitly), the first one otherwise.
"""

from __future__ import annotations

import json
import logging
import re
import struct
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.errors import MarsadError
from marsad.ner.conll import Sentence
from marsad.ner.dictionary import DictionaryMatcher, Hit, default_matcher, known_name_words, name_word_list
from marsad.ner.features import (
    CLASS_FEATURE_VERSION,
    FEATURE_VERSION,
    NAMES_OFFSET,
    AttributeColumns,
    sentence_features,
    split_proclitic,
)
from marsad.ner.linear_crf import LinearChainCrf
from marsad.ner.word_classes import CLASS_FILE, cached_classes
from marsad.resources import data_file
from marsad.resources.cache import cached, data_sources
from marsad.text.normalize import normalize

_log = logging.getLogger(__name__)
MAGIC = b"MARSAD-NER-CRF\n"
DEFAULT_MODEL = "ner-crf.model"
# The name-word list a model trained with ``names`` reads (tools/build_ner_names.py).
NAME_LIST_FILE = "ner-name-words.tsv"
CLASSES_MODEL = "ner-crf-classes.model"
# Particles that may precede a name without the article, longest first.
_PARTICLES = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
# Word forms seen inside training names at least this often go into the header lexicon.
NAME_WORD_MIN_COUNT = 2
# crfsuite takes UTF-8 strings: a lone surrogate (text that did not come through a reader,
# e.g. an API request) fails the whole call, so tokens carry U+FFFD in its place.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(words: Sequence[str]) -> Sequence[str]:
    if _LONE_SURROGATE.search("".join(words)) is None:
        return words
    return [_LONE_SURROGATE.sub("\ufffd", word) for word in words]


class ModelError(MarsadError, ValueError):
    """A file that is not a usable Marsad NER model."""


@dataclass(frozen=True, slots=True)
class TrainingParams:
    c1: float = 0.1
    c2: float = 0.01
    max_iterations: int = 150
    min_feature_freq: int = 1


class NerModel:
    """A loaded tagger plus its header."""

    def __init__(
        self,
        header: dict[str, Any],
        crfsuite_model: bytes,
        classes: Mapping[str, str] | None = None,
        names: Mapping[str, str] | None = None,
        load_names: Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        self.header = header
        # The word classes of a model trained with class features (feature version 2), else None.
        self.classes = classes
        # The name-word list of a model trained with name features, else None; a packaged model's is
        # parsed on first use (``load_names``): the cached scorer needs only the file's bytes, and
        # parsing its 14k rows was ≈ 0.03 s of every start-up.
        self._names = names
        self._load_names = load_names
        self._blob = crfsuite_model  # crfsuite reads the buffer in place: keep it alive
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(self._blob)
        self.name_words: dict[str, int] = dict(header.get("name_words", {}))
        self._linear: tuple[LinearChainCrf, AttributeColumns] | None = None

    @property
    def uses_names(self) -> bool:
        """Whether the model was trained with the name-word list's features."""
        return self._names is not None or self._load_names is not None

    @property
    def names(self) -> Mapping[str, str] | None:
        """The name-word list the model reads (None for a model trained without it)."""
        if self._names is None and self._load_names is not None:
            self._names = self._load_names()
        return self._names

    def _scorer(self) -> tuple[LinearChainCrf, AttributeColumns]:
        """The model's weights in numpy and the attribute encoder over them, made on first use."""
        if self._linear is None:
            if self.classes is None:
                # Cached on disk (read back in a third of the build's ≈ 0.03 s of every start-up), by
                # the model's bytes and the packaged name-word list it reads; a model with word classes
                # is built (its classes come from a user file).
                names_source = data_sources(NAME_LIST_FILE) if self.uses_names else []
                self._linear = cached("ner-crf-scorer", [self._blob, *names_source], self._build_scorer, tuple)
            else:
                self._linear = self._build_scorer()
        return self._linear

    def _build_scorer(self) -> tuple[LinearChainCrf, AttributeColumns]:
        crf = LinearChainCrf.from_crfsuite(self._blob)
        return crf, AttributeColumns(crf.attribute_ids, crf.null, self.classes, self.names)

    @property
    def labels(self) -> list[str]:
        return list(self._tagger.labels())

    def tag(
        self,
        words: Sequence[str],
        matcher: DictionaryMatcher | None = None,
        hits: Sequence[Hit] | None = None,
    ) -> list[str]:
        """IOB tags for one sentence of NORMALISED tokens."""
        if not words:
            return []
        if hits is None:
            hits = (matcher or default_matcher()).hits(words)
        encoded = _encodable(words)
        if "\x00" in "".join(encoded):
            return self.tag_many_crfsuite([encoded], [hits])
        crf, encoder = self._scorer()
        return crf.tag(encoder.columns([encoded], [hits]))

    def tag_many(
        self, sentences: Sequence[Sequence[str]], hits: Sequence[Sequence[Hit]] | None = None
    ) -> list[list[str]]:
        """Tags for several sentences of normalised tokens, in one crfsuite call.

        crfsuite's per-call overhead dwarfs the work for a short sentence, so an
        article's sentences are tagged as one sequence; features are still
        computed per sentence, and a name never runs across a sentence boundary.
        """
        # The whole article's words are read once for what only a rare text holds (a lone surrogate,
        # a NUL), not once per sentence and per check.
        joined = "".join(chain.from_iterable(sentences))
        if _LONE_SURROGATE.search(joined) is None and "\x00" not in joined:
            if not any(sentences):
                return [[] for _ in sentences]
            crf, encoder = self._scorer()
            return split_tags(crf.tag(encoder.columns(sentences, hits)), sentences)
        encoded = [_encodable(words) for words in sentences]
        if not any(encoded):
            return [[] for _ in sentences]
        if any("\x00" in "".join(words) for words in encoded):
            # crfsuite reads attribute names as C strings, cut at a NUL: leave that case to it.
            flat = self.tag_many_crfsuite(encoded, hits)
        else:
            crf, encoder = self._scorer()
            flat = crf.tag(encoder.columns(encoded, hits))
        return split_tags(flat, sentences)

    def tag_many_crfsuite(
        self, sentences: Sequence[Sequence[str]], hits: Sequence[Sequence[Hit]] | None = None
    ) -> list[str]:
        """crfsuite's own tags for the sentences as one sequence, from feature strings (the
        reference the numpy scorer is tested against)."""
        features: list[list[str]] = []
        for index, words in enumerate(sentences):
            found = hits[index] if hits is not None else None
            features.extend(sentence_features(_encodable(words), None, found, self.classes, self.names))
        return list(self._tagger.tag(features)) if features else []

    def tag_raw(self, tokens: Sequence[str], matcher: DictionaryMatcher | None = None) -> list[str]:
        """IOB tags for one sentence of tokens as written (normalised here)."""
        return self.tag([normalize(t) or t for t in tokens], matcher)

    def strip_proclitic(self, word: str) -> int:
        """How many leading characters of a name's first (normalised) word are a proclitic.

        Gold names keep their clitics (``وإسرائيل``), so the training lexicon says
        which reading is the name: a particle before the article always goes
        (``والصين`` → ``الصين``, ``للأمم`` → ``لأمم``); otherwise the longest
        particle whose remainder is a more frequent name word, a dictionary
        name's first word or a place cue (``بريف``) goes.  An unknown word keeps
        ``ب``/``ل``/``ف``/``ك`` (many names start with them) and loses a lone
        ``و`` (names starting with ``و`` are in the lexicon).

        Round 29: a whole word the name-word list knows as a person's name (``وائل``, ``وليام``,
        ``بالين``, ``والتر``) keeps its first letter unless the remainder is a name the model's
        lexicon counts more often (``بلير`` stays, ``ومنصور`` loses its ``و``).
        """
        prefix = split_proclitic(word)[0]
        here = self.name_words.get(word, 0)
        if self._listed_person(word) and not any(
            word.startswith(particle) and self.name_words.get(word[len(particle) :], 0) > here
            for particle in _PARTICLES
        ):
            return 0
        if prefix.endswith("ال"):
            return len(prefix) - 2
        if prefix.endswith("لل"):
            return len(prefix) - 1
        known = known_name_words()
        for particle in _PARTICLES:
            rest = word[len(particle) :]
            if not word.startswith(particle) or len(rest) < 2:
                continue
            bare = self.name_words.get(rest, 0)
            if bare > here or (not here and rest in known):
                return len(particle)
        if here or word in known:
            return 0
        return 1 if word.startswith("و") and len(word) >= 4 else 0

    def _listed_person(self, word: str) -> bool:
        """Whether the name-word list knows ``word`` as written as a person's name word."""
        return person_name_word(name_word_list().get(word))


def person_name_word(value: str | None) -> bool:
    """Whether a name-word list value (``labels|people``) is a person's: Wikidata people bear it,
    or it stands in the actor dictionary's names and never in an organisation's (``وزارة`` does)."""
    if not value:
        return False
    labels, _, people = value.partition("|")
    return bool(people) or (bool(labels) and "O" not in labels)


def _name_words(sentences: Sequence[Sentence]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for token, tag in sentence:
            if tag != "O":
                counts[normalize(token)] += 1
    return {w: c for w, c in sorted(counts.items()) if c >= NAME_WORD_MIN_COUNT}


def train(
    sentences: Sequence[Sentence],
    *,
    params: TrainingParams | None = None,
    provenance: dict[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
    classes: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> NerModel:
    """Train a tagger on ``(token, tag)`` sentences (tokens as written, tags IOB); with
    ``classes`` (word -> class path) the tokens' word classes are features too, with ``names``
    (word -> labels) the name-word list's labels."""
    params = params or TrainingParams()
    trainer = pycrfsuite.Trainer(verbose=False)
    matcher = None
    for sentence in sentences:
        if not sentence:
            continue
        words = [normalize(token) or token for token, _tag in sentence]
        trainer.append(sentence_features(words, matcher, None, classes, names), [tag for _token, tag in sentence])
    if progress:
        progress(f"features ready for {len(sentences)} sentences; training")
    trainer.set_params(
        {
            "c1": params.c1,
            "c2": params.c2,
            "max_iterations": params.max_iterations,
            "feature.minfreq": params.min_feature_freq,
            "feature.possible_transitions": True,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.crfsuite"
        trainer.train(str(path))
        blob = path.read_bytes()
    header: dict[str, Any] = {
        "format": 1,
        "feature_version": (FEATURE_VERSION if classes is None else CLASS_FEATURE_VERSION)
        + (0 if names is None else NAMES_OFFSET),
        **({} if classes is None else {"word_classes": {"file": CLASS_FILE, "words": len(classes)}}),
        **({} if names is None else {"name_list": {"file": NAME_LIST_FILE, "words": len(names)}}),
        "params": {
            "c1": params.c1,
            "c2": params.c2,
            "max_iterations": params.max_iterations,
            "min_feature_freq": params.min_feature_freq,
        },
        "sentences": len(sentences),
        "tokens": sum(len(s) for s in sentences),
        **(provenance or {}),
        "name_words": _name_words(sentences),
    }
    return NerModel(header, blob, classes, names)


def dump(model: NerModel) -> bytes:
    header = json.dumps(model.header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return MAGIC + struct.pack(">I", len(header)) + header + zlib.compress(model._blob, 9)


def save(model: NerModel, path: Path) -> None:
    path.write_bytes(dump(model))


def loads(data: bytes, source: str = "model", classes: Mapping[str, str] | None = None) -> NerModel:
    """A model from its file's bytes.  A model trained with word classes gets ``classes``, else the
    user's class file (:func:`marsad.ner.word_classes.cached_classes`); without either it is refused."""
    if not data.startswith(MAGIC):
        raise ModelError(f"{source}: not a Marsad NER model (bad magic)")
    try:
        offset = len(MAGIC)
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        header = json.loads(data[offset + 4 : offset + 4 + length].decode("utf-8"))
        blob = zlib.decompress(data[offset + 4 + length :])
    except (struct.error, ValueError, zlib.error) as exc:
        raise ModelError(f"{source}: damaged model file ({exc})") from None
    version = header.get("feature_version")
    known = [v + offset for offset in (0, NAMES_OFFSET) for v in (FEATURE_VERSION, CLASS_FEATURE_VERSION)]
    if version not in known:
        raise ModelError(
            f"{source}: trained with feature version {version}, "
            f"this Marsad reads {', '.join(map(str, known))}; retrain with 'marsad train ner'"
        )
    # A model trained with the name-word list reads the packaged list (version + NAMES_OFFSET).
    load_names = name_word_list if version >= FEATURE_VERSION + NAMES_OFFSET else None
    if version in (FEATURE_VERSION, FEATURE_VERSION + NAMES_OFFSET):
        return NerModel(header, blob, None, load_names=load_names)
    classes = classes if classes is not None else cached_classes()
    if classes is None:
        raise ModelError(f"{source}: trained with word classes; build them first with 'marsad ner build-classes'")
    # Class paths are only comparable within one build: a class file built with another --min-count
    # has other paths (another SVD), and the model would read them as noise.  The number of words is
    # fixed by the counts and the minimum count alone (no floating point), so it is the check.
    expected = header.get("word_classes", {}).get("words")
    if isinstance(expected, int) and expected != len(classes):
        raise ModelError(
            f"{source}: trained with the classes of {expected} words, the class file has {len(classes)}; "
            "rebuild it with 'marsad ner build-classes --force' (default --min-count)"
        )
    return NerModel(header, blob, classes, load_names=load_names)


def load(path: Path, classes: Mapping[str, str] | None = None) -> NerModel:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{path}: cannot read ({exc.strerror})") from None
    return loads(data, str(path), classes)


@lru_cache(maxsize=2)
def packaged_model(with_classes: bool = False) -> NerModel | None:
    """A packaged model, loaded once: the one trained with word classes or the one without.

    None when the package ships it not, or (``with_classes``) when the user's class file
    was never built.
    """
    if with_classes and cached_classes() is None:
        return None
    name = CLASSES_MODEL if with_classes else DEFAULT_MODEL
    resource = data_file(name)
    if not resource.is_file():
        return None
    if not with_classes:
        return loads(resource.read_bytes(), name)
    try:
        return loads(resource.read_bytes(), name)
    except ModelError as exc:
        # A class file that does not fit the model must not stop every analysis: say so once and
        # let the default model tag.
        _log.warning("%s; the name tagger runs without word classes", exc)
        return None


def default_model() -> NerModel | None:
    """The tagger the entities stage uses: the word-class model when the user's class file exists
    (``marsad ner build-classes``), else the default model; None when the package ships neither."""
    return packaged_model(True) or packaged_model(False)


def split_tags(flat: Sequence[str], sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """The tags of several sentences tagged as one sequence, cut back into sentences; a sentence
    that starts inside a name (``I-``) starts it (``B-``)."""
    out: list[list[str]] = []
    pos = 0
    for words in sentences:
        tags = list(flat[pos : pos + len(words)])
        pos += len(words)
        if tags and tags[0].startswith("I-"):
            tags[0] = "B-" + tags[0][2:]
        out.append(tags)
    return out
