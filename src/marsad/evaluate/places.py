"""Place geocoding on real articles (``marsad eval places``): against hand-checked judgements
of the stage's output, or against the place-mention gold corpus (``gold/places``, see the end).

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

A judgement file with a ``# lines:`` line names the articles it judges (line numbers of the
corpus), which are then analysed instead of every ``step``-th line: a check drawn from lines the
sampling never reaches (``saudinewsnet_probe.tsv``, ``saudinewsnet_held.tsv``).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.document import Document, Place
from marsad.evaluate.gold_corpus import Article as GoldArticle
from marsad.evaluate.gold_corpus import GoldCorpus, checked_annotations
from marsad.evaluate.gold_places import check_places
from marsad.evaluate.scores import Counts, Ratio
from marsad.geo.gazetteer import PRECISION_TOWN, default_gazetteer
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


def load_lines(path: Path, wanted: set[int]) -> list[Article]:
    """The articles at the line numbers ``wanted`` (from 1) of ``path``."""
    picked: list[Article] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if number in wanted:
                picked.append((number, json.loads(line)))
    return picked


def judged_lines(path: Path) -> set[int]:
    """The line numbers a judgement file's ``# lines:`` header names (empty: none named)."""
    wanted: set[int] = set()
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("# lines:"):
                numbers = line.split(":", 1)[1].split()
                if not all(x.isdigit() for x in numbers):
                    raise ValueError(f"{path}: the '# lines:' header must list line numbers")
                wanted.update(int(x) for x in numbers)
    return wanted


def analyse(articles: Sequence[Article], stages: Sequence[str] = DEFAULT_STAGES) -> tuple[dict[int, Document], float]:
    """The analysed documents by line number, and the seconds the pipeline took over them."""
    pipeline = Pipeline.build(list(stages))
    docs: dict[int, Document] = {}
    start = time.perf_counter()
    for number, article in articles:
        # SaudiNewsNet records hold "content"; the gold pool's (gold/open-articles.jsonl) hold "text"
        text = article.get("content") or article.get("text") or ""
        doc = Document(text, url=article.get("url"), title=article.get("title"))
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


