"""Benchmark the dates-and-times stage against dateparser on real articles (SaudiNewsNet).

Side by side in one run, on the same articles:

* **marsad** — :class:`marsad.stages.times.TimeStage`, relative expressions
  anchored on the article's ``date_extracted`` (crawl time, about the
  publication date);
* **dateparser ar** — the search behind ``dateparser.search.search_dates(text,
  languages=["ar"])``, with ``RELATIVE_BASE`` set to the same anchor;
* **dateparser ar-SY** — the same search with the Syrian Arabic locale, which
  knows the Levantine month names.

Both call ``DateSearchWithDetection().search.search_parse(locale, text,
settings)``, the function ``search_dates`` runs for a given language: it
returns the same substrings and dates plus the period (day, month, year) that
``search_dates`` drops, which the value comparison needs; and the public
``search_dates`` rejects locale codes ("Unknown language(s): 'ar-SY'").

Reported: articles per second for each system (one core, after start-up);
agreement between marsad and dateparser (share of each system's day-level
values the other one also found); span and value precision/recall/F1 of every
system on hand-checked gold samples (``bench/gold/times_saudinewsnet*.jsonl``:
article coordinates plus offsets and labels, no article text; ``--quality-only`` gives this table alone);
and how often
publication-date detection fires with no date given and whether it agrees with
``date_extracted``.

    python bench/bench_times.py                 # defaults: ../shared beside the repo
    python bench/bench_times.py --limit 2000 --dateparser-limit 300
    python bench/bench_times.py --quality-only --gold bench/gold/times_saudinewsnet_v2_dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.stages.boilerplate import BoilerplateStage
from marsad.stages.times import TimeStage, parse_published

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
# "dev": checked while the stage was developed (its errors were looked at and some fixed);
# "held-out": annotated from the text alone, scored once, not used for development.
# "v2_dev": the dev half of round 20's larger gold, annotated before any system output was seen; its test
# half (times_saudinewsnet_v2_test.jsonl) is sealed: never a default, scored once per round on request.
DEFAULT_GOLD = (
    ROOT / "bench" / "gold" / "times_saudinewsnet.jsonl",
    ROOT / "bench" / "gold" / "times_saudinewsnet_heldout.jsonl",
    ROOT / "bench" / "gold" / "times_saudinewsnet_v2_dev.jsonl",
)


@dataclass(frozen=True, slots=True)
class Article:
    archive: str  # ZIP file name
    index: int  # position in the ZIP's JSON array
    url: str
    published: str
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    value: str
    granularity: str


def load_articles(shared: Path) -> Iterator[Article]:
    folder = shared / "data" / "saudinewsnet"
    archives = sorted(folder.glob("*.zip"))
    if not archives:
        raise SystemExit(f"no SaudiNewsNet ZIPs in {folder}; pass --shared")
    for archive in archives:
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                if not name.endswith(".json"):
                    continue
                items = json.loads(zf.read(name).decode("utf-8"))
                for index, item in enumerate(items):
                    text = item.get("content") or ""
                    if text.strip():
                        yield Article(archive.name, index, item.get("url", ""), item["date_extracted"], text)


# -- the three systems ------------------------------------------------------------------
class Marsad:
    name = "marsad"

    def __init__(self) -> None:
        self.boilerplate = BoilerplateStage()
        self.stage = TimeStage()

    def __call__(self, article: Article) -> list[Span]:
        doc = Document(article.text, published=article.published)
        self.boilerplate(doc)
        self.stage(doc)
        return [Span(t.start, t.end, t.value, t.granularity) for t in doc.times]


def _dateparser_value(moment: datetime, period: str | None) -> tuple[str, str]:
    if period == "year":
        return f"{moment.year:04d}", "year"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}", "month"
    return moment.date().isoformat(), "day"


def _locate(text: str, found: list[tuple[str, datetime, str | None]]) -> list[Span]:
    spans: list[Span] = []
    cursor = 0
    for surface, moment, period in found:
        start = text.find(surface, cursor)
        if start < 0:
            start = text.find(surface)
        if start < 0:
            continue
        cursor = start + len(surface)
        value, granularity = _dateparser_value(moment, period)
        spans.append(Span(start, start + len(surface), value, granularity))
    return spans


class Dateparser:
    def __init__(self, locale: str) -> None:
        from dateparser.conf import settings
        from dateparser.search.search import DateSearchWithDetection

        self.name = f"dateparser {locale}"
        self.locale = locale
        self.settings = settings
        self.search = DateSearchWithDetection()

    def __call__(self, article: Article) -> list[Span]:
        anchor = parse_published(article.published) or date.today()
        settings = self.settings.replace(RELATIVE_BASE=datetime(anchor.year, anchor.month, anchor.day))
        found = self.search.search.search_parse(self.locale, article.text, settings)
        return _locate(article.text, list(found))


# -- measurements -----------------------------------------------------------------------------
def speed(system: Any, articles: list[Article]) -> tuple[float, float, list[list[Span]]]:
    """Articles per second of wall time and of CPU time (the CPU figure holds on a busy machine)."""
    system(articles[0])  # start-up (lexicons, grammar, locale data) is not counted
    outputs: list[list[Span]] = []
    started, started_cpu = time.perf_counter(), time.process_time()
    for article in articles:
        try:
            outputs.append(system(article))
        except Exception as exc:  # a system failing on one article must not stop the benchmark
            print(
                f"  {system.name}: {article.archive}#{article.index}: {type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
            outputs.append([])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return len(articles) / elapsed, len(articles) / cpu, outputs


def stage_only_rate(articles: list[Article]) -> tuple[float, float]:
    """The times stage on documents whose matching view an earlier stage has already built."""
    boilerplate, stage = BoilerplateStage(), TimeStage()
    docs = []
    for article in articles:
        doc = Document(article.text, published=article.published)
        boilerplate(doc)
        _ = doc.matching
        docs.append(doc)
    started, started_cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        stage(doc)
    return len(docs) / (time.perf_counter() - started), len(docs) / (time.process_time() - started_cpu)


def day_values(spans: list[Span]) -> set[str]:
    return {s.value for s in spans if s.granularity == "day"}


def agreement(ours: list[list[Span]], theirs: list[list[Span]]) -> tuple[float, float, int, int]:
    """Share of their day values we also found, and of ours they also found."""
    both_theirs = both_ours = total_theirs = total_ours = 0
    for a, b in zip(ours, theirs, strict=True):
        va, vb = day_values(a), day_values(b)
        total_ours += len(va)
        total_theirs += len(vb)
        both_theirs += len(vb & va)
        both_ours += len(va & vb)
    return (
        both_theirs / total_theirs if total_theirs else 0.0,
        both_ours / total_ours if total_ours else 0.0,
        total_theirs,
        total_ours,
    )


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def score(gold: list[list[Span]], predicted: list[list[Span]]) -> dict[str, float]:
    """Span (overlap, one-to-one) and span+value precision/recall/F1, and value accuracy on matched spans."""
    tp_span = tp_value = n_pred = n_gold = 0
    for g_spans, p_spans in zip(gold, predicted, strict=True):
        n_pred += len(p_spans)
        n_gold += len(g_spans)
        used: set[int] = set()
        for g in g_spans:
            for i, p in enumerate(p_spans):
                if i not in used and _overlaps(g, p):
                    used.add(i)
                    tp_span += 1
                    tp_value += int(p.value == g.value)
                    break

    def prf(tp: int) -> tuple[float, float, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    sp, sr, sf = prf(tp_span)
    vp, vr, vf = prf(tp_value)
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "span_p": sp,
        "span_r": sr,
        "span_f1": sf,
        "value_p": vp,
        "value_r": vr,
        "value_f1": vf,
        "value_acc_on_matched": tp_value / tp_span if tp_span else 0.0,
    }


def load_gold(path: Path, articles: dict[tuple[str, int], Article]) -> list[tuple[Article, list[Span]]]:
    out: list[tuple[Article, list[Span]]] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        item = json.loads(line)
        article = articles.get((item["archive"], item["index"]))
        if article is None or article.url != item["url"]:
            raise SystemExit(f"gold article {item['archive']}#{item['index']} not found or changed")
        out.append((article, [Span(s, e, v, g) for s, e, v, g in item["times"]]))
    return out


def detection(articles: list[Article]) -> dict[str, float]:
    stage, boilerplate = TimeStage(), BoilerplateStage()
    fired = exact = near = 0
    for article in articles:
        doc = Document(article.text)
        boilerplate(doc)
        stage(doc)
        if not doc.published_detected or doc.published is None:
            continue
        fired += 1
        crawled = parse_published(article.published)
        found = parse_published(doc.published)
        if crawled and found:
            exact += int(found == crawled)
            near += int(
                abs((found - crawled).days) <= 1 or timedelta(0) <= crawled - found <= timedelta(days=1)
            )
    return {
        "articles": len(articles),
        "fired": fired,
        "fired_share": fired / len(articles) if articles else 0.0,
        "same_day": exact / fired if fired else 0.0,
        "within_one_day": near / fired if fired else 0.0,
    }


def quality(gold_paths: list[Path], all_articles: list[Article], systems: list[Any]) -> None:
    """The quality table of every system on each gold file (span, span+value, value accuracy)."""
    by_key = {(a.archive, a.index): a for a in all_articles}
    for gold_path in gold_paths:
        if not gold_path.is_file():
            print(f"\n(no gold file {gold_path.name}; skipped)")
            continue
        gold = load_gold(gold_path, by_key)
        print(f"\n## Quality on {gold_path.name} ({len(gold)} articles)")
        print("system | gold | predicted | span P/R/F1 | span+value P/R/F1 | value acc. on matched")
        for system in systems:
            predicted = [system(article) for article, _ in gold]
            s = score([spans for _, spans in gold], predicted)
            print(
                f"{system.name} | {s['gold']:.0f} | {s['predicted']:.0f} | "
                f"{s['span_p']:.2f}/{s['span_r']:.2f}/{s['span_f1']:.2f} | "
                f"{s['value_p']:.2f}/{s['value_r']:.2f}/{s['value_f1']:.2f} | {s['value_acc_on_matched']:.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder")
    parser.add_argument("--limit", type=int, default=2000, help="articles for marsad speed and detection")
    parser.add_argument(
        "--dateparser-limit", type=int, default=200, help="articles for dateparser speed/agreement"
    )
    parser.add_argument("--gold", type=Path, nargs="*", default=list(DEFAULT_GOLD), help="gold JSONL files")
    parser.add_argument(
        "--quality-only",
        action="store_true",
        help="only the quality tables of the gold files (no speed, agreement or detection runs)",
    )
    args = parser.parse_args()

    all_articles = list(load_articles(args.shared))
    marsad = Marsad()
    systems: list[Any] = [marsad, Dateparser("ar"), Dateparser("ar-SY")]
    if args.quality_only:
        print(f"SaudiNewsNet: {len(all_articles)} articles; quality on the gold files only")
        quality(args.gold, all_articles, systems)
        return

    articles = all_articles[: args.limit]
    print(
        f"SaudiNewsNet: {len(all_articles)} articles; marsad on {len(articles)}, "
        f"dateparser on {min(args.dateparser_limit, len(articles))}"
    )

    print("\n## Speed (articles/s after start-up, one process: wall time / CPU time)")
    wall, cpu, _ = speed(marsad, articles)
    print(
        f"marsad (document + boilerplate + matching view + times): {wall:.0f} / {cpu:.0f} on {len(articles)}"
    )
    wall, cpu = stage_only_rate(articles)
    print(
        f"marsad times stage alone (views built by earlier stages): {wall:.0f} / {cpu:.0f} on {len(articles)}"
    )
    small = articles[: args.dateparser_limit]
    outputs: dict[str, list[list[Span]]] = {}
    for system in systems:
        wall, cpu, outputs[system.name] = speed(system, small)
        print(f"{system.name}: {wall:.1f} / {cpu:.1f} on {len(small)}")

    print("\n## Agreement on day-level values (same articles)")
    for system in systems[1:]:
        theirs_found, ours_found, n_theirs, n_ours = agreement(outputs["marsad"], outputs[system.name])
        print(
            f"{system.name}: {theirs_found:.1%} of its {n_theirs} day values also found by marsad; "
            f"{ours_found:.1%} of marsad's {n_ours} found by it"
        )

    quality(args.gold, all_articles, systems)

    print("\n## Publication-date detection (no date given)")
    d = detection(articles)
    print(
        f"fired on {d['fired']:.0f}/{d['articles']:.0f} articles ({d['fired_share']:.1%}); "
        f"same day as date_extracted {d['same_day']:.1%}, within one day {d['within_one_day']:.1%}"
    )


if __name__ == "__main__":
    main()
