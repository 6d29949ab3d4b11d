"""Full-text search: the terms the store indexes, and how a user query becomes an FTS5 expression.

FTS5's own tokenizer knows nothing of Arabic clitics, so the store indexes two
columns: ``body`` (the normalised clean text, word by word) and ``stems`` (for
every word, its readings without proclitics/enclitics).  A query word is
normalised the same way and matches either its own form or any of its stems,
so ``أسلحة`` finds ``الأسلحة`` and ``وأسلحتها`` and ``ادلب`` finds ``إدلب``.
A word written with a final ta marbuta (``حلبة``) has no pronoun on its end,
so ``حلب`` is not among its stems: ``حلب`` finds ``وحلب`` and ``بحلب`` but not
``حلبة``.  Spellings of one word (``كيميائية``/``كيماوية``) come from the data
file ``search_variants.tsv`` and are tried side by side at query time.

Query syntax (:func:`parse_query`): words must all occur; ``a OR b``; ``-word``
excludes; ``"two words"`` is a phrase; ``word*`` is a prefix.  The user's words
always reach FTS5 quoted, so no input is ever read as FTS5 syntax; a malformed
query raises :class:`QuerySyntaxError` with a one-line reason.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from sys import intern

import regex

from marsad.errors import MarsadError
from marsad.resources import iter_tsv, read_yaml
from marsad.text.memo import WordMemo
from marsad.text.normalize import normalize
from marsad.text.tokenize import WORD_RE, readings, tokens

# The version of the terms :func:`index_columns` writes.  A store whose index
# was built with an older version is re-indexed when opened for writing
# (:meth:`marsad.store.queries.Store.reindex_search`).  2: a final ta marbuta
# is no longer read as the pronoun ه (حلبة no longer has the stem حلب).
INDEX_VERSION = 2

# Before an enclitic, ta marbuta is written ت (أسلحة + ها → أسلحتها); the
# normalised dictionary form of such a stem ends in ه.
_TA_MARBUTA_STEM = "ت"
_NORMALISED_TA_MARBUTA = "ه"
_ARABIC_LETTER = regex.compile(r"\p{Arabic}")
_ARTICLE_ENDINGS = ("ال", "لل")
_FTS_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
# A word of the original text that ends in ta marbuta (diacritics or tatweel may follow it).
_TA_MARBUTA_LETTERS = "\u0629\ufe93\ufe94"
_TATWEEL = "\u0640"
# A word (tokenize.WORD_RE's letters) ending in ta marbuta: its end is found by searching for the
# letter (few words have it), then its start by matching letters backwards from there.  (One
# pattern for the whole word tried a run of letters from every position of every word.)
_TA_MARBUTA_END = regex.compile(f"[{_TA_MARBUTA_LETTERS}][\\p{{M}}{_TATWEEL}]*(?![\\p{{L}}\\p{{M}}])")
_LETTERS_BEFORE = regex.compile(f"(?r)[\\p{{L}}\\p{{M}}{_TATWEEL}]*")
_ENDS_IN_TA_MARBUTA = regex.compile(f"[{_TA_MARBUTA_LETTERS}][\\p{{M}}\u0640]*$")
# Marks the prefix forms among a query's forms (``كيم*``).
PREFIX_MARK = "*"
MAX_QUERY_TERMS = 32
MIN_PREFIX_LETTERS = 2
MAX_PHRASE_SPELLINGS = 64


def stems(word: str, ta_marbuta: bool = False) -> frozenset[str]:
    """The stem readings of one normalised word (without the word itself).

    ``ta_marbuta``: the word was written with a final ة, so its final ه is not a pronoun."""
    return _stems(word, ta_marbuta)


def _find_stems(word: str, ta_marbuta: bool) -> frozenset[str]:
    found: set[str] = set()
    if not _ARABIC_LETTER.search(word):
        return frozenset()
    for reading in readings(word)[1:]:
        if ta_marbuta and reading.suffix.endswith(_NORMALISED_TA_MARBUTA):
            continue
        found.add(reading.stem)
        if reading.suffix and reading.stem.endswith(_TA_MARBUTA_STEM):
            found.add(reading.stem[:-1] + _NORMALISED_TA_MARBUTA)
    found.discard(word)
    return frozenset(found)


# Words repeat heavily across a corpus; caching their readings makes indexing ~3x faster.
# Queries and highlighting test stems as sets; indexing writes them sorted, as text.
_stems = lru_cache(maxsize=200_000)(_find_stems)


@lru_cache(maxsize=200_000)
def _stem_text(word: str, ta_marbuta: bool) -> str:
    """The word's stems, sorted and joined by spaces, as the ``stems`` column has them ("" for none)."""
    return " ".join(sorted(_find_stems(word, ta_marbuta)))


