"""Checks shared by the listing commands (``marsad events``, ``marsad quotes``) on filters that would
otherwise match nothing without a word: a day range that ends before it starts, an outlet the store
does not hold under that name, a place no stored place is named (``Hodeidah`` where the gazetteer
wrote ``Al Ḩudaydah``)."""

from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from typing import TYPE_CHECKING

from marsad.cli.console import fail, terminal_safe

if TYPE_CHECKING:
    from marsad.store import Store

# How many stored outlets the hint lists when none resembles the value given.
_LISTED = 8


def check_day_range(since: str | None, until: str | None) -> None:
    """Exit 2 when ``--since`` is after ``--until``: no day is in both, so the answer would be an empty
    list that looks like "nothing happened" (both are ISO days already, compared as text)."""
    if since and until and since > until:
        fail(f"--since {since} is after --until {until}: no day is in both (swap them?)")


def unknown_outlet_hint(store: Store, source: str | None) -> None:
    """When ``--source`` names no stored outlet (it is matched exactly: ``sanaa-post`` is not
    ``sanaa-post.example``), say so on stderr with the stored outlets that contain the value
    (case and spaces aside), else the first few; nothing when the outlet exists (its reports
    simply do not match the other filters)."""
    if not source:
        return
    names = [str(s["name"]) for s in store.outlet_activity()["sources"] if s.get("name")]
    if source in names:
        return
    folded = source.strip().casefold()
    close = [n for n in names if folded and (folded in n.casefold() or n.casefold() in folded)]
    if close:
        listed = ", ".join(close[:_LISTED])
        message = f"no outlet is stored as {source!r} (--source is matched exactly); did you mean: {listed}"
    elif names:
        more = f" and {len(names) - _LISTED} more (marsad serve: /api/sources)" if len(names) > _LISTED else ""
        message = f"no outlet is stored as {source!r}; the stored outlets: {', '.join(names[:_LISTED])}{more}"
    else:
        message = f"no outlet is stored as {source!r}: the store has no outlet names"
    print(f"marsad: {terminal_safe(message, one_line=True)}", file=sys.stderr)


def _latin_folded(name: str) -> str:
    """A name without accents, case or a leading article (``Al Ḩudaydah`` → ``hudaydah``), to find the
    stored spelling closest to a transliteration (``Hodeidah``)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()
    return re.sub(r"^(?:al|el)[ -]", "", bare.strip())


def unknown_place_hint(store: Store, place: str | None) -> None:
    """When ``--place`` is a part of no stored place's name (as written, canonical or governorate, after
    the same normalisation the filter applies), say so on stderr with the closest stored spellings."""
    if not place or not place.strip():
        return
    from marsad.text.normalize import normalize

    names = store.place_names()
    wanted = normalize(place.strip())
    if any(wanted in normalize(name) for name in names):
        return  # a stored place has that name: the other filters left nothing
    by_form: dict[str, list[str]] = {}
    for name in names:
        by_form.setdefault(_latin_folded(name), []).append(name)
    close = difflib.get_close_matches(_latin_folded(place), list(by_form), n=3, cutoff=0.6)
    spellings = [name for form in close for name in by_form[form]]
    message = f"no stored place is named {place!r}"
    if spellings:
        message += f"; the closest stored names: {', '.join(spellings)}"
    print(f"marsad: {terminal_safe(message, one_line=True)}", file=sys.stderr)
