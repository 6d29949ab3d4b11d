"""CRF features of one sentence of normalised tokens.

Besides the word itself, its affixes and neighbours, the features carry what
the dictionaries know: whether the token is inside a country/actor name
(``gaz=B-GPE``, with the actor's kind), inside a title or role (``الرئيس``,
``وزير الخارجية``), or right after one — a role is the best clue that a
person's name follows.  Clitics are split off heuristically (``وبريطانيا`` →
``و`` + ``بريطانيا``) so that a name seen with one prefix helps with another.
When the caller gives word classes (opt-in: :mod:`marsad.ner.word_classes`, a
path of binary splits per word learned from word-pair counts of about 33 M
tokens), a word's class is a feature too, at several depths, so that a name
never seen in training still looks like the names of its class; a model trained
so has :data:`CLASS_FEATURE_VERSION`.  Changing the features changes what a
trained model means: bump the versions so that an old model is refused, not misread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from sys import intern

import numpy as np
from numpy.typing import NDArray

from marsad.ner.actors import Actor
from marsad.ner.dictionary import DictionaryMatcher, Hit, default_matcher, entity_hits, place_cues, role_hits

# The features without word classes, and the same plus the class features (the last columns);
# with the name-word list's features (after those): the same plus two.
FEATURE_VERSION = 1
CLASS_FEATURE_VERSION = 2
NAMES_OFFSET = 2
# Prefix lengths of a word's class path given as features (coarse to fine), besides the whole path.
CLASS_PREFIXES = (4, 8, 12)

# Proclitic sequences stripped for the "stem" feature, longest first; the stem keeps ≥ 2 letters.
# Two-particle sequences without the article (وب, ول) are left out: "وبريطانيا" is و + بريطانيا.
_STEM_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "ولل", "فلل", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_PUNCT_CLASS = {",": ",", "،": ",", ".": ".", "؛": ";", ";": ";", ":": ":", "(": "(", ")": ")", '"': "q"}


# The same prefixes by length, longest first: at most one prefix of a given length can match,
# so one slice and set lookup per length replaces a startswith per prefix.
_STEM_PREFIXES_BY_LENGTH = tuple(
    (size, frozenset(p for p in _STEM_PREFIXES if len(p) == size))
    for size in sorted({len(p) for p in _STEM_PREFIXES}, reverse=True)
)


def _split_proclitic(word: str) -> tuple[str, str]:
    for size, prefixes in _STEM_PREFIXES_BY_LENGTH:
        if len(word) - size >= 2 and word[:size] in prefixes:
            return word[:size], word[size:]
    return "", word


@lru_cache(maxsize=1 << 14)
def split_proclitic(word: str) -> tuple[str, str]:
    """(prefix, stem) with the longest proclitic sequence removed, or ("", word)."""
    return _split_proclitic(word)


def _shape(word: str) -> str:
    if not word:
        return "empty"
    first = word[0]
    if first.isdigit():
        return "digit"
    if not first.isalpha():
        return "punct"
    if first.isascii():
        return "latin"
    return "ar"


def dictionary_marks(
    words: Sequence[str], hits: Sequence[Hit]
) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """The tokens the dictionaries mark, by index: the entity tag (``B-GPE``), the actor kind and the
    role tag (:func:`dictionary_tags` without the empty strings of the other tokens, so that a caller
    walks the few marked tokens, not the sentence)."""
    gaz: dict[int, str] = {}
    kind: dict[int, str] = {}
    role: dict[int, str] = {}
    for hit in entity_hits(hits):
        actor = hit.value
        assert isinstance(actor, Actor)
        for i in range(hit.first, hit.last + 1):
            gaz[i] = ("B-" if i == hit.first else "I-") + actor.type
            kind[i] = actor.kind
    for hit in role_hits(hits):
        for i in range(hit.first, hit.last + 1):
            role[i] = "B" if i == hit.first else "I"
        if hit.last + 1 < len(words):
            # A role ending here: the next token is where a name would start.
            role[hit.last + 1] = role.get(hit.last + 1) or "after"
    return gaz, kind, role


def dictionary_tags(words: Sequence[str], hits: Sequence[Hit]) -> tuple[list[str], list[str], list[str]]:
    """Per token: the dictionary entity tag (``B-GPE``), the actor kind, and the role tag."""
    marks = dictionary_marks(words, hits)
    gaz, kind, role = ([""] * len(words) for _ in marks)
    for column, marked in zip((gaz, kind, role), marks, strict=True):
        for i, value in marked.items():
            column[i] = value
    return gaz, kind, role


def name_labels(word: str, stem: str, names: Mapping[str, str], prefix: str | None = None) -> tuple[str, str]:
    """The name-word list's labels of ``word``: where it stands in the actor dictionary's names
    (``F``, ``L``, ``FL``…) and whether people bear it as a given name or surname (``g``, ``n``,
    ``gn``); ``("", "")`` for a word not listed.  The word is looked up as written, then without
    its proclitic, then without the particle before its article (``والاسد`` → ``الاسد``).  ``prefix`` is the
    word's proclitic when the caller has it (:func:`split_proclitic`)."""
    value = names.get(word) or names.get(stem)
    if value is None:
        prefix = split_proclitic(word)[0] if prefix is None else prefix
        value = names.get("ال" + stem) if prefix != "ال" and prefix.endswith(("ال", "لل")) else None
        if value is None:
            return "", ""
    own, _, people = value.partition("|")
    return own, people