def _plain_stem_text(word: str) -> str:
    # Interned: most stem texts are one stem, often a word form or another word's stem the memos
    # already hold (the memo keeps up to 2^17 of them).
    return intern(" ".join(sorted(_find_stems(word, False))))


# ``_stem_text(word, False)`` for the words of indexed documents, in a dict: every word of every
# stored document is looked up, and a one-argument dict lookup costs a third of the two-argument
# LRU cache's (0.19 → 0.06 s per 1,000 articles once the words are known).
# Bounded like the stages' per-word memos (2^17 words): at 200,000 it held 22 MiB of stem texts and
# the only references to 69,000 more word strings over a whole-corpus ingest.
_PLAIN_STEM_TEXTS: WordMemo[str] = WordMemo(_plain_stem_text, limit=1 << 17)


def _word_stem_texts(words: list[str], marbuta: set[str]) -> dict[str, str]:
    """Each distinct word's stem text (``marbuta``: the words written with a final ة).

    Looked up once per distinct word, not per occurrence, in C loops (``map``) where the memo
    knows the word: a document's column is then one dict lookup per word."""
    unique = list(set(words))
    texts: list[str | None] = list(map(_PLAIN_STEM_TEXTS.known.get, unique))
    if None in texts:  # words not seen yet (or forgotten when the memo was emptied)
        texts = [_PLAIN_STEM_TEXTS(word) if text is None else text for word, text in zip(unique, texts, strict=True)]
    table: dict[str, str] = dict(zip(unique, texts, strict=True))  # type: ignore[arg-type]
    for word in marbuta.intersection(table):
        table[word] = _stem_text(word, True)
    return table


def ends_in_ta_marbuta(word: str) -> bool:
    """Whether a word as written (not normalised) ends in ta marbuta."""
    if not word:
        return False
    last = word[-1]
    if last in _TA_MARBUTA_LETTERS:
        return True
    if last.isalnum() and last != _TATWEEL:
        return False
    # Only a word ending in a mark or tatweel needs the pattern (هيئةٌ, هيئةـ).
    return _ENDS_IN_TA_MARBUTA.search(word) is not None


def query_stems(word: str) -> set[str]:
    """Readings of a query word without a leading article (``الأسلحة``, ``بالأسلحة`` → ``اسلحه``).

    Only article-bearing proclitics are stripped: a query names a word, and
    reading its first letter as a conjunction or preposition (``سوريا`` as
    ``س`` + ``وريا``) or its last as a pronoun would match too much.  Words in
    the documents are indexed with all their stems, so ``سوريا`` still finds
    ``وسوريا`` and ``لسوريا``.
    """
    if not _ARABIC_LETTER.search(word):
        return set()
    return {r.stem for r in readings(word, suffixes=False)[1:] if r.prefix.endswith(_ARTICLE_ENDINGS)} - {word}


# Punctuation inserted inside an Arabic word to dodge moderation (أسلـ.حتها).  The
# repair stage undoes this in the clean text; indexing the joined form as well
# keeps such words findable when a repair was missed or the stage is absent.
_INNER_PUNCTUATION = regex.compile(r"(?<=\p{Arabic})[.\-_*•·,،]+(?=\p{Arabic})")


def _ta_marbuta_words(text: str) -> list[str]:
    """The words of ``text`` as written that end in ta marbuta (marks or tatweel may follow it)."""
    found = []
    for end in _TA_MARBUTA_END.finditer(text):
        start = _LETTERS_BEFORE.match(text, 0, end.start())
        found.append(text[start.start() if start else end.start() : end.end()])
    return found


