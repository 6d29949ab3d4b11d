"""Synthetic, hand-written articles with hand-placed annotations for the web tests.

The texts are our own writing.  Annotations are located by searching their
surface in the text, so every offset is right by construction; this lets the
API and dashboard be tested whatever the NLP stages currently produce.
"""

from __future__ import annotations

from typing import Any

from marsad.document import Document, Entity, Event, Place, Quote, Repair, TimeExpression

HOSTILE_SCRIPT = "<script>window.__pwned = 'script'; alert('x')</script>"
HOSTILE_IMG = "<img src=x onerror=\"window.__pwned='img'; alert(1)\">"
HOSTILE_LINK = "javascript:window.__pwned='link';alert(2)"


def _span(text: str, surface: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(surface, pos + 1)
    return pos, pos + len(surface)


def _place(text: str, name: str, pid: str, country: str, lat: float, lon: float) -> Place:
    start, end = _span(text, name)
    return Place(pid, name, name, country, None, lat, lon, 1, [[start, end]], "PPLA", 1)


def _event(
    text: str,
    trigger: str,
    etype: str,
    status: str,
    actor: str | None,
    target: str | None,
    place: tuple[str, str, float, float] | None,
    date: str | None,
    source: str | None = None,
) -> Event:
    start, end = _span(text, trigger)

    def party(name: str | None) -> dict[str, Any] | None:
        if name is None:
            return None
        s, e = _span(text, name)
        return {"start": s, "end": e, "text": name, "canonical": name}

    return Event(
        type=etype,
        mode=None,
        trigger={"start": start, "end": end, "text": trigger},
        actor=party(actor),
        target=party(target),
        # The events contract names {name, id, lat, lon}; the country is added so the store's
        # country column is filled (it looks the country up only for events without coordinates).
        place={"name": place[0], "id": place[1], "lat": place[2], "lon": place[3], "country": "SY"} if place else None,
        date=date,
        status=status,
        source={"text": source, "canonical": source} if source else None,
        chain=[source] if source else [],
    )


def report_article() -> Document:
    """A short report with two obfuscated words, two places and three events."""
    text = (
        "قصف جديد في ريف إدلب\n"
        "قالت مصادر محلية إن طائرات حربية قصـ.فت بلدة سراقب يوم الثلاثاء 3 آذار 2020، "
        "وأدى القصف إلى مقـ.تل مدنيين.\n"
        "وأعلن الدفاع المدني أنه أخلى الجرحى إلى مدينة إدلب، "
        "فيما نفت وزارة الدفاع الروسية مسؤوليتها عن الهجوم.\n"
    )
    doc = Document(text, title="قصف جديد في ريف إدلب", url="https://example.org/report-1", source="example",
                   published="2020-03-04")
    for surface, fixed in (("قصـ.فت", "قصفت"), ("مقـ.تل", "مقتل")):
        s, e = _span(text, surface)
        doc.repairs.append(Repair(s, e, surface, fixed, "tatweel+dot"))
    for surface, etype in (("الدفاع المدني", "ORG"), ("وزارة الدفاع الروسية", "ORG"), ("سراقب", "GPE"), ("إدلب", "GPE")):
        s, e = _span(text, surface)
        doc.entities.append(Entity(s, e, surface, etype, surface))
    doc.places.append(_place(text, "سراقب", "test:saraqib", "SY", 35.8647, 36.8047))
    idlib = _place(text, "إدلب", "test:idlib", "SY", 35.9306, 36.6339)
    idlib.mentions = [list(_span(text, "إدلب")), list(_span(text, "إدلب", 1))]
    doc.places.append(idlib)
    s, e = _span(text, "3 آذار 2020")
    doc.times.append(TimeExpression(s, e, "3 آذار 2020", "2020-03-03", "day"))
    s, e = _span(text, "أنه أخلى الجرحى إلى مدينة إدلب")
    cs, ce = _span(text, "وأعلن")
    ss, se = _span(text, "الدفاع المدني")
    doc.quotes.append(
        Quote(s, e, {"start": cs, "end": ce, "text": "وأعلن"}, {"start": ss, "end": se, "text": "الدفاع المدني"},
              {"start": s, "end": e, "text": text[s:e]}, False)
    )
    doc.events.append(_event(text, "قصـ.فت", "ASSAULT", "claimed", None, "سراقب", ("سراقب", "test:saraqib", 35.8647, 36.8047),
                             "2020-03-03", "مصادر محلية"))
    doc.events.append(_event(text, "أخلى", "AID", "asserted", "الدفاع المدني", None, ("إدلب", "test:idlib", 35.9306, 36.6339),
                             "2020-03-03", "الدفاع المدني"))
    doc.events.append(_event(text, "نفت", "REJECT", "denied", "وزارة الدفاع الروسية", None, None, "2020-03-04"))
    return doc


def second_article() -> Document:
    """Another day, another place (Douma) and another event type."""
    text = (
        "احتجاج في دوما\n"
        "تظاهر عشرات من سكان مدينة دوما يوم الجمعة 6 آذار 2020 للمطالبة بالإفراج عن المعتقلين.\n"
    )
    doc = Document(text, title="احتجاج في دوما", url="https://example.org/report-2", source="example",
                   published="2020-03-06")
    doc.places.append(_place(text, "دوما", "test:douma", "SY", 33.5711, 36.4053))
    s, e = _span(text, "سكان مدينة دوما")
    doc.entities.append(Entity(s, e, "سكان مدينة دوما", "PERSON", "سكان دوما"))
    doc.events.append(_event(text, "تظاهر", "PROTEST", "asserted", "سكان مدينة دوما", None,
                             ("دوما", "test:douma", 33.5711, 36.4053), "2020-03-06"))
    return doc


def hostile_article() -> Document:
    """Markup and script in every field a page shows: it must all stay text."""
    text = (
        f"عنوان {HOSTILE_SCRIPT}\n"
        f"قالت جهة {HOSTILE_IMG} إن مسلحين هاجموا قرية <b>تجريبية</b>.\n"
        f"رابط: <a href=\"{HOSTILE_LINK}\">اضغط هنا</a> و {HOSTILE_LINK}\n"
    )
    doc = Document(text, title=f"خبر {HOSTILE_SCRIPT}{HOSTILE_IMG}", url=HOSTILE_LINK, source="<i>evil</i>",
                   published="2020-03-05")
    s, e = _span(text, HOSTILE_IMG)
    doc.entities.append(Entity(s, e, HOSTILE_IMG, "ORG", HOSTILE_IMG))
    s, e = _span(text, HOSTILE_SCRIPT)
    doc.repairs.append(Repair(s, e, HOSTILE_SCRIPT, HOSTILE_IMG, "<kind onerror=alert(3)>"))
    place = _place(text, "<b>تجريبية</b>", "geo:<script>1</script>", "SY", 34.7, 36.7)
    place.canonical = HOSTILE_IMG
    doc.places.append(place)
    doc.events.append(_event(text, "هاجموا", "ASSAULT", "claimed", HOSTILE_IMG, None,
                             (HOSTILE_IMG, "geo:<script>1</script>", 34.7, 36.7), "2020-03-05", HOSTILE_IMG))
    return doc


def sample_documents() -> list[Document]:
    docs = [report_article(), second_article(), hostile_article()]
    for doc in docs:
        problems = doc.span_problems()
        assert not problems, problems
    return docs