# The name-list features of a token, in order: its own labels, the previous and the next token's.
_NAME_KEYS = (("nl=", "pn="), ("-1nl=", "-1pn="), ("+1nl=", "+1pn="))


def class_features(stem: str, classes: Mapping[str, str]) -> tuple[str, ...]:
    """The class features of a word whose proclitic-free form is ``stem``."""
    path = classes.get(stem)
    if path is None:
        return ("c=none",)
    return (*(f"c{k}={path[:k]}" for k in CLASS_PREFIXES), "c=" + path)


def _word_features(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, bool]:
    """Features that depend on one word only (:class:`AttributeColumns` asks once per distinct word and
    keeps their ids, not these strings: about 2 KB a word).

    Returns the word's own features, the features it gives to the next token
    (``-1…``) and to the previous one (``+1…``), its stem, and whether it is a place cue.
    """
    prefix, stem = split_proclitic(word)
    shape = _shape(word)
    own = [
        "b",
        "w=" + word,
        "stem=" + stem,
        "pre=" + prefix,
        "p2=" + stem[:2],
        "p3=" + stem[:3],
        "s1=" + word[-1:],
        "s2=" + word[-2:],
        "s3=" + word[-3:],
        "len=" + str(min(len(stem), 8)),
        "shape=" + shape,
    ]
    if shape == "punct":
        own.append("punct=" + _PUNCT_CLASS.get(word, "other"))
    before = ("-1w=" + word, "-1stem=" + stem, "-1s2=" + word[-2:], "-1shape=" + shape)
    after = ("+1w=" + word, "+1stem=" + stem, "+1s2=" + word[-2:], "+1shape=" + shape)
    cues = place_cues()
    return tuple(own), before, after, stem, word in cues or stem in cues


# Feature strings built once per distinct word for sentence_features (training and the crfsuite
# reference path; the pipeline's AttributeColumns does not read this memo).
_cached_word_features = lru_cache(maxsize=1 << 14)(_word_features)


