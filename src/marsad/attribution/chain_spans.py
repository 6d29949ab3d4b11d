"""Where the text names each link of a source chain: ``chain_spans``, one per ``chain`` name.

A chain (``["Russia", "RT"]``) holds names: the claim source first (canonical when the dictionary
knows it), then the relays (``وفق موقع “RT”``, ``نقلا عن``).  Offsets are sacred, so every link
also gets its ``[start, end)`` span into the original text where the text names it:
``{"name": "RT", "text": "RT", "start": 629, "end": 631}`` in the seed article; ``text``, ``start`` and ``end`` are
None for a link the text does not name (none found).

A link is found as the record's own speaker or claim source when that is written as the name;
else nearest before the record (else nearest after) as the text writes the name itself (whole
words: ``لجنة التحقيق``); else as the record's own speaker or claim source whose canonical name it
is (``روسيا`` for ``Russia``); else as a phrase the quote finder read as that party (its speakers
and relays), a claim source or an entity of that canonical name.  Only spans are added: no chain, speaker or event changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marsad.document import Document

# name -> [(tier, start, end, text)] of the phrases that name it; tier 0: a phrase the quote finder
# read as a party or a claim source, 1: an entity (only when no phrase of tier 0 names it)
Index = dict[str, list[tuple[int, int, int, str]]]


def phrase_index(doc: Document, named: Iterable[tuple[str, dict[str, Any]]] = ()) -> Index:
    """The phrases of ``doc`` that name a party, by name: ``named`` (name, span record) pairs the
    quote finder formed, the located links and the speakers of quotes, the events' claim sources
    and the entities (each under its canonical name and its text)."""
    index: Index = {}

    def add(name: object, record: object, tier: int = 0) -> None:
        if not isinstance(name, str) or not name or not isinstance(record, dict):
            return
        start, end, text = record.get("start"), record.get("end"), record.get("text")
        if isinstance(start, int) and isinstance(end, int) and isinstance(text, str):
            index.setdefault(name, []).append((tier, start, end, text))

    def add_party(record: object) -> None:
        if isinstance(record, dict):
            add(record.get("canonical"), record)
            add(record.get("text"), record)

    for name, record in named:
        add(name, record)
    for quote in doc.quotes:
        for link in quote.chain_spans:
            add(link.get("name"), link)
        add_party(quote.speaker)
    for event in doc.events:
        add_party(event.source)
    for entity in doc.entities:
        add(entity.canonical, {"start": entity.start, "end": entity.end, "text": entity.text}, 1)
    return index


def _literal(text: str, name: str, anchor: int) -> tuple[int, int, str] | None:
    """The occurrence of ``name`` as whole words in ``text`` nearest before ``anchor``, else the first after."""
    best: tuple[int, int, str] | None = None
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        whole = (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
        if whole:
            if at > anchor:
                return best or (at, end, name)
            best = (at, end, name)
        at = text.find(name, at + 1)
    return best


def _nearest(spans: list[tuple[int, int, int, str]], anchor: int) -> tuple[int, int, str] | None:
    if not spans:
        return None
    tier = min(s[0] for s in spans)
    mine = [s[1:] for s in spans if s[0] == tier]
    before = [s for s in mine if s[0] <= anchor]
    if before:
        return max(before, key=lambda s: (s[0], -s[1]))
    return min(mine, key=lambda s: (s[0], s[1]))


def locate(
    chain: list[str], anchor: int, text: str, index: Index, own: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """``chain_spans`` of ``chain`` for a record at offset ``anchor`` (see the module docstring);
    ``own``: the record's speaker or claim source, which locates the link it names first."""
    out: list[dict[str, Any]] = []
    for name in chain:
        mine = (int(own["start"]), int(own["end"]), str(own["text"])) if (
            own is not None and isinstance(own.get("start"), int) and isinstance(own.get("end"), int)
            and isinstance(own.get("text"), str)) else None
        found = mine if mine is not None and own is not None and own.get("text") == name else None
        if found is None and name.strip():
            found = _literal(text, name, anchor)
        if found is None and mine is not None and own is not None and own.get("canonical") == name:
            found = mine
        if found is None:
            found = _nearest(index.get(name, []), anchor)
        start, end, surface = found if found is not None else (None, None, None)
        out.append({"name": name, "text": surface, "start": start, "end": end})
    return out


def locate_quote_chains(doc: Document, named: Iterable[tuple[str, dict[str, Any]]] = ()) -> None:
    """Every quote's ``chain_spans`` (after the quotes stage, the learned speakers included)."""
    index = phrase_index(doc, named)
    text = doc.text
    for quote in doc.quotes:
        quote.chain_spans = locate(quote.chain, quote.start, text, index, quote.speaker)


def locate_event_chains(doc: Document) -> None:
    """Every event's ``chain_spans`` (after the events stage, the learned decisions included), and
    those of each merged re-mention that keeps its own chain (round 35), anchored at its trigger."""
    remembered = [m for event in doc.events for m in event.mentions if "chain" in m]
    if not any(event.chain for event in doc.events) and not any(m["chain"] for m in remembered):
        for event in doc.events:
            event.chain_spans = []
        for mention in remembered:
            mention["chain_spans"] = []
        return
    # (the re-mentions' own sources locate their own links only: the events' spans stay as they were)
    index = phrase_index(doc)
    text = doc.text
    for event in doc.events:
        event.chain_spans = locate(event.chain, int(event.trigger["start"]), text, index, event.source)
    for mention in remembered:
        source = mention.get("source")
        mention["chain_spans"] = locate(list(mention["chain"]), int(mention["start"]), text, index,
                                        source if isinstance(source, dict) else None)
