"""Named entities: dictionary names first, then the CRF tagger, then document consistency.

The stage reads the repaired, normalised view (``doc.matching``), so obfuscated
and variously spelled names match, and maps every span back to ``doc.text``.

1. Countries (GPE, id = ISO alpha-2) and actors (ORG/PERSON, id ``actor:…``)
   are matched clitic-aware and longest-first; the proclitic (``و``, ``ب``,
   ``ل``…) is left out of the span.
2. The CRF tags PERSON, ORG and LOC among the tokens the dictionaries left; a
   tagged name loses a leading proclitic when the model's name lexicon says so.
   A person's name runs on through ``بن`` + name and ``آل`` + family
   (``marsad.ner.nasab``): a tagged one grows, a dictionary one takes those words
   and keeps its span, and a listed given name + ``بن`` + name is a person.
3. Organisations named like places or people, from their context
   (``marsad.ner.org_context``: after an institution's head, ``سجن أبو غريب``; before a score,
   ``المرخية 5 - صفر``; in a dateline, ``الدوحة - قنا :``), retyped ORG before
4. consistency: a single word that was the last word of a full PERSON name
   elsewhere in the article (``بورينكوف`` after ``يوري بورينكوف``) is that
   person too; every name the CRF found, of any length, is tagged with its
   most frequent type where it recurs untagged
   (``marsad.ner.consistency.spread_names``: the tagger decides per sentence
   and misses repeats in weaker contexts), and a word the CRF tagged as a
   one-word LOC or ORG is tagged so wherever else it occurs untagged, also
   without its proclitic.
A one-word LOC that is the head of a compound place name (``خان`` of
``خان شيخون``; ``data/ner_place_heads.tsv``) is extended over the next word.
A one-word CRF name that is a function word as written (``على`` "on", which
normalises to the name ``علي``; ``data/ner_stopwords.tsv``) is dropped.
Entities inside boilerplate lines are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

import regex

from marsad.document import Document, Entity
from marsad.ner.actors import Actor
from marsad.ner.consistency import spread_names
from marsad.ner.crf import NerModel, default_model
from marsad.ner.dictionary import DictionaryMatcher, Hit, default_matcher, entity_hits, role_hits
from marsad.ner.features import split_proclitic
from marsad.ner.inner_name import inner_name
from marsad.ner.iob import chunks
from marsad.ner.name_edges import given_name_after_title, given_name_word, name_start, title_ends
from marsad.ner.nasab import ends_in_lineage, lineage_links, nasab_end, starts_listed_lineage
from marsad.ner.org_context import organisation_names
from marsad.ner.tokens import Tok, matching_tokens
from marsad.resources import read_tsv_dicts
from marsad.text.memo import WordMemo
from marsad.text.normalize import normalize

# Types the CRF may add; MISC is trained but not reported.
CRF_TYPES = frozenset({"PERSON", "ORG", "LOC"})
_TEXT = attrgetter("text")
# A repeated surname or one-word name shorter than this is too likely to be an ordinary word.
MIN_REPEAT_CHARS = 3


@dataclass(slots=True)
class _Found:
    """An entity in view coordinates, before mapping back to the text."""

    start: int
    end: int
    type: str
    canonical: str | None
    id: str | None
    first: int  # sentence-local token range, for the consistency pass
    last: int


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(row["word"] for row in read_tsv_dicts("ner_stopwords.tsv"))


_MARKS = regex.compile(r"[\u064B-\u065F\u0670\u0640]")


def _is_stopword(doc: Document, span: tuple[int, int]) -> bool:
    """Whether the original surface of one token is a word that is never a name alone."""
    word = _MARKS.sub("", doc.text[span[0] : span[1]])
    stopwords = _stopwords()
    return word in stopwords or (word[:1] in "وفبل" and word[1:] in stopwords)


@lru_cache(maxsize=1)
def _place_heads() -> frozenset[str]:
    return frozenset(normalize(row["head"]) for row in read_tsv_dicts("ner_place_heads.tsv"))


def _extends_over_next(words: list[str], index: int) -> bool:
    """Whether a one-word LOC at ``index`` is the head of a compound name the next word completes."""
    if index + 1 >= len(words) or not words[index + 1][:1].isalpha():
        return False
    heads = _place_heads()
    word = words[index]
    return word in heads or (word[:1] in "وفبل" and word[1:] in heads)


def _split_readings(word: str) -> tuple[tuple[int, str], ...]:
    prefix, stem = split_proclitic(word)
    if not prefix or prefix == "ال":
        return ((0, word),)
    if prefix.endswith("ال"):
        return ((0, word), (len(prefix) - 2, "ال" + stem))  # والعراق → العراق
    if prefix.endswith("لل"):
        return ((0, word),)  # للعراق: the article is fused, no clean split
    return ((0, word), (len(prefix), stem))


# ``(characters skipped, form)``: the word, and the word without its proclitic, by word form.
_readings: WordMemo[tuple[tuple[int, str], ...]] = WordMemo(_split_readings)


@dataclass(slots=True)
class _EntityRun:
    """The entities of one document while the sentences are tagged."""

    found: list[_Found] = field(default_factory=list)
    free: list[tuple[list[Tok], set[int]]] = field(default_factory=list)  # per sentence: tokens, tagged indices
    repeats: dict[str, _Found] = field(default_factory=dict)  # word form → the entity a repeat of it refers to
    single: dict[str, _Found] = field(default_factory=dict)  # one-word LOC/ORG names by form


def _dictionary_entities(
    sent: list[Tok], hits: list[Hit], found: list[_Found], words: list[str], tags: list[str] | None,
    model: NerModel | None,
) -> set[int]:
    """Countries and actors the dictionaries match in one sentence; returns the tokens they take.

    A match around the one name the tagger found in it, whose other words only describe that name
    (``حركة حماس``, ``دولة الكويت``: :func:`marsad.ner.inner_name.inner_name`), gives the
    entity the tagger's span; the match still takes all its tokens."""
    taken: set[int] = set()
    if not hits:
        return taken
    roles: list[Hit] | None = None
    names = entity_hits(hits)
    for hit in names:
        actor = hit.value
        assert isinstance(actor, Actor)
        start, end = sent[hit.first].start + hit.skip, sent[hit.last].end
        core = None
        if tags is not None and hit.size > 1:
            roles = role_hits(hits) if roles is None else roles
            core = inner_name(hit, actor.type, words, tags, roles)
            if core is not None:
                first, stop = core
                skip = hit.skip if first == hit.first else model.strip_proclitic(words[first]) if model else 0
                start, end = sent[first].start + skip, sent[stop - 1].end
        if core is None and actor.type == "PERSON" and hit.skip == 0:
            first = _given_names_before(hit, words, tags, hits)
            if first < hit.first:
                start = sent[first].start + (model.strip_proclitic(words[first]) if model else 0)
                taken.update(range(first, hit.first))
        if actor.type == "PERSON":
            # The lineage after a dictionary person is its name, no other person's: its words are taken (no
            # ``عبدالعزيز`` and ``سعود`` of their own), but the span stays the match (round 29, ner29b: grown, it
            # moved a following participle's speaker to the king; docs/ner.md).
            taken.update(range(hit.last + 1, _lineage_end(hit, names, words) + 1))
        found.append(_Found(start, end, actor.type, actor.canonical, actor.id, 0, 0))
        taken.update(range(hit.first, hit.last + 1))
    return taken