@dataclass(frozen=True, slots=True)
class NormalisedWords:
    """A text's normalised form and its words (``tokenize.WORD_RE``): computed once per stored
    document for both the full-text columns and the duplicate-detection shingles."""

    text: str
    words: list[str]

    @classmethod
    def of(cls, text: str, *, normalised: str | None = None, words: list[str] | None = None) -> NormalisedWords:
        """``normalised``: ``normalize(text)`` when the caller has it already; ``words``: its words
        (``WORD_RE.findall(normalised)``) when the caller has split it already (only with ``normalised``)."""
        if normalised is None:
            normalised, words = normalize(text), None
        return cls(normalised, WORD_RE.findall(normalised) if words is None else words)


def index_columns(clean_text: str, title: str | None = None, *, clean: NormalisedWords | None = None) -> tuple[str, str]:
    """(body, stems) to index for a document's clean text and title.

    ``clean``: ``NormalisedWords.of(clean_text)`` when the caller has it already."""
    if clean is None:
        clean = NormalisedWords.of(clean_text)
    # Normalisation maps character by character and no word runs across the line break, so
    # the title's words and the clean text's words are those of "title\nclean_text".
    if title:
        raw = f"{title}\n{clean_text}"
        head = NormalisedWords.of(f"{title}\n")
        normal = head.text + clean.text
        words = head.words + clean.words
    else:
        raw, normal, words = clean_text, clean.text, clean.words
    # Normalisation folds ة into ه; which words had ة is read from the text as written.
    marbuta = set(normalize(" ".join(_ta_marbuta_words(raw))).split())  # one translate, not one per word
    extra = list(filter(None, map(_word_stem_texts(words, marbuta).__getitem__, words)))
    joined = _INNER_PUNCTUATION.sub("", normal)
    if joined != normal:
        known = set(words)
        for token in tokens(joined):
            if token.text not in known:
                extra.append(token.text)
                stem_text = _stem_text(token.text, False)
                if stem_text:
                    extra.append(stem_text)
    return " ".join(words), " ".join(extra)


class EmptyQueryError(MarsadError, ValueError):
    """The query cannot be searched: it has no searchable word (or, as :class:`QuerySyntaxError`, bad syntax)."""


class QuerySyntaxError(EmptyQueryError):
    """The query's syntax is malformed (an open quote, a dangling OR, only exclusions...).

    A subclass of :class:`EmptyQueryError` so that every caller that already turns
    an unsearchable query into a one-line message handles this one too."""


# -- spelling families ----------------------------------------------------------


@lru_cache(maxsize=1)
def _families() -> tuple[tuple[str, ...], ...]:
    found = []
    for row in iter_tsv("search_variants.tsv"):
        family = tuple(dict.fromkeys(normalize(cell.strip()) for cell in row if cell.strip()))
        if len(family) > 1:
            found.append(family)
    return tuple(found)


def spellings(word: str) -> list[str]:
    """The normalised ``word`` and its other spellings (``search_variants.tsv``), the word first."""
    found = [word]
    for family in _families():
        for part in family:
            if part in word:
                found.extend(word.replace(part, other) for other in family if other != part)
    return list(dict.fromkeys(found))


# -- query syntax -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to find: a word (``prefix``: any word starting so) or a phrase of words in order.

    ``split``: a query word's two parts as a phrase (``كفرنبل`` → ``كفر نبل``), found beside the word
    itself; highlighted only where its parts stand side by side (:func:`split_pairs`)."""

    words: tuple[str, ...]
    prefix: bool = False
    split: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True, slots=True)
class Query:
    """``groups``: every group must match, a group by any of its terms; ``excluded``: none may match."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]
    # Two neighbouring one-word groups (``كفر نبل`` unquoted) may also match as the two words written as
    # one (``كفرنبل``): (index of the first group, the joined word's term), each an alternative to the pair.
    joined: tuple[tuple[int, Term], ...] = ()

    @property
    def words(self) -> list[str]:
        """The normalised words to find (not the excluded ones nor a word's split parts), in query order."""
        return [w for group in self.groups for term in group if not term.split for w in term.words]


