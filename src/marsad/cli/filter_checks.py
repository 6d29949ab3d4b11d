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
    named = [name for name in names if wanted in normalize(name)]
    if named:
        _no_event_there(store, place.strip(), named)
        return
    by_form: dict[str, list[str]] = {}
    for name in names:
        by_form.setdefault(_latin_folded(name), []).append(name)
    close = difflib.get_close_matches(_latin_folded(place), list(by_form), n=3, cutoff=0.6)
    spellings = [name for form in close for name in by_form[form]]
    message = f"no stored place is named {place!r}"
    if spellings:
        message += f"; the closest stored names: {', '.join(spellings)}"
    print(f"marsad: {terminal_safe(message, one_line=True)}", file=sys.stderr)


def _no_event_there(store: Store, place: str, named: list[str]) -> None:
    """A place the articles name but no event is placed at (round 35: ``--place كفرنبل`` answered
    nothing while every article of the story names Kafranbel; their events are at Idlib): say where
    those articles place their events.  Nothing when events are placed there (the other filters left
    nothing)."""
    from marsad.store import Filters

    if store.count_events(Filters(place=place)):
        return
    articles, places, written = store.event_places_of_articles_naming(named)
    if places:
        where = f"the events of the {articles} article(s) that name it are placed at: {', '.join(places[:_LISTED])}"
    elif articles:
        where = f"the events of the {articles} article(s) that name it have no place"
    else:
        where = "the articles that name it have no events"
    # the search reads the articles' words: the place as they wrote it, not the gazetteer's name
    search = f" (marsad search {written[0]} finds the articles)" if written else ""
    message = f"no event is placed at {place!r}; {where}{search}"
    print(f"marsad: {terminal_safe(message, one_line=True)}", file=sys.stderr)