def _lineage_end(hit: Hit, names: list[Hit], words: list[str]) -> int:
    """The last token of a dictionary person's name through ``بن`` + name and ``آل`` + family
    (:func:`marsad.ner.nasab.nasab_end`; round 29): the words after the match no other name took."""
    others = {k for other in names if other is not hit for k in range(other.first, other.last + 1)}
    return nasab_end(words, hit.last, lambda k: k not in others)


def _given_names_before(hit: Hit, words: list[str], tags: list[str] | None, hits: list[Hit]) -> int:
    """The first token of the whole name a dictionary person match ends (``ستيفان دي ميستورا`` when the
    dictionary has ``دي ميستورا``): the tagger's person tokens right before it that may be given names
    (:func:`marsad.ner.name_edges.given_name_word`; not ``عبد الله الثاني`` before ``السيسي``: two names the tagger ran together), else the given name right
    before it after a title chain (:func:`marsad.ner.name_edges.given_name_after_title`; round 29)."""
    others = {k for other in hits if other is not hit for k in range(other.first, other.last + 1)}
    first = hit.first
    if tags is not None and tags[first] == "I-PERSON":  # the tagger read one name running into the match
        while (
            first > 0
            and tags[first - 1] in ("B-PERSON", "I-PERSON")
            and first - 1 not in others
            and given_name_word(words[first - 1])
        ):
            first -= 1
            if tags[first] == "B-PERSON":
                break
    before = first - 1
    if (
        first == hit.first
        and before >= 0
        and before not in others
        and (tags is None or tags[before] == "O")
        and words[before] not in _stopwords()
        and given_name_after_title(words, before, title_ends(hits, words))
    ):
        first = before
    return first