def read_probe_verdicts(path: Path) -> dict[tuple[str, int, int], str]:
    """The verdicts of a probe tool's judgement file (``tools/probe_places_fresh.py``, ``probe_places_aqmar.py``):
    (document key, start, end) → ``place`` / ``notplace`` …; ``#`` lines and the header are skipped."""
    verdicts: dict[tuple[str, int, int], str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith(("#", "doc\t")):
            doc, start, end, verdict = line.split("\t")[:4]
            verdicts[(doc, int(start), int(end))] = verdict
    return verdicts


def read_recall_gold(path: Path) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """A probe tool's full annotation (``tests/gold/places/aqmar_recall.tsv``): document key → (half, its places as
    the place gold writes them: ``mention``, ``name_en``, ``kind``, ``country``, ``lat``, ``lon``, ``surface``).
    A ``# docs:`` line names documents annotated with no place at all."""
    gold: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# docs:"):
            for item in line.split(":", 1)[1].split():
                doc, half = item.rsplit("=", 1)
                gold.setdefault(doc, (half, []))
        if not line or line.startswith(("#", "doc\t")):
            continue
        doc, half, start, end, surface, name, kind, country, lat, lon = line.split("\t")
        gold.setdefault(doc, (half, []))[1].append({
            "mention": [int(start), int(end)], "surface": surface, "name_en": name, "kind": kind,
            "country": country or None, "lat": float(lat) if lat else None, "lon": float(lon) if lon else None})
    return gold


def probe_summary(half: str, tally: Mapping[str, int], unit: str = "articles") -> str:
    """One line of a probe tool's counts (keys ``articles``, ``city place``, ``city notplace``, ``city
    unjudged`` and the same for ``country``): judged, not places, the false city-level share, precision."""
    city = tally.get("city place", 0) + tally.get("city notplace", 0)
    country = tally.get("country place", 0) + tally.get("country notplace", 0)
    false_all = tally.get("city notplace", 0) + tally.get("country notplace", 0)
    return (f"{half}: {tally.get('articles', 0)} {unit}; city-level: {city} judged, {tally.get('city notplace', 0)} "
            f"not places ({tally.get('city notplace', 0) / max(city, 1):.1%}), {tally.get('city unjudged', 0)} "
            f"unjudged; country-level: {country} judged, {tally.get('country notplace', 0)} not places, "
            f"{tally.get('country unjudged', 0)} unjudged; precision {(city + country - false_all) / max(city + country, 1):.3f}")


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


# -- the place-mention gold corpus (gold/places/<id>.json) ---------------------------------
GOLD_PLACES = "places"
LOCATED_KM = 25.0
# Gold coordinates of an area are a rough centroid by the annotator, which another source puts
# elsewhere: a governorate is located right within 100 km, a region within 500 km (a fixed rule,
# set before any system output was scored). A country is located right by its country code.
AREA_KM = {"governorate": 100.0, "region": 500.0}
Analyse = Callable[[Document], Document]


@dataclass(slots=True)
class GoldPlaceScores:
    """One corpus's (or all) figures: mention P/R/F1 by span overlap, located right among the
    matched mentions the gold locates, and false city-level places (``city_level.right`` counts
    the system's town-precision mentions overlapping no gold mention, of ``city_level.total``)."""

    articles: int = 0
    mentions: Counts = field(default_factory=Counts)
    located: Ratio = field(default_factory=Ratio)
    city_level: Ratio = field(default_factory=Ratio)

    def add(self, other: GoldPlaceScores) -> None:
        self.articles += other.articles
        self.mentions.add(other.mentions)
        self.located.add(other.located)
        self.city_level.add(other.city_level)

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "mentions": self.mentions.as_dict(),
                "located_right": self.located.as_dict("share"),
                "false_city_level": {"total": self.city_level.total, "false": self.city_level.right,
                                     "share": round(self.city_level.value, 4)}}


@dataclass(slots=True)
class GoldPlaceReport:
    split: str | None
    overall: GoldPlaceScores = field(default_factory=GoldPlaceScores)
    by_corpus: dict[str, GoldPlaceScores] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"split": self.split or "all", "overall": self.overall.as_dict(),
                "by_corpus": {name: scores.as_dict() for name, scores in sorted(self.by_corpus.items())}}


def gold_place_articles(corpus: GoldCorpus, split: str | None, errors: list[str],
                        corpora: frozenset[str] | None = None) -> Iterable[tuple[GoldArticle, dict[str, Any]]]:
    """Every article of ``split`` (of ``corpora``, if given) with a place gold file, and that file; problems
    (an article whose text is not at hand, a file that does not fit its text) go to ``errors``."""
    return checked_annotations(corpus, split, errors, GOLD_PLACES, check_places, corpora)


def located_right(gold: dict[str, Any], place: Place) -> tuple[bool, float | None] | None:
    """Whether the system put a gold place where it is, with the distance; None when the gold
    gives no location to check (a place the annotator could not put on the map)."""
    if gold.get("kind") == "country" and gold.get("country"):
        return place.country == gold["country"], None
    if gold.get("lat") is None or gold.get("lon") is None:
        return None
    if place.lat is None or place.lon is None:
        return False, None
    km = haversine_km(float(gold["lat"]), float(gold["lon"]), place.lat, place.lon)
    return km <= AREA_KM.get(str(gold.get("kind")), LOCATED_KM), km


