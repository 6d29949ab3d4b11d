"""Titles and roles that introduce people (``الرئيس``, ``اللواء``, ``المتحدث باسم``).

The list lives in ``data/roles.tsv``.  The NER tagger uses it as a feature; the
quotes stage can use :func:`roles` / :func:`role_keys` to recognise a speaker's
title before a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize


@dataclass(frozen=True, slots=True)
class Role:
    text: str  # as written in roles.tsv
    key: str  # normalised, single-spaced: the form matched on doc.matching
    kind: str  # office | military_rank | spokesperson | honorific | religious | occupation
    english: str


@lru_cache(maxsize=1)
def roles() -> tuple[Role, ...]:
    return tuple(
        Role(row["role"], " ".join(normalize(row["role"]).split()), row["kind"], row["english"])
        for row in read_tsv_dicts("roles.tsv")
    )


@lru_cache(maxsize=1)
def role_keys() -> dict[str, Role]:
    """Normalised role text → role; multi-word roles are space-joined."""
    return {role.key: role for role in roles()}


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Every normalised word that occurs in some role (for per-token features)."""
    return frozenset(word for role in roles() for word in role.key.split())


@lru_cache(maxsize=1)
def max_role_words() -> int:
    return max(len(role.key.split()) for role in roles())
