"""A readable right-to-left terminal view of an analysed document (rich).

The article is shown as written (the reader cites the original); repaired words
are highlighted with their repair beside them, boilerplate is dimmed, and the
annotations follow as tables: who → what → whom, where, when, status, source.
Every string from the document passes :func:`display` / :func:`markup` (terminal-safe).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from marsad.cli.console import display, markup, stdout, terminal_safe
from marsad.document import Document, Event, Place, Quote

STATUS_STYLE = {
    "asserted": "bold green",
    "claimed": "bold yellow",
    "denied": "bold red",
    "planned": "bold cyan",
    "hypothetical": "magenta",
}


def _article_text(doc: Document) -> Text:
    marks: list[tuple[int, int, str, str | None]] = []
    for r in doc.repairs:
        marks.append((r.start, r.end, "bold black on yellow", r.replacement))
    for b in doc.boilerplate:
        marks.append((b.start, b.end, "dim strike", None))
    marks.sort(key=lambda m: (m[0], -m[1]))
    out = Text(justify="right")
    pos = 0
    text = doc.text
    for start, end, style, replacement in marks:
        if start < pos:
            continue
        out.append(display(text[pos:start]))
        out.append(display(text[start:end]), style=style)
        if replacement is not None:
            out.append(f"⟨{display(replacement, one_line=True)}⟩", style="green")
        pos = end
    out.append(display(text[pos:]))
    return out


def _span_text(part: dict[str, object] | None) -> str:
    if not part:
        return "—"
    canonical = part.get("canonical")
    surface = display(str(part.get("text") or part.get("name") or ""), one_line=True)
    named = f"{surface} ({display(str(canonical), one_line=True)})" if canonical else surface
    # A role or speaker the learned models chose carries their belief in it, as the JSON does.
    return named + _confidence(part.get("confidence"))


def _confidence(value: object) -> str:
    """`` p=0.67`` for a model's confidence; nothing for output of the rules alone (no score)."""
    return f" p={value:.2f}" if isinstance(value, float | int) and not isinstance(value, bool) else ""


def _header(doc: Document) -> None:
    header = Text(justify="right")
    if doc.title:
        header.append(display(doc.title, one_line=True), style="bold")
    stdout.rule(markup(doc.source or doc.id))
    stdout.print(header)
    published = markup(doc.published or "unknown")
    how = " (detected from the text)" if doc.published_detected else ""
    given = f"    source id: {markup(doc.source_id)}" if doc.source_id else ""
    stdout.print(f"published: {published}{how}    id: {markup(doc.id)}{given}", justify="right", style="dim")
    stdout.print(_article_text(doc))