def _tagged_entities(
    doc: Document, model: NerModel, sent: list[Tok], words: list[str], tags: list[str], taken: set[int],
    run: _EntityRun, hits: list[Hit] | None = None,
) -> None:
    """The CRF's names among the tokens the dictionaries left in one sentence."""
    view = doc.matching

    def free(k: int) -> bool:
        return tags[k] == "O" and k not in taken

    def stopword(k: int) -> bool:
        return _is_stopword(doc, view.to_original(sent[k].start, sent[k].end))

    if tags.count("O") == len(tags):  # most sentences: no name (reading the chunks costs more than this)
        _listed_lineages(doc, model, sent, words, free, stopword, taken, run)
        return
    ends = title_ends(hits, words) if hits else frozenset()

    for kind, first, stop in sorted(chunks(tags), key=lambda c: c[1]):
        if kind not in CRF_TYPES or taken.intersection(range(first, stop)):
            continue
        if stop - first == 1 and stopword(first):
            continue
        if kind == "LOC" and stop == first + 1 and stop not in taken and _extends_over_next(words, first):
            stop += 1  # "خان" of "خان شيخون": a place-name head is not a place alone
        if kind == "PERSON":
            first = name_start(words, first, stop, free, ends, stopword)
            stop = nasab_end(words, stop - 1, lambda k: k not in taken) + 1
        start = sent[first].start + model.strip_proclitic(words[first])
        entity = _Found(start, sent[stop - 1].end, kind, None, None, first, stop - 1)
        _note_repeatable(doc, sent, words, entity, run)
        run.found.append(entity)
        taken.update(range(first, stop))
    _listed_lineages(doc, model, sent, words, free, stopword, taken, run)


def _listed_lineages(
    doc: Document, model: NerModel, sent: list[Tok], words: list[str], free: Callable[[int], bool],
    stopword: Callable[[int], bool], taken: set[int], run: _EntityRun,
) -> None:
    """Names neither the dictionary nor the tagger found that a lineage marks: a given name of the
    name-word list, then ``بن`` + name (``حمد بن جاسم``; round 29)."""
    links = lineage_links()
    # Only the words before a link can start one (in order, each tested when the loop reaches it: ``taken`` grows).
    for k in [j - 1 for j in range(1, len(words) - 1) if words[j] in links]:
        if free(k) and k + 1 not in taken and starts_listed_lineage(words[k], words[k + 1]) and not stopword(k):
            last = nasab_end(words, k, lambda j: j not in taken)
            if last >= k + 2:
                entity = _Found(sent[k].start + model.strip_proclitic(words[k]), sent[last].end, "PERSON", None,
                                None, k, last)
                _note_repeatable(doc, sent, words, entity, run)
                run.found.append(entity)
                taken.update(range(k, last + 1))


def _note_repeatable(doc: Document, sent: list[Tok], words: list[str], entity: _Found, run: _EntityRun) -> None:
    """A full PERSON name (its canonical form) and its surname, or a one-word LOC/ORG, for the
    consistency pass."""
    view = doc.matching
    first, stop = entity.first, entity.last + 1
    if entity.type == "PERSON":
        first_char, last_char = view.to_original(entity.start, entity.end)
        entity.canonical = " ".join(doc.text[first_char:last_char].split())
        last = sent[stop - 1]
        if (
            stop - first >= 2
            and not ends_in_lineage(words, stop - 1)
            and len(words[stop - 1]) >= MIN_REPEAT_CHARS
            and not _is_stopword(doc, view.to_original(last.start, last.end))
        ):
            run.repeats.setdefault(words[stop - 1], entity)
    elif stop - first == 1 and entity.end - entity.start >= MIN_REPEAT_CHARS:
        run.single.setdefault(view.text[entity.start : entity.end], entity)