def match_mentions(gold: list[tuple[int, int]], system: list[tuple[int, int]]) -> dict[int, int]:
    """Gold index → system index, one to one, each gold mention taking the unused system
    mention it overlaps most (a clitic or a shorter name still overlaps: بحلب / حلب)."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for g, (gs, ge) in sorted(enumerate(gold), key=lambda x: x[1]):
        best, overlap = None, 0
        for k, (ss, se) in enumerate(system):
            shared = min(ge, se) - max(gs, ss)
            if k not in used and shared > overlap:
                best, overlap = k, shared
        if best is not None:
            pairs[g] = best
            used.add(best)
    return pairs


def score_gold_places(article: GoldArticle, gold: dict[str, Any], doc: Document,
                      scores: GoldPlaceScores, details: list[str]) -> None:
    text = article.text
    gold_places: list[dict[str, Any]] = sorted(gold["places"], key=lambda g: tuple(g["mention"]))
    gold_spans = [(int(g["mention"][0]), int(g["mention"][1])) for g in gold_places]
    system = sorted(((s, e, p) for p in doc.places for s, e in p.mentions), key=lambda m: (m[0], m[1]))
    system_spans = [(s, e) for s, e, _p in system]
    pairs = match_mentions(gold_spans, system_spans)
    scores.articles += 1
    scores.mentions.add(Counts(len(gold_spans), len(system_spans), len(pairs)))

    def show(span: tuple[int, int]) -> str:
        return f"«{text[span[0]:span[1]]}» [{span[0]}, {span[1]}]"

    for g, place in enumerate(gold_places):
        where = f"{place['name_en']} ({place['kind']}, {place.get('country') or '-'})"
        if g not in pairs:
            details.append(f"{article.id}\tmissed\t{show(gold_spans[g])}\t{where}")
            continue
        found = system[pairs[g]][2]
        verdict = located_right(place, found)
        if verdict is None:
            continue
        scores.located.add(Ratio(1, int(verdict[0])))
        if not verdict[0]:
            km = "" if verdict[1] is None else f", {verdict[1]:.0f} km"
            details.append(f"{article.id}\tmislocated\t{show(gold_spans[g])}\tgold {where} → "
                           f"{found.canonical or 'unresolved'} ({found.id}, {found.country or '-'}{km})")
    matched = set(pairs.values())
    for k, (start, end, found) in enumerate(system):
        city_level = found.precision == PRECISION_TOWN
        # a second piece of one gold mention (دير / الزور) costs precision but is no false place
        false = not any(gs < end and start < ge for gs, ge in gold_spans)
        scores.city_level.add(Ratio(int(city_level), int(city_level and false)))
        if k not in matched:
            label = "split mention" if not false else "false city-level place" if city_level else "false place"
            details.append(f"{article.id}\t{label}\t{show((start, end))}\t→ {found.canonical or 'unresolved'} "
                           f"({found.id}, {found.country or '-'})")


def evaluate_gold_places(corpus: GoldCorpus, split: str | None, analyse: Analyse) -> GoldPlaceReport:
    """Run ``analyse`` on every article of ``split`` with place gold and score its places."""
    report = GoldPlaceReport(split)
    for article, gold in gold_place_articles(corpus, split, report.errors):
        doc = analyse(article.document())
        for error in doc.errors:  # a failing stage would look like a system that finds nothing
            report.errors.append(f"{article.id}: stage {error.stage} failed: {error.message}")
        scores = GoldPlaceScores()
        score_gold_places(article, gold, doc, scores, report.details)
        report.overall.add(scores)
        report.by_corpus.setdefault(article.corpus, GoldPlaceScores()).add(scores)
    return report


def gold_report_lines(report: GoldPlaceReport) -> list[str]:
    lines = [f"split: {report.split or 'all'}   articles scored: {report.overall.articles}"]
    for name, scores in [("all", report.overall), *sorted(report.by_corpus.items())]:
        m, located, city = scores.mentions, scores.located, scores.city_level
        lines += [
            f"[{name}] {scores.articles} articles, {m.gold} gold mentions, {m.predicted} system mentions",
            f"  mentions (span overlap)   P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}  ({m.correct} matched)",
            f"  located right (matched)   {located.right}/{located.total} = {located.value:.3f}",
            f"  false city-level places   {city.right}/{city.total} = {city.value:.3f}",
        ]
    return lines