def sentence_features(
    words: Sequence[str],
    matcher: DictionaryMatcher | None = None,
    hits: Sequence[Hit] | None = None,
    classes: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> list[list[str]]:
    """Feature lists (crfsuite string features) for each normalised token of one sentence.

    ``hits`` are the sentence's dictionary hits when the caller already has them; with
    ``classes`` (word -> class path) each token also gets its class features; with ``names``
    (word -> labels of the name-word list) its own and its neighbours' labels.
    """
    if hits is None:
        hits = (matcher or default_matcher()).hits(words)
    gaz, kind, role = dictionary_tags(words, hits)
    n = len(words)
    per_word = [_cached_word_features(w) for w in words]
    labels = [name_labels(w, p[3], names) for w, p in zip(words, per_word, strict=True)] if names is not None else []
    out: list[list[str]] = []
    for i in range(n):
        own, _before, _after, stem, cue = per_word[i]
        f = list(own)
        if gaz[i]:
            f.append("gaz=" + gaz[i])
            f.append("gazk=" + kind[i])
        if role[i]:
            f.append("role=" + role[i])
        if cue:
            f.append("cue")
        if i == 0:
            f.append("BOS")
        else:
            previous = per_word[i - 1]
            f.extend(previous[1])
            f.append("-1gaz=" + gaz[i - 1])
            f.append("-1role=" + role[i - 1])
            f.append("-1w|stem=" + words[i - 1] + "|" + stem)
            if previous[4]:
                f.append("-1cue")
            if i > 1:
                f.append("-2w=" + words[i - 2])
                f.append("-2role=" + role[i - 2])
        if i == n - 1:
            f.append("EOS")
        else:
            f.extend(per_word[i + 1][2])
            f.append("+1gaz=" + gaz[i + 1])
            f.append("stem|+1w=" + stem + "|" + words[i + 1])
            if i < n - 2:
                f.append("+2w=" + words[i + 2])
        if classes is not None:
            f.extend(class_features(stem, classes))  # AttributeColumns keeps them after the base columns
        if names is not None:  # last: AttributeColumns keeps them in its last columns
            for keys, at in zip(_NAME_KEYS, (i, i - 1, i + 1), strict=True):
                if 0 <= at < n:
                    f.extend(key + label for key, label in zip(keys, labels[at], strict=True) if label)
        out.append(f)
    return out


# Columns of the attribute-id matrix built by AttributeColumns, in the order sentence_features
# lists the same features (crfsuite adds a token's weights in that order; a column without a
# feature for the token holds the null id, an exact 0.0).
_OWN = 12  # "b" … "shape=", and "punct=" for punctuation
_BEFORE, _AFTER = slice(12, 16), slice(16, 20)  # in the word table: features given to the next / previous token
_CUE, _PREV_CUE, _MINUS2, _PLUS2 = 20, 21, 22, 23
# Two columns of flags in the word table. _PAIR_WORD: bit 1, the word may be the left word of a
# "-1w|stem=" pair; bit 2, the right word of a "stem|+1w=" pair. _PAIR_STEM: bit 1, its stem may be the
# left stem of a "stem|+1w=" pair; bit 2, the right stem of a "-1w|stem=" pair. A pair is looked up only
# where both of its sides may be in one (a superset of the model's pairs: the others are never looked
# up), which leaves a third of the lookups that one side alone allowed.
_PAIR_WORD, _PAIR_STEM = 24, 25
_LEFT, _RIGHT = 1, 2
_TABLE_WIDTH = 26
_PAIR_PREV, _PAIR_NEXT = "-1w|stem=", "stem|+1w="
WIDTH = 35
# With word classes, the word table and the matrix have the class features last ("c=none" in the first).
_CLASS_COLUMNS = 1 + len(CLASS_PREFIXES)
# With the name-word list, six more columns last: the word's two labels, the previous and the next word's.
_NAME_COLUMNS = 6
# A word table this large is dropped and rebuilt, so a long-running process stays bounded.
MAX_CACHED_WORDS = 1 << 17


def _pair_table(attribute_ids: dict[str, int], prefix: str) -> dict[str, dict[str, int]]:
    """The model's ``prefix + left + "|" + right`` attributes as ``{left: {right: id}}``.

    A word may itself hold ``|``, so every split point is kept: ``(left, right)`` is found exactly
    when ``prefix + left + "|" + right`` is an attribute, without building that string per token.
    """
    table: dict[str, dict[str, int]] = {}
    for name, ident in attribute_ids.items():
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            bar = rest.find("|")
            while bar >= 0:
                table.setdefault(rest[:bar], {})[rest[bar + 1 :]] = ident
                bar = rest.find("|", bar + 1)
    return table


def _pair_ids_by_key(table: dict[str, dict[str, int]]) -> dict[tuple[str, str], int]:
    return {(left, right): ident for left, rights in table.items() for right, ident in rights.items()}


def _ids_by_part(attribute_ids: Mapping[str, int], null: int, prefixes: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """The ids of ``prefix + part`` for every prefix, keyed by ``part``: ``{part: (id per prefix, null where the
    model has none)}`` for every part one of them names.  One lookup by the part (a word, a stem, an ending)
    then answers the attributes of all the prefixes, and a part the model never saw (most of a new
    article's new words) is one miss, without building the feature strings."""
    found: dict[str, list[int]] = {}
    for name, ident in attribute_ids.items():
        for k, prefix in enumerate(prefixes):
            if name.startswith(prefix):
                found.setdefault(name[len(prefix) :], [null] * len(prefixes))[k] = ident
    return {part: tuple(ids) for part, ids in found.items()}


# The attributes of a word's table row looked up by the part of the word they name, all the prefixes of a
# part at once: the word itself (its own, the next and previous tokens', and two away), its stem, its last
# two letters and its shape (its own, the next and the previous token's).
_WORD_PREFIXES = ("w=", "-1w=", "+1w=", "-2w=", "+2w=")
_STEM_PREFIXES_OF_ROW = ("stem=", "-1stem=", "+1stem=")
_S2_PREFIXES = ("s2=", "-1s2=", "+1s2=")
_SHAPE_PREFIXES = ("shape=", "-1shape=", "+1shape=")
_SINGLE_PREFIXES = ("pre=", "p2=", "p3=", "s1=", "s3=", "punct=")


@dataclass(frozen=True, slots=True)
class _PartIds:
    """A model's attribute ids by the part of a word they name (see :func:`_ids_by_part`)."""

    word: dict[str, tuple[int, ...]]
    stem: dict[str, tuple[int, ...]]
    s2: dict[str, tuple[int, ...]]
    shape: dict[str, tuple[int, ...]]
    single: tuple[dict[str, int], ...]  # in _SINGLE_PREFIXES order
    length: tuple[int, ...]  # "len=0" … "len=8"
    none3: tuple[int, ...]
    none5: tuple[int, ...]

    @classmethod
    def of(cls, attribute_ids: Mapping[str, int], null: int) -> _PartIds:
        single = tuple(
            {part: ids[0] for part, ids in _ids_by_part(attribute_ids, null, (prefix,)).items()}
            for prefix in _SINGLE_PREFIXES
        )
        return cls(
            _ids_by_part(attribute_ids, null, _WORD_PREFIXES),
            _ids_by_part(attribute_ids, null, _STEM_PREFIXES_OF_ROW),
            _ids_by_part(attribute_ids, null, _S2_PREFIXES),
            _ids_by_part(attribute_ids, null, _SHAPE_PREFIXES),
            single,
            tuple(attribute_ids.get(f"len={k}", null) for k in range(9)),
            (null,) * 3,
            (null,) * 5,
        )


class AttributeColumns:
    """The CRF attributes of whole documents as ids of one model, without feature strings.

    The attributes are exactly those of :func:`sentence_features` (tests compare
    the two); what depends on one word only is looked up once per distinct word
    and kept in a table, and the neighbour features are that table shifted.
    """

    def __init__(
        self,
        attribute_ids: dict[str, int],
        null: int,
        classes: Mapping[str, str] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        self._ids = attribute_ids
        self._null = null
        self._classes = classes
        self._names = names
        extra = (_CLASS_COLUMNS if classes is not None else 0) + (_NAME_COLUMNS if names is not None else 0)
        self._table_width, self.width = _TABLE_WIDTH + extra, WIDTH + extra
        get = attribute_ids.get
        self._b = get("b", null)
        self._pending: list[list[int]] = []  # the rows of the words met in this call, not yet in the table
        self._label_ids: dict[tuple[str, str], tuple[int, ...]] = {}  # name-list labels → their six columns' ids
        self._bos, self._eos = get("BOS", null), get("EOS", null)
        self._cue, self._prev_cue = get("cue", null), get("-1cue", null)
        self._slots: dict[str, int] = {}
        self._stems: list[str] = []
        # The word table's ids in two bytes when the model's attributes allow (its null id the largest): a
        # long run's table holds up to MAX_CACHED_WORDS rows, 8 MiB so instead of 16.
        self._dtype = np.dtype(np.uint16 if null <= np.iinfo(np.uint16).max else np.int32)
        self._table = np.full((1024, self._table_width), null, dtype=self._dtype)
        # The word-pair attributes by their left part: only words and stems that start one are looked up.
        self._pair_words = _pair_table(attribute_ids, _PAIR_PREV)
        self._pair_stems = _pair_table(attribute_ids, _PAIR_NEXT)
        # The same pairs keyed by (left, right), so that a whole article's are looked up by one ``map``.
        self._pair_word_ids = _pair_ids_by_key(self._pair_words)
        self._pair_stem_ids = _pair_ids_by_key(self._pair_stems)
        # The right parts of the same pairs: the stems after a "-1w|stem=" word, the words after a
        # "stem|+1w=" stem.
        self._pair_word_rights = frozenset(right for rights in self._pair_words.values() for right in rights)
        self._pair_stem_rights = frozenset(right for rights in self._pair_stems.values() for right in rights)
        self._part_ids = _PartIds.of(attribute_ids, null)

    def _slot(self, word: str) -> int:
        slot = self._slots.get(word)
        if slot is not None:
            return slot
        slot = len(self._slots)
        self._pending.append(self._row(word))
        self._slots[intern(word)] = slot  # (the key the per-word memos share: marsad.text.memo)
        return slot

    def _row(self, word: str) -> list[int]:
        """The word's table row: the ids of :func:`_word_features`'s strings (and the rest of the row), found
        by the parts of the word they name, without building the strings."""
        # (not through split_proclitic's LRU: a new word's split is made once, and a miss that evicts costs
        # twice the split)
        prefix, stem = _split_proclitic(word)
        shape = _shape(word)
        parts, null = self._part_ids, self._null
        pre, p2, p3, s1, s3, punct = parts.single
        by_word = parts.word.get(word, parts.none5)
        by_stem = parts.stem.get(stem, parts.none3)
        ending = word[-2:]
        by_s2 = parts.s2.get(ending, parts.none3)
        by_shape = parts.shape.get(shape, parts.none3)
        row = [
            self._b, by_word[0], by_stem[0], pre.get(prefix, null), p2.get(stem[:2], null),
            p3.get(stem[:3], null), s1.get(word[-1:], null), by_s2[0], s3.get(word[-3:], null),
            parts.length[min(len(stem), 8)], by_shape[0],
            punct.get(_PUNCT_CLASS.get(word, "other"), null) if shape == "punct" else null,
            by_word[1], by_stem[1], by_s2[1], by_shape[1],  # given to the next token
            by_word[2], by_stem[2], by_s2[2], by_shape[2],  # given to the previous token
        ]
        cues = place_cues()
        row.extend((self._cue, self._prev_cue) if word in cues or stem in cues else (null, null))
        row.extend((by_word[3], by_word[4]))
        row.extend((
            (_LEFT if word in self._pair_words else 0) | (_RIGHT if word in self._pair_stem_rights else 0),
            (_LEFT if stem in self._pair_stems else 0) | (_RIGHT if stem in self._pair_word_rights else 0),
        ))
        get = self._ids.get
        if self._classes is not None:
            features = class_features(stem, self._classes)
            row.extend([get(name, null) for name in features])
            row.extend([null] * (_CLASS_COLUMNS - len(features)))
        if self._names is not None:
            labels = name_labels(word, stem, self._names, prefix)
            label_ids = self._label_ids.get(labels)
            if label_ids is None:  # (a few dozen pairs of labels in all: each one's ids looked up once)
                label_ids = self._label_ids[labels] = tuple(
                    get(key + label, null) if label else null for keys in _NAME_KEYS
                    for key, label in zip(keys, labels, strict=True)
                )
            row.extend(label_ids)
        # Interned: the stem is often itself a word form the memos hold, or another word's stem (a long
        # run's table keeps up to MAX_CACHED_WORDS of them, ~85 bytes each when a copy of its own).
        self._stems.append(intern(stem))
        return row

    def _store_pending(self) -> None:
        """The rows of the words met for the first time, into the table in one assignment (growing it)."""
        pending = self._pending
        if not pending:
            return
        first, stop = len(self._slots) - len(pending), len(self._slots)
        if stop > len(self._table):
            size = len(self._table)
            while size < stop:
                size *= 2
            grown = np.full((size, self._table_width), self._null, dtype=self._dtype)
            grown[:first] = self._table[:first]
            self._table = grown
        self._table[first:stop] = pending
        pending.clear()

    def columns(
        self, sentences: Sequence[Sequence[str]], hits: Sequence[Sequence[Hit]] | None = None
    ) -> NDArray[np.intp]:
        """A (tokens × ``width``) matrix of attribute ids for the sentences' tokens in order."""
        null, get = self._null, self._ids.get
        if len(self._slots) >= MAX_CACHED_WORDS:
            self._slots.clear()  # between documents only: a document's slots stay valid until it is done
            self._stems.clear()
        lengths = [len(words) for words in sentences if words]
        total = sum(lengths)
        # Per token: its own gaz=, gazk=, role=, and what it gives the next tokens (-1gaz=, -1role=,
        # -2role=) and the previous one (+1gaz=); one array, rows set to each one's value for no hit.
        no_hit = [null, null, null, get("-1gaz=", null), get("+1gaz=", null), get("-1role=", null),
                  get("-2role=", null)]
        per_token = np.repeat(np.asarray(no_hit, dtype=np.intp)[:, None], total, axis=1)
        gaz_own, gazk_own, role_own, gaz_next, gaz_prev, role_next, role_next2 = per_token
        # The whole document's words at once (the same slots, given in the same order, as sentence
        # by sentence): words seen for the first time get their table row.
        flat_words: list[str] = list(chain.from_iterable(sentences))
        slots = list(map(self._slots.get, flat_words))
        if None in slots:  # (only the missing words through _slot: in text order, as the rows are made)
            slot = self._slot
            slots = [found if found is not None else slot(word)
                     for found, word in zip(slots, flat_words, strict=True)]
            self._store_pending()
        matcher = default_matcher() if hits is None else None
        base = 0
        for index, words in enumerate(sentences):
            n = len(words)
            found = hits[index] if hits is not None else matcher.hits(words)  # type: ignore[union-attr]
            if found:
                # Only the tokens the dictionaries mark (a few a sentence; walking every token cost more).
                gaz, kind, role = dictionary_marks(words, found)
                for i, tag in gaz.items():
                    gaz_own[base + i] = get("gaz=" + tag, null)
                    gazk_own[base + i] = get("gazk=" + kind[i], null)
                    gaz_next[base + i] = get("-1gaz=" + tag, null)
                    gaz_prev[base + i] = get("+1gaz=" + tag, null)
                for i, tag in role.items():
                    role_own[base + i] = get("role=" + tag, null)
                    role_next[base + i] = get("-1role=" + tag, null)
                    role_next2[base + i] = get("-2role=" + tag, null)
            base += n
        return self._assemble(np.asarray(slots, dtype=np.intp), lengths, flat_words, gaz_own, gazk_own,
                              role_own, gaz_next, gaz_prev, role_next, role_next2)

    def _assemble(self, slots: NDArray[np.intp], lengths: list[int], words: list[str],
                  *per_token: NDArray[np.intp]) -> NDArray[np.intp]:
        gaz_own, gazk_own, role_own, gaz_next, gaz_prev, role_next, role_next2 = per_token
        null = self._null
        total = len(slots)
        out = np.full((total, self.width), null, dtype=np.intp)
        if not total:
            return out
        # A neighbour's features are the token rows shifted by one or two (slices, not gathers); the
        # shifted rows that cross a sentence boundary are then reset to null.
        starts = np.cumsum([0, *lengths[:-1]])  # each sentence's first token
        ends = np.cumsum(lengths) - 1  # and its last
        table = self._table[slots]
        out[:, :_OWN] = table[:, :_OWN]
        out[:, 12] = gaz_own
        out[:, 13] = gazk_own
        out[:, 14] = role_own
        out[:, 15] = table[:, _CUE]
        out[starts, 16] = self._bos
        out[1:, 17:21] = table[:-1, _BEFORE]
        out[1:, 21] = gaz_next[:-1]
        out[1:, 22] = role_next[:-1]
        out[1:, 24] = table[:-1, _PREV_CUE]
        out[starts, 17:25] = null
        follows = np.zeros(total, dtype=bool)  # "-1w|stem=": the previous word and this stem
        follows[1:] = (table[:-1, _PAIR_WORD] & table[1:, _PAIR_STEM] >> 1 & _LEFT) != 0
        follows[starts] = False
        pairs = np.flatnonzero(follows)
        out[pairs, 23] = self._pair_ids(
            self._pair_word_ids, map(words.__getitem__, (pairs - 1).tolist()), self._stems_of(slots[pairs])
        )
        out[2:, 25] = table[:-2, _MINUS2]
        out[2:, 26] = role_next2[:-2]
        out[starts, 25:27] = null
        second = starts + 1  # a one-token sentence's "second" token is the next sentence's first: null too
        out[second[second < total], 25:27] = null
        out[ends, 27] = self._eos
        out[:-1, 28:32] = table[1:, _AFTER]
        out[:-1, 32] = gaz_prev[1:]
        out[ends, 28:33] = null
        precedes = np.zeros(total, dtype=bool)  # "stem|+1w=": this stem and the next word
        precedes[:-1] = (table[:-1, _PAIR_STEM] & table[1:, _PAIR_WORD] >> 1 & _LEFT) != 0
        precedes[ends] = False
        pairs = np.flatnonzero(precedes)
        out[pairs, 33] = self._pair_ids(
            self._pair_stem_ids, self._stems_of(slots[pairs]), map(words.__getitem__, (pairs + 1).tolist())
        )
        out[:-2, 34] = table[2:, _PLUS2]
        out[ends, 34] = null
        out[ends[ends > 0] - 1, 34] = null  # the last but one token (of a one-token sentence: the last before)
        extra = self.width - WIDTH
        if self._names is not None:
            extra -= _NAME_COLUMNS
            own, at = _TABLE_WIDTH + extra, WIDTH + extra  # the word table's ids in _NAME_KEYS order
            out[:, at : at + 2] = table[:, own : own + 2]
            out[1:, at + 2 : at + 4] = table[:-1, own + 2 : own + 4]
            out[starts, at + 2 : at + 4] = null
            out[:-1, at + 4 : at + 6] = table[1:, own + 4 : own + 6]
            out[ends, at + 4 : at + 6] = null
        if extra:
            out[:, WIDTH : WIDTH + extra] = table[:, _TABLE_WIDTH : _TABLE_WIDTH + extra]
        return out

    def _stems_of(self, slots: NDArray[np.intp]) -> Iterable[str]:
        return map(self._stems.__getitem__, slots.tolist())

    def _pair_ids(self, table: dict[tuple[str, str], int], lefts: Iterable[str], rights: Iterable[str]) -> list[int]:
        """The ids of the (left, right) pairs, :attr:`_null` for a pair the model does not know."""
        return list(map(table.get, zip(lefts, rights, strict=True), repeat(self._null)))