_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201d": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_OR_WORDS = frozenset({"OR", "|"})
SYNTAX_HELP = 'search syntax: words (all must occur), a OR b, -word to exclude, "a phrase", prefix*'


def _lex(query: str) -> list[tuple[str, str, bool]]:
    """(kind, text, excluded) pieces: kind ``word``, ``phrase`` or ``or``."""
    pieces: list[tuple[str, str, bool]] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        excluded = ch == "-" and i + 1 < n and not query[i + 1].isspace()
        start = i + 1 if excluded else i
        if start < n and query[start] in _QUOTES:
            close = query.find(_QUOTES[query[start]], start + 1)
            if close < 0 and query[start] != '"':
                close = query.find('"', start + 1)
            if close < 0:
                raise QuerySyntaxError(f"a quotation mark is not closed in {query!r}; {SYNTAX_HELP}")
            pieces.append(("phrase", query[start + 1 : close], excluded))
            i = close + 1
            continue
        end = start
        while end < n and not query[end].isspace() and query[end] not in _QUOTES:
            end += 1
        text = query[start:end]
        if not excluded and text in _OR_WORDS:
            pieces.append(("or", text, False))
        elif text == "-" or (ch == "-" and not excluded):
            pass  # a lone dash is punctuation
        else:
            pieces.append(("word", text, excluded))
        i = end
    return pieces


def _term(kind: str, text: str, query: str) -> Term | None:
    prefix = kind == "word" and text.endswith(PREFIX_MARK)
    body = text.rstrip(PREFIX_MARK) if prefix else text
    if PREFIX_MARK in body:
        raise QuerySyntaxError(f"'*' goes at the end of a word (كيم*), not inside {text!r}; {SYNTAX_HELP}")
    words = tuple(piece for token in tokens(normalize(body)) for piece in _FTS_WORD.findall(token.text))
    if not words:
        if prefix:
            raise QuerySyntaxError(f"'*' needs a word before it, in {query!r}; {SYNTAX_HELP}")
        return None
    if prefix and (len(words) > 1 or len(words[0]) < MIN_PREFIX_LETTERS):
        raise QuerySyntaxError(
            f"a prefix needs one word of at least {MIN_PREFIX_LETTERS} letters before the '*' ({text!r})"
        )
    return Term(words, prefix)


# A query word of Arabic letters broken by marks (``أسلـ.حتها``, ``ق-تل``): written as the articles
# obfuscate it.  The repair stage indexed the article's word whole, so the word is also looked for
# joined, besides its pieces as a phrase (``حلب-دمشق`` keeps finding the two names side by side).
_BROKEN_WORD = regex.compile(r"\p{Arabic}+(?:[^\p{L}\p{N}\s]+\p{Arabic}+)+")


# A name of two parts is written with or without the space between them (كفر نبل / كفرنبل, عبد الله /
# عبدالله, ابو ظبي / ابوظبي): the index holds the words as the article wrote them, so the query looks for
# both.  A query word of Arabic letters is also looked for as a phrase of two parts of at least
# MIN_SPLIT_LETTERS letters each (fewer would read a clitic or a particle as a part: كلما as كل ما), and
# two words (a quoted pair, or two neighbouring words) also as one word.
_ARABIC_WORD = regex.compile(r"\p{Arabic}+")
MIN_SPLIT_LETTERS = 3
# Each joined pair repeats the query's other groups in the expression: a query of 32 long words made
# a 1.2 MB expression counted in 1.5 s with every pair; a name is a query's first words or few words.
MAX_JOINED_PAIRS = 4


def _joinable(term: Term) -> bool:
    """Whether a term is one plain Arabic word (no prefix), which may be one part of a name written apart."""
    return len(term.words) == 1 and not term.prefix and _ARABIC_WORD.fullmatch(term.words[0]) is not None


def _split_terms(term: Term) -> list[Term]:
    """A plain Arabic word's readings as two words (``كفرنبل`` → ``كفر نبل``), each a phrase."""
    if not _joinable(term):
        return []
    word = term.words[0]
    return [Term((word[:i], word[i:]), split=True)
            for i in range(MIN_SPLIT_LETTERS, len(word) - MIN_SPLIT_LETTERS + 1)]