# Tokens per tagger call: far above an article (a few thousand), so articles are tagged exactly as one
# sequence; a longer document is tagged in batches of whole sentences.
TAG_BATCH_TOKENS = 20_000


class EntityStage:
    name = "entities"

    def __init__(self, model: NerModel | None = None, matcher: DictionaryMatcher | None = None) -> None:
        self.matcher = matcher or default_matcher()
        self.model = model if model is not None else default_model()

    def __call__(self, doc: Document) -> None:
        view = doc.matching
        run = _EntityRun()
        sents = matching_tokens(doc).sentences
        words_of = [list(map(_TEXT, sent)) for sent in sents]
        hits_of = self.matcher.hits_many(words_of)
        tags_of = self._tags(words_of, hits_of)
        for index, sent in enumerate(sents):
            tags = tags_of[index] if tags_of is not None else None
            taken = _dictionary_entities(sent, hits_of[index], run.found, words_of[index], tags, self.model)
            if tags_of is not None and self.model is not None:
                _tagged_entities(
                    doc, self.model, sent, words_of[index], tags_of[index], taken, run, hits_of[index]
                )
            run.free.append((sent, taken))
        for entity in run.found:
            # A one-word PERSON the tagger found itself is still the full name seen elsewhere.
            full = run.repeats.get(view.text[entity.start : entity.end])
            if entity.type == "PERSON" and entity.id is None and full is not None and full is not entity:
                entity.canonical = full.canonical
        for form, entity in run.single.items():
            run.repeats.setdefault(form, entity)  # a surname reading wins over a one-word LOC/ORG
        if run.repeats:
            run.found.extend(self._repeat_mentions(doc, run.free, run.repeats))
        self._emit(doc, run.found)

    def _tags(self, words_of: list[list[str]], hits_of: list[list[Hit]]) -> list[list[str]] | None:
        """The tagger's tags, sentence by sentence, in batches of whole sentences of at most
        TAG_BATCH_TOKENS tokens: the tagger holds the features of a whole batch at once, several
        kilobytes a token, so a long document's memory stays bounded (an article fits in one batch).
        Each name the tagger found is then tagged where it recurs untagged in the document
        (:func:`marsad.ner.consistency.spread_names`)."""
        if self.model is None:
            return None
        tags_of: list[list[str]] = []
        first = size = 0
        for index, words in enumerate(words_of):
            if size and size + len(words) > TAG_BATCH_TOKENS:
                tags_of.extend(self.model.tag_many(words_of[first:index], hits_of[first:index]))
                first, size = index, 0
            size += len(words)
        tags_of.extend(self.model.tag_many(words_of[first:], hits_of[first:]))
        return spread_names(words_of, organisation_names(words_of, tags_of))

    @staticmethod
    def _repeat_mentions(
        doc: Document, free: list[tuple[list[Tok], set[int]]], repeats: dict[str, _Found]
    ) -> list[_Found]:
        """Untagged words that repeat a surname or a one-word name found elsewhere in the article."""
        extra: list[_Found] = []
        view = doc.matching
        cached = _readings.known.get
        # Every reading of a word is a suffix of it (the word, its stem, or the article and stem), and
        # a name here has at least MIN_REPEAT_CHARS letters: a word whose last two letters end no
        # name cannot repeat one, which rules out most words with one set lookup.
        endings = {form[-2:] for form in repeats}
        for sent, taken in free:
            for i, tok in enumerate(sent):
                if tok.text[-2:] not in endings or i in taken:
                    continue
                for skip, form in cached(tok.text) or _readings(tok.text):
                    known = repeats.get(form)
                    if known is not None:
                        if _is_stopword(doc, view.to_original(tok.start, tok.end)):
                            break
                        extra.append(
                            _Found(tok.start + skip, tok.end, known.type, known.canonical, None, i, i)
                        )
                        break
        return extra

    @staticmethod
    def _emit(doc: Document, found: list[_Found]) -> None:
        view = doc.matching
        seen: set[tuple[int, int]] = set()
        for item in sorted(found, key=lambda f: (f.start, -f.end)):
            start, end = view.to_original(item.start, item.end)
            surface = doc.text[start:end]
            if not surface.strip() or (start, end) in seen or doc.is_boilerplate(start, end):
                continue
            seen.add((start, end))
            doc.entities.append(Entity(start, end, surface, item.type, item.canonical, item.id))