def _table(title: str, count: int, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    table = Table(title=f"{title} ({count})", title_justify="right")
    for col in columns:
        table.add_column(col, justify="right")
    for row in rows:
        # Text cells: a plain string would be read as rich markup; every cell is made safe
        # here (the untrusted ones are already, and making safe twice changes nothing).
        table.add_row(*(Text(terminal_safe(cell, one_line=True)) for cell in row))
    stdout.print(table)


def _repairs(doc: Document) -> None:
    rows = [(r.kind, display(r.replacement, one_line=True), display(r.original, one_line=True), f"[{r.start}, {r.end})")
            for r in doc.repairs]
    _table("Repairs", len(doc.repairs), ("kind", "repaired", "as written", "offsets"), rows)


def _entities(doc: Document) -> None:
    rows = [(e.type, display(e.text, one_line=True), e.canonical or "—", f"[{e.start}, {e.end})") for e in doc.entities]
    _table("Entities", len(doc.entities), ("type", "text", "canonical", "offsets"), rows)


def _place_row(p: Place) -> tuple[str, ...]:
    where = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None else "unresolved"
    return (
        display(p.name, one_line=True), p.canonical or "—", p.country or "—", p.admin1 or "—", where,
        str(p.precision or "—"), str(len(p.mentions)),
    )


def _places(doc: Document) -> None:
    columns = ("name", "canonical", "country", "admin1", "lat, lon", "precision", "mentions")
    _table("Places", len(doc.places), columns, [_place_row(p) for p in doc.places])


def _times(doc: Document) -> None:
    rows = [(display(t.text, one_line=True), t.value, t.granularity) for t in doc.times]
    _table("Times", len(doc.times), ("text", "value", "granularity"), rows)


def _relays(q: Quote) -> list[str]:
    """The chain a quote came through, less its first link when that link is the speaker shown just
    before (``روسيا (Russia)  via Russia`` said nothing; ``via RT`` does, as ``marsad quotes`` writes it).
    A first link that is not the speaker (the report's source, ``التقرير`` → ``لجنة التحقيق``) stays."""
    chain = list(q.chain)
    speaker = q.speaker or {}
    if chain and chain[0] in {speaker.get("text"), speaker.get("canonical")}:
        chain = chain[1:]
    return chain


def _quote_line(q: Quote) -> Text:
    content = str(q.content.get("text", ""))
    short = content if len(content) <= 160 else content[:157] + "…"
    line = Text("• ")
    if q.speaker:
        line.append(_span_text(q.speaker), style="bold")
    else:
        line.append(f"(no speaker: {display(q.speaker_reason or 'unknown', one_line=True)})", style="dim")
    line.append(f"  [{display(str(q.cue.get('text', '')), one_line=True)}, {'direct' if q.direct else 'indirect'}]",
                style="cyan")
    relays = _relays(q)
    if relays:
        line.append("  via " + " ← ".join(display(name, one_line=True) for name in relays), style="dim")
    line.append("\n    ")
    line.append(display(short))
    return line


def _quotes(doc: Document) -> None:
    stdout.rule(f"Quotes ({len(doc.quotes)})", style="dim")
    for q in doc.quotes:
        stdout.print(_quote_line(q))


def _event_line(ev: Event) -> Text:
    line = Text("• ")
    line.append(ev.type + (f"/{ev.mode}" if ev.mode else ""), style="bold")
    line.append(f"  {ev.status}", style=STATUS_STYLE.get(ev.status, ""))
    line.append(_confidence(ev.confidence), style="dim")
    line.append(f"  {_span_text(ev.actor)} → {_span_text(ev.target)}")
    if ev.place:
        line.append(f"  @ {_span_text(ev.place)}")
    if ev.date:
        line.append(f"  {ev.date}", style="dim")
    if ev.status != "asserted" or ev.source or ev.chain:
        source = " ← ".join(display(name, one_line=True) for name in ev.chain) if ev.chain else _span_text(ev.source)
        line.append(f"\n    according to: {source}", style="yellow")
    if ev.figures:
        figures = display(", ".join(
            f"{f.get('kind')} {f.get('value')}" + (f" ({f.get('source')})" if f.get("source") else "")
            for f in ev.figures
        ), one_line=True)
        line.append(f"\n    figures: {figures}", style="magenta")
    trigger = ev.trigger.get("text")
    if trigger:
        line.append(f"\n    trigger: {display(str(trigger), one_line=True)} [{ev.trigger.get('start')}, {ev.trigger.get('end')})", style="dim")
    if ev.mentions:  # the re-mentions the learned models merged into this event, each with its own status and source
        also = "; ".join(f"{display(str(m.get('text', '')), one_line=True)} [{m.get('start')}, {m.get('end')})"
                         + _mention_says(m) for m in ev.mentions)
        line.append(f"\n    also mentioned: {also}", style="dim")
    return line


def _mention_says(mention: dict[str, Any]) -> str:
    """`` (denied, according to المتحدث)``: a re-mention's own status and source (round 35; none before)."""
    status = mention.get("status")
    if not isinstance(status, str):
        return ""
    source = mention.get("source")
    name = source.get("canonical") or source.get("text") if isinstance(source, dict) else None
    return f" ({status}, according to {display(str(name), one_line=True)})" if name else f" ({status})"


def _events(doc: Document) -> None:
    stdout.rule(f"Events ({len(doc.events)})", style="dim")
    for ev in doc.events:
        stdout.print(_event_line(ev))


# The annotation sections, in the order shown, each under the list it needs.
_SECTIONS: tuple[tuple[str, Callable[[Document], None]], ...] = (
    ("repairs", _repairs),
    ("entities", _entities),
    ("places", _places),
    ("times", _times),
    ("quotes", _quotes),
    ("events", _events),
)


def render_document(doc: Document) -> None:
    _header(doc)
    for name, section in _SECTIONS:
        if getattr(doc, name):
            section(doc)
    for err in doc.errors:
        stdout.print(f"[red]stage {markup(err.stage)} failed:[/] {markup(err.message)}")
    for note in doc.notes:
        stdout.print(f"[dim]note ({markup(note.kind)}): {markup(note.message)}[/]")