def _terms(kind: str, text: str, query: str) -> list[Term]:
    """The terms of one lexed piece: its term; for a broken Arabic word or a pair of Arabic words also the
    words joined; for a plain Arabic word also its readings as two words."""
    term = _term(kind, text, query)
    if term is None:
        return []
    if kind == "word" and term.phrase and not term.prefix and _BROKEN_WORD.fullmatch(normalize(text)):
        return [term, Term(("".join(term.words),))]
    if len(term.words) == 2 and all(_ARABIC_WORD.fullmatch(w) for w in term.words):
        return [term, Term(("".join(term.words),))]
    return [term, *_split_terms(term)]


def parse_query(query: str) -> Query:
    """The structure of a user query; :class:`EmptyQueryError` or :class:`QuerySyntaxError` when unsearchable."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for kind, text, is_excluded in _lex(query):
        if kind == "or":
            if not groups or pending_or:
                raise QuerySyntaxError(f"OR needs a word on each side (a OR b), in {query!r}; {SYNTAX_HELP}")
            pending_or = True
            continue
        terms = _terms(kind, text, query)
        if not terms:
            continue
        if is_excluded:
            if pending_or:
                raise QuerySyntaxError(f"an excluded -word cannot be part of an OR, in {query!r}; {SYNTAX_HELP}")
            excluded.extend(terms)
        elif pending_or:
            groups[-1].extend(terms)
            pending_or = False
        else:
            groups.append(terms)
    if pending_or:
        raise QuerySyntaxError(f"OR needs a word on each side (a OR b), in {query!r}; {SYNTAX_HELP}")
    if not groups:
        if excluded:
            raise QuerySyntaxError(f"{query!r} only excludes words; give at least one word to find")
        raise EmptyQueryError(f"nothing to search for in {query!r}")
    # The words' split readings are not the user's words: they do not count towards the limit.
    if sum(not t.split for t in (*(t for g in groups for t in g), *excluded)) > MAX_QUERY_TERMS:
        raise QuerySyntaxError(f"a query may have at most {MAX_QUERY_TERMS} words or phrases")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded), _joined_pairs(groups))


def _joined_pairs(groups: list[list[Term]]) -> tuple[tuple[int, Term], ...]:
    """Each pair of neighbouring groups that are one plain Arabic word each (besides that word's split
    readings), with the two words as one word: ``كفر نبل`` also finds ``كفرنبل``."""
    def single(group: list[Term]) -> Term | None:
        own = [t for t in group if not t.split]
        return own[0] if len(own) == 1 and _joinable(own[0]) else None

    found = []
    for i in range(len(groups) - 1):
        first, second = single(groups[i]), single(groups[i + 1])
        if first is not None and second is not None:
            found.append((i, Term((first.words[0] + second.words[0],))))
    return tuple(found[:MAX_JOINED_PAIRS])


# -- FTS5 expression ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _phrase_proclitics() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Proclitics without the article: (before any word, before a word with ال that drops its alef)."""
    # Conjunctions and prepositions only: no article, no future marker (a verb's).
    sequences = [normalize(p) for p in read_yaml("clitics.yaml")["proclitic_sequences"]]
    plain = tuple(p for p in sequences if set(p) <= _NOUN_PROCLITIC_LETTERS and "ال" not in p and "لل" not in p)
    return plain, tuple(p for p in plain if p.endswith("ل"))


_NOUN_PROCLITIC_LETTERS = frozenset("وفبلك")


def _word_forms(word: str) -> list[str]:
    """Every form a document word (or one of its stems) may take to match the query word."""
    forms: list[str] = []
    for spelling in spellings(word):
        forms.append(spelling)
        forms.extend(sorted(query_stems(spelling)))
    return list(dict.fromkeys(forms))


def _phrase_forms(words: tuple[str, ...]) -> list[str]:
    """The spellings of a phrase, its first word also with a conjunction or preposition (والأمم المتحدة)."""
    spelled = list(product(*(spellings(w) for w in words)))[:MAX_PHRASE_SPELLINGS]
    plain, lam = _phrase_proclitics()
    found: list[str] = []
    for variant in spelled:
        first, rest = variant[0], " ".join(variant[1:])
        found.append(f"{first} {rest}")
        for p in plain:
            if first.startswith("ال") and p in lam:
                found.append(f"{p}{first[1:]} {rest}")  # ل + الأمم → للأمم
            else:
                found.append(f"{p}{first} {rest}")
    return list(dict.fromkeys(found))


