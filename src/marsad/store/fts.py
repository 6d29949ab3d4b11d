"""Full-text search terms: the repaired, normalised words and their clitic-stripped stems.

FTS5's own tokenizer knows nothing of Arabic clitics, so the store indexes two
columns: ``body`` (the normalised clean text, word by word) and ``stems`` (for
every word, its readings without proclitics/enclitics).  A query word is
normalised the same way and matches either its own form or any of its stems,
so ``أسلحة`` finds ``الأسلحة`` and ``وأسلحتها`` and ``ادلب`` finds ``إدلب``.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from functools import lru_cache

import regex

from marsad.errors import MarsadError
from marsad.text.normalize import normalize
from marsad.text.tokenize import WORD_RE, readings, tokens

# Before an enclitic, ta marbuta is written ت (أسلحة + ها → أسلحتها); the
# normalised dictionary form of such a stem ends in ه.
_TA_MARBUTA_STEM = "ت"
_NORMALISED_TA_MARBUTA = "ه"
_ARABIC_LETTER = regex.compile(r"\p{Arabic}")
_ARTICLE_ENDINGS = ("ال", "لل")
_FTS_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def stems(word: str) -> frozenset[str]:
    """The stem readings of one normalised word (without the word itself)."""
    return _stems(word)


# Words repeat heavily across a corpus; caching their readings makes indexing ~3x faster.
@lru_cache(maxsize=200_000)
def _stems(word: str) -> frozenset[str]:
    found: set[str] = set()
    if not _ARABIC_LETTER.search(word):
        return frozenset()
    for reading in readings(word)[1:]:
        found.add(reading.stem)
        if reading.suffix and reading.stem.endswith(_TA_MARBUTA_STEM):
            found.add(reading.stem[:-1] + _NORMALISED_TA_MARBUTA)
    found.discard(word)
    return frozenset(found)


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


def index_columns(clean_text: str, title: str | None = None) -> tuple[str, str]:
    """(body, stems) to index for a document's clean text and title."""
    normal = normalize(f"{title}\n{clean_text}" if title else clean_text)
    words: list[str] = WORD_RE.findall(normal)
    extra: list[str] = []
    for word in words:
        extra.extend(sorted(stems(word)))
    joined = _INNER_PUNCTUATION.sub("", normal)
    if joined != normal:
        known = set(words)
        for token in tokens(joined):
            if token.text not in known:
                extra.append(token.text)
                extra.extend(sorted(stems(token.text)))
    return " ".join(words), " ".join(extra)


class EmptyQueryError(MarsadError, ValueError):
    """The query has no searchable word."""


def match_expression(query: str) -> tuple[str, list[str]]:
    """An FTS5 MATCH expression for a user query, and the normalised query words.

    Every word of the query must occur (AND); a word matches its own form or
    one of its stems in either column.  Words are quoted, so the user's input
    is never parsed as FTS syntax.
    """
    words = [t.text for t in tokens(normalize(query))]
    words = [w for w in words if _FTS_WORD.fullmatch(w)] or [
        w for t in tokens(normalize(query)) for w in _FTS_WORD.findall(t.text)
    ]
    if not words:
        raise EmptyQueryError(f"nothing to search for in {query!r}")
    clauses = []
    for word in words:
        forms = [word, *sorted(query_stems(word))]
        clauses.append("(" + " OR ".join(f'"{form}"' for form in forms) + ")")
    return " AND ".join(clauses), words


def query_forms(words: list[str]) -> set[str]:
    """Every form (word or stem) a matching document word may have, for highlighting."""
    forms: set[str] = set()
    for word in words:
        forms.add(word)
        forms.update(query_stems(word))
    return forms


def word_matches(normalised_word: str, forms: AbstractSet[str]) -> bool:
    return normalised_word in forms or bool(stems(normalised_word) & forms)
