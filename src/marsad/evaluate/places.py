"""Place geocoding on real articles against hand-checked judgements (``marsad eval places``).

Articles: every ``step``-th line of a JSON Lines corpus (the first ``n`` of them), by
default the shared SaudiNewsNet Syria subset.  Judgements live in a TSV file (e.g.
``tests/gold/places/saudinewsnet_judged.tsv``) as line number, offsets, verdict, gold id
and the id the stage gave when judged (no article text):

* ``ok``: a place, resolved to the right gazetteer entry (or the right place, recorded twice);
* ``wrong``: a place, resolved to another place;
* ``unresolved``: a place, reported with id null;
* ``notplace``: not a place mention at all (a false positive);
* ``missed``: a place mention the stage did not report (only for fully annotated articles,
  listed in the judgement file's ``# full:`` line).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marsad.document import Document, Place
from marsad.geo.gazetteer import default_gazetteer
from marsad.geo.resolve import SAME_PLACE_KM, haversine_km
from marsad.pipeline import Pipeline

DEFAULT_STAGES = ("boilerplate", "repair", "entities", "places")

Article = tuple[int, dict[str, str]]  # line number (from 1), the JSON record
Mention = tuple[int, int, int, Place]  # line number, start, end, the place it belongs to
MentionKey = tuple[int, int, int]
Judgement = tuple[str, str, str]  # verdict, gold id, id the stage gave when judged


def load_articles(path: Path, n: int, step: int) -> list[Article]:
    """Every ``step``-th line of ``path`` (the first, then ``1 + step`` ...), ``n`` of them at most."""
    picked: list[Article] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if (number - 1) % step == 0:
                picked.append((number, json.loads(line)))
                if len(picked) == n:
                    break
    return picked


def analyse(articles: Sequence[Article], stages: Sequence[str] = DEFAULT_STAGES) -> tuple[dict[int, Document], float]:
    """The analysed documents by line number, and the seconds the pipeline took over them."""
    pipeline = Pipeline.build(list(stages))
    docs: dict[int, Document] = {}
    start = time.perf_counter()
    for number, article in articles:
        doc = Document(article.get("content") or "", url=article.get("url"), title=article.get("title"))
        docs[number] = pipeline(doc)
    return docs, time.perf_counter() - start


def mentions(docs: dict[int, Document]) -> list[Mention]:
    return [
        (number, start, end, place)
        for number, doc in docs.items()
        for place in doc.places
        for start, end in place.mentions
    ]


def read_judged(path: Path) -> tuple[dict[MentionKey, Judgement], set[int]]:
    """The judgements by (line, start, end), and the line numbers of fully annotated articles."""
    judged: dict[MentionKey, Judgement] = {}
    full: set[int] = set()
    if not path.is_file():
        return judged, full
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# full:"):
            full.update(int(x) for x in line.split(":", 1)[1].split())
        if not line.strip() or line.startswith("#") or line.startswith("line\t"):
            continue
        number, start, end, verdict, gold, system = [*line.split("\t"), "", ""][:6]
        judged[(int(number), int(start), int(end))] = (verdict, gold, system)
    return judged, full


def same_place(a: str, b: str) -> bool:
    """Two ids for one place: equal, or entries within a few km (a city and the division it seats)."""
    if a == b:
        return True
    gaz = default_gazetteer()
    found = {e.id: e for e in gaz.entries if e.id in (a, b)}
    if len(found) < 2:
        return False
    x, y = found[a], found[b]
    return x.country == y.country and haversine_km(x.lat, x.lon, y.lat, y.lon) < SAME_PLACE_KM


def classify(judgement: Judgement, current: str | None) -> str:
    """What a judged mention is now: notplace, right, wrong, unresolved or unverified."""
    verdict, gold, system = judgement
    if verdict == "notplace":
        return "notplace"
    if current is None:
        return "unresolved"
    if gold:
        return "right" if same_place(current, gold) else "wrong"
    if current == system:
        return {"ok": "right", "wrong": "wrong"}.get(verdict, "unverified")
    return "unverified"  # the stage now says something nobody has checked


@dataclass(slots=True)
class PlaceReport:
    """Judged mentions as the stage reports them now.

    ``now`` counts the judged mentions the stage still produces by what they are now
    (:func:`classify`); ``dropped`` the judged ones it no longer produces, by verdict.
    For the fully annotated articles, ``true_mentions`` are their real place mentions,
    ``produced`` those the stage reports and ``right`` those it puts in the right place.
    """

    now: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    full_articles: int = 0
    true_mentions: int = 0
    produced: int = 0
    right: int = 0

    @property
    def checked(self) -> int:
        return sum(self.now.values())

    @property
    def places(self) -> int:
        return self.checked - self.now["notplace"]


def score(docs: dict[int, Document], judged: dict[MentionKey, Judgement], full: set[int]) -> PlaceReport:
    system = {(n, s, e): p.id for n, s, e, p in mentions(docs)}
    report = PlaceReport(full_articles=len(full))
    for key, judgement in judged.items():
        if judgement[0] == "missed" or key[0] not in docs:
            continue
        if key not in system:
            report.dropped[judgement[0]] += 1
            continue
        report.now[classify(judgement, system[key])] += 1
    if full:
        true = [k for k, j in judged.items() if k[0] in full and j[0] in ("ok", "wrong", "unresolved", "missed")]
        produced = [k for k in true if k in system]
        report.true_mentions = len(true)
        report.produced = len(produced)
        report.right = sum(1 for k in produced if classify(judged[k], system[k]) == "right")
    return report


def report_lines(report: PlaceReport) -> list[str]:
    """The figures as the places documentation quotes them."""
    now, checked, places = report.now, report.checked, report.places
    lines = [
        f"judged mentions the stage still produces: {checked}; judged ones it no longer produces: "
        f"{dict(report.dropped)}"
    ]
    if checked:
        lines.append(f"place precision (the mention is a place): {places / checked:.3f}  ({places}/{checked})")
    if places:
        lines.append(
            f"geocoded to the right place: {now['right'] / places:.3f}  ({now['right']}/{places}); "
            f"wrong place {now['wrong']}, unresolved {now['unresolved']}, changed since judged {now['unverified']}"
        )
    if report.full_articles:
        true = report.true_mentions
        lines.append(
            f"{report.full_articles} fully annotated articles, {true} true place mentions: "
            f"recall {report.produced / true:.3f}, share geocoded to the right place {report.right / true:.3f}"
        )
    return lines


def summary_lines(docs: dict[int, Document], stages: Sequence[str], seconds: float) -> list[str]:
    """Speed, how many mentions were found and resolved, and any stage errors."""
    found = mentions(docs)
    resolved = sum(1 for *_k, p in found if p.id is not None)
    lines = [
        f"{len(docs)} articles, stages {','.join(stages)}: {seconds:.2f} s, {len(docs) / seconds:.1f} articles/s",
        f"{len(found)} place mentions, {resolved} resolved ({resolved / max(1, len(found)):.3f}), "
        f"{len({p.id for *_k, p in found if p.id})} distinct places",
    ]
    errors = Counter(e.stage for d in docs.values() for e in d.errors)
    if errors:
        lines.append(f"stage errors: {dict(errors)}")
    return lines


def context(text: str, start: int, end: int, width: int = 45) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"{left}[[{text[start:end]}]]{right}"


def sample_lines(docs: dict[int, Document], judged: dict[MentionKey, Judgement], size: int, seed: int) -> list[str]:
    """Randomly chosen mentions nobody has judged yet, with their context, to judge by hand."""
    pool = [m for m in mentions(docs) if (m[0], m[1], m[2]) not in judged]
    random.Random(seed).shuffle(pool)
    return [
        f"{number}\t{start}\t{end}\t{place.id}\t{place.canonical}\t{place.country}\t"
        f"{place.candidates}\t{context(docs[number].text, start, end)}"
        for number, start, end, place in sorted(pool[:size], key=lambda m: m[:3])
    ]


def article_lines(docs: dict[int, Document], number: int) -> list[str]:
    """One article's text and its mentions, to annotate it in full."""
    doc = docs[number]
    found = sorted((m for m in mentions(docs) if m[0] == number), key=lambda m: m[:3])
    return [doc.text] + [
        f"{n}\t{start}\t{end}\t{place.id}\t{place.canonical}\t{doc.text[start:end]}" for n, start, end, place in found
    ]