def _term_expression(term: Term) -> str:
    if term.phrase:
        # Phrases are matched in the body (the stems column holds no word order).
        return "body : (" + " OR ".join(f'"{p}"' for p in _phrase_forms(term.words)) + ")"
    star = "*" if term.prefix else ""
    return "(" + " OR ".join(f'"{form}"{star}' for form in _word_forms(term.words[0])) + ")"


def fts_expression(parsed: Query) -> str:
    """The FTS5 MATCH expression of a parsed query; every user word is quoted."""
    groups = ["(" + " OR ".join(_term_expression(t) for t in group) + ")" for group in parsed.groups]
    expression = " AND ".join(groups)
    if parsed.joined:
        # Every group, or the same with one neighbouring pair replaced by the two words as one.
        alternatives = [expression] + [
            " AND ".join([*groups[:i], "(" + _term_expression(term) + ")", *groups[i + 2:]])
            for i, term in parsed.joined
        ]
        expression = " OR ".join(f"({a})" for a in alternatives)
    if parsed.excluded:
        expression = f"({expression}) NOT (" + " OR ".join(_term_expression(t) for t in parsed.excluded) + ")"
    return expression


def match_expression(query: str) -> tuple[str, list[str]]:
    """An FTS5 MATCH expression for a user query, and the normalised words it looks for.

    See :func:`parse_query` for the syntax.  A word matches its own form, its
    spellings, or one of their stems in either column; the user's words are
    always quoted, so input is never read as FTS5 syntax."""
    parsed = parse_query(query)
    return fts_expression(parsed), parsed.words


def highlight_forms(parsed: Query) -> set[str]:
    """The forms of every word to find, prefixes marked with :data:`PREFIX_MARK` (for highlighting).

    A word's split readings are left out (their parts alone would light up every ``حده`` for
    ``المتحدة``): :func:`split_pairs` finds them side by side."""
    forms: set[str] = set()
    terms = [t for group in parsed.groups for t in group if not t.split] + [t for _, t in parsed.joined]
    for term in terms:
        for word in term.words:
            found = _word_forms(word)
            forms.update(f + PREFIX_MARK for f in found) if term.prefix else forms.update(found)
    return forms


def split_pairs(parsed: Query) -> list[tuple[frozenset[str], frozenset[str]]]:
    """The forms of the two parts of each split reading of a query word, to highlight where a
    word matching the first stands right before a word matching the second."""
    return [(frozenset(_word_forms(t.words[0])), frozenset(_word_forms(t.words[1])))
            for group in parsed.groups for t in group if t.split]


def query_forms(words: list[str]) -> set[str]:
    """Every form (word, spelling or stem) a matching document word may have, for highlighting."""
    forms: set[str] = set()
    for word in words:
        forms.update(_word_forms(word))
    return forms


def word_matches(normalised_word: str, forms: AbstractSet[str], ta_marbuta: bool = False) -> bool:
    """Whether a document word (normalised; ``ta_marbuta``: written with a final ة) matches a query form."""
    if normalised_word in forms:
        return True
    word_stems = stems(normalised_word, ta_marbuta)
    if not word_stems.isdisjoint(forms):
        return True
    prefixes = _prefixes(forms) if isinstance(forms, frozenset) else _prefixes(frozenset(forms))
    return bool(prefixes) and any(w.startswith(prefixes) for w in (normalised_word, *word_stems))


@lru_cache(maxsize=256)
def _prefixes(forms: frozenset[str]) -> tuple[str, ...]:
    """The prefix forms among a query's forms, without their mark (one search asks this for every word)."""
    return tuple(f[: -len(PREFIX_MARK)] for f in forms if f.endswith(PREFIX_MARK))


def written_word_matches(word: str, forms: AbstractSet[str]) -> bool:
    """:func:`word_matches` for a word as written in the original text."""
    return word_matches(normalize(word), forms, ends_in_ta_marbuta(word))
