"""Whether the actors (or targets) of two mentions of one event type may name one party.

The merge of re-mentions (``extract.merge_mentions``) keeps two mentions apart when their arguments
contradict. Two phrases contradict only when both name a party and not the same phrase: a personal
pronoun (``نحن نستقبل``, ``data/party_placeholders.tsv``) or a lone title (``الفريق`` of ``الفريق أول …
محمد بن زايد``, ``data/roles.tsv``) names none, so it shows nothing about who the other mention's party
is. Tried and not kept (dev, docs/evaluation-log.md): one phrase's words all inside the other's
(``باريرا`` … ``كارلوس ألبرتو باريرا``) joins one party's distinct meetings as often as it joins a
re-mention; the same dictionary actor id changes nothing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from marsad.attribution.learned.context import bare
from marsad.ner.roles import role_keys
from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize


@lru_cache(maxsize=1)
def placeholders() -> frozenset[str]:
    """Words that stand for a party without naming it: ``data/party_placeholders.tsv``."""
    return frozenset(normalize(row["word"]) for row in read_tsv_dicts("party_placeholders.tsv"))


def names_no_party(arg: dict[str, Any]) -> bool:
    """A pronoun or a lone title (one of ``roles.tsv``, with or without its article and conjunction)."""
    text = " ".join(normalize(str(arg.get("text", ""))).split())
    if not text:
        return True
    stem = bare(text)
    if text in placeholders() or stem in placeholders():
        return True
    keys = role_keys()
    return text in keys or stem in keys or "ال" + stem in keys


def one_party(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """Whether two argument records may name one party: the same phrase, or one naming no party."""
    return bare(str(x.get("text", ""))) == bare(str(y.get("text", ""))) or names_no_party(x) or names_no_party(y)
