"""A readable right-to-left terminal view of an analysed document (rich).

The article is shown as written (the reader cites the original); repaired words
are highlighted with their repair beside them, boilerplate is dimmed, and the
annotations follow as tables: who → what → whom, where, when, status, source.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from marsad.cli.console import display, stdout
from marsad.document import Document

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
            out.append(f"⟨{display(replacement)}⟩", style="green")
        pos = end
    out.append(display(text[pos:]))
    return out


def _span_text(part: dict[str, object] | None) -> str:
    if not part:
        return "—"
    canonical = part.get("canonical")
    surface = str(part.get("text") or part.get("name") or "")
    return f"{display(surface)} ({canonical})" if canonical else display(surface)


def render_document(doc: Document) -> None:
    header = Text(justify="right")
    if doc.title:
        header.append(display(doc.title), style="bold")
    stdout.rule(f"{doc.source or doc.id}")
    stdout.print(header)
    published = doc.published or "unknown"
    how = " (detected from the text)" if doc.published_detected else ""
    stdout.print(f"published: {published}{how}    id: {doc.id}", justify="right", style="dim")
    stdout.print(_article_text(doc))

    if doc.repairs:
        table = Table(title=f"Repairs ({len(doc.repairs)})", title_justify="right")
        for col in ("kind", "repaired", "as written", "offsets"):
            table.add_column(col, justify="right")
        for r in doc.repairs:
            table.add_row(r.kind, display(r.replacement), display(r.original), f"[{r.start}, {r.end})")
        stdout.print(table)
    if doc.entities:
        table = Table(title=f"Entities ({len(doc.entities)})", title_justify="right")
        for col in ("type", "text", "canonical", "offsets"):
            table.add_column(col, justify="right")
        for e in doc.entities:
            table.add_row(e.type, display(e.text), e.canonical or "—", f"[{e.start}, {e.end})")
        stdout.print(table)
    if doc.places:
        table = Table(title=f"Places ({len(doc.places)})", title_justify="right")
        for col in ("name", "canonical", "country", "admin1", "lat, lon", "precision", "mentions"):
            table.add_column(col, justify="right")
        for p in doc.places:
            where = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None else "unresolved"
            table.add_row(
                display(p.name), p.canonical or "—", p.country or "—", p.admin1 or "—", where,
                str(p.precision or "—"), str(len(p.mentions)),
            )
        stdout.print(table)
    if doc.times:
        table = Table(title=f"Times ({len(doc.times)})", title_justify="right")
        for col in ("text", "value", "granularity"):
            table.add_column(col, justify="right")
        for t in doc.times:
            table.add_row(display(t.text), t.value, t.granularity)
        stdout.print(table)
    if doc.quotes:
        stdout.rule(f"Quotes ({len(doc.quotes)})", style="dim")
        for q in doc.quotes:
            content = str(q.content.get("text", ""))
            short = content if len(content) <= 160 else content[:157] + "…"
            line = Text("• ")
            if q.speaker:
                line.append(_span_text(q.speaker), style="bold")
            else:
                line.append(f"(no speaker: {q.speaker_reason or 'unknown'})", style="dim")
            line.append(f"  [{display(str(q.cue.get('text', '')))}, {'direct' if q.direct else 'indirect'}]", style="cyan")
            if q.chain:
                line.append("  via " + " ← ".join(q.chain), style="dim")
            line.append("\n    ")
            line.append(display(short))
            stdout.print(line)
    if doc.events:
        stdout.rule(f"Events ({len(doc.events)})", style="dim")
        for ev in doc.events:
            line = Text("• ")
            line.append(ev.type + (f"/{ev.mode}" if ev.mode else ""), style="bold")
            line.append(f"  {ev.status}", style=STATUS_STYLE.get(ev.status, ""))
            line.append(f"  {_span_text(ev.actor)} → {_span_text(ev.target)}")
            if ev.place:
                line.append(f"  @ {_span_text(ev.place)}")
            if ev.date:
                line.append(f"  {ev.date}", style="dim")
            if ev.status != "asserted" or ev.source or ev.chain:
                source = " ← ".join(ev.chain) if ev.chain else _span_text(ev.source)
                line.append(f"\n    according to: {source}", style="yellow")
            if ev.figures:
                figures = ", ".join(
                    f"{f.get('kind')} {f.get('value')}" + (f" ({f.get('source')})" if f.get("source") else "")
                    for f in ev.figures
                )
                line.append(f"\n    figures: {figures}", style="magenta")
            trigger = ev.trigger.get("text")
            if trigger:
                line.append(f"\n    trigger: {display(str(trigger))} [{ev.trigger.get('start')}, {ev.trigger.get('end')})", style="dim")
            stdout.print(line)
    for err in doc.errors:
        stdout.print(f"[red]stage {err.stage} failed:[/] {err.message}")
    for note in doc.notes:
        stdout.print(f"[dim]note ({note.kind}): {note.message}[/]")
