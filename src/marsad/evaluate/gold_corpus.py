"""The events-and-quotes gold corpus: its articles, splits and annotations.

Layout (``gold/`` at the top of the repository)::

    open-articles.jsonl          redistributable articles with their text and attribution
    written-articles.jsonl       articles written for the project (train split only, see below)
    saudinewsnet-articles.tsv    SaudiNewsNet articles by file, index and SHA-1 (no text)
    splits.tsv                   id → train | dev | test, fixed before annotation
    annotations/<id>.json        first-pass annotations: offsets and labels
    second-pass/<id>.json        an independent second pass on a fifth, for agreement

An annotation follows the project's annotation guide: every span is a
``[start, end]`` pair of offsets into the article text exactly as Marsad reads
it, with ``text[start:end]`` its surface. SaudiNewsNet texts are read from the
shared data folder (CC BY-NC-SA: never stored in the project); the SHA-1 makes
sure the annotated article is the one read.

Written articles (corpus ``marsad-written``) are news-style texts the project wrote
itself, to train on kinds of wording the open news seldom has (a ministry's
statement, a relayed claim). They are **train-only**: a text written to teach a
model says nothing about how Marsad reads real news, so it never scores. Their
split is not in ``splits.tsv`` (which ``tools/gold/build_pool.py`` rebuilds from the
hash of the pool's ids); a row that asks for another split is refused.
"""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.attribution.choices import EVENT_TYPES, STATUSES
from marsad.document import Document
from marsad.errors import MarsadError

SPLITS = ("train", "dev", "test")
WRITTEN_CORPUS = "marsad-written"
Span = tuple[int, int]


class GoldCorpusError(MarsadError, ValueError):
    """A gold corpus that cannot be used as it is; the message is for the user."""


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    corpus: str
    split: str
    text: str
    published: str | None
    url: str | None = None
    source: str | None = None

    def document(self) -> Document:
        return Document(self.text, source=self.source or self.corpus, url=self.url, published=self.published)


class GoldCorpus:
    """Articles of the gold corpus by id; SaudiNewsNet texts come from ``shared``."""

    def __init__(self, root: Path, shared: Path | None = None) -> None:
        if not (root / "splits.tsv").is_file():
            raise GoldCorpusError(f"{root} is not a gold corpus (no splits.tsv)")
        self.root = root
        self.shared = shared
        self.splits = _read_tsv(root / "splits.tsv", "id", "split")
        self._open = {row["id"]: row for row in _read_jsonl(root / "open-articles.jsonl")}
        for row in _read_jsonl(root / "written-articles.jsonl"):
            _add_written(row, self._open, self.splits)
        self._snn: dict[str, dict[str, str]] = {}
        references = root / "saudinewsnet-articles.tsv"
        if references.is_file():  # a corpus of open articles only (e.g. an export) has no references
            with references.open(encoding="utf-8", newline="") as handle:
                self._snn = {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}

    def ids(self, split: str | None = None) -> list[str]:
        return [i for i, s in self.splits.items() if split is None or s == split]

    def corpora(self) -> list[str]:
        """The names of the corpora the articles come from (``saudinewsnet`` for the referenced ones)."""
        names = {str(row["corpus"]) for row in self._open.values()}
        return sorted(names | ({"saudinewsnet"} if self._snn else set()))

    def corpus_of(self, article_id: str) -> str | None:
        """The corpus an article comes from, without reading its text (None for an unknown id)."""
        if article_id in self._open:
            return str(self._open[article_id]["corpus"])
        return "saudinewsnet" if article_id in self._snn else None

    def article(self, article_id: str) -> Article:
        split = self.splits.get(article_id)
        if split is None:
            raise GoldCorpusError(f"unknown article id {article_id!r}")
        if article_id in self._open:
            row = self._open[article_id]
            return Article(article_id, str(row["corpus"]), split, str(row["text"]), row.get("published"))
        snn = self._snn.get(article_id)
        if snn is None:
            raise GoldCorpusError(f"article {article_id!r} is in no article list")
        if self.shared is None:
            raise GoldCorpusError("SaudiNewsNet articles need the shared data folder (--shared)")
        records = _snn_records(self.shared / "saudinewsnet" / snn["file"])
        record = records[int(snn["index"])]
        text = record.get("content")
        if not isinstance(text, str) or hashlib.sha1(text.encode("utf-8")).hexdigest() != snn["sha1"]:
            raise GoldCorpusError(f"{article_id}: the shared data does not hold the annotated text (checksum)")
        return Article(article_id, "saudinewsnet", split, text, snn["published"] or None,
                       url=snn["url"] or None, source=snn["source"] or None)

    def annotation_paths(self, which: str = "annotations") -> dict[str, Path]:
        folder = self.root / which
        return {p.stem: p for p in sorted(folder.glob("*.json"))} if folder.is_dir() else {}


def load_annotation(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldCorpusError(f"{path.name}: not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise GoldCorpusError(f"{path.name}: expected a JSON object")
    return data


def checked_annotations(corpus: GoldCorpus, split: str | None, errors: list[str], which: str,
                        check: Callable[[dict[str, Any], str], list[str]],
                        corpora: frozenset[str] | None = None) -> Iterator[tuple[Article, dict[str, Any]]]:
    """Every article of ``split`` (None: all; of ``corpora``, if given) with a gold file in folder
    ``which``, and that file, when ``check(gold, text)`` finds no problem; problems (an article whose
    text is not at hand, a file that does not fit its text) go to ``errors`` and the article is skipped."""
    for article_id, path in corpus.annotation_paths(which).items():
        if split is not None and corpus.splits.get(article_id) != split:
            continue
        if corpora is not None and corpus.corpus_of(article_id) not in corpora:
            continue
        try:
            article = corpus.article(article_id)
            gold = load_annotation(path)
        except GoldCorpusError as exc:
            errors.append(f"{article_id}: {exc}" if article_id not in str(exc) else str(exc))
            continue
        problems = check(gold, article.text)
        if problems:
            errors.append(f"{article_id}: " + "; ".join(problems[:3]))
            continue
        yield article, gold


def check_annotation(data: dict[str, Any], text: str) -> list[str]:
    """Problems of one annotation against its article text (empty when it is sound)."""
    problems: list[str] = []

    def span(value: Any, what: str) -> None:
        if value is None:
            return
        ok = (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
              and 0 <= value[0] < value[1] <= len(text))
        if not ok:
            problems.append(f"{what}: bad span {value!r}")

    events = data.get("events", [])
    for k, ev in enumerate(events):
        if ev.get("type") not in EVENT_TYPES:
            problems.append(f"event {k}: type {ev.get('type')!r} is not one of {', '.join(EVENT_TYPES)}")
        if ev.get("status") not in STATUSES:
            problems.append(f"event {k}: status {ev.get('status')!r} is not one of {', '.join(STATUSES)}")
        if ev.get("trigger") is None:
            problems.append(f"event {k}: no trigger")
        for key in ("trigger", "actor", "target", "place", "source"):
            span(ev.get(key), f"event {k} {key}")
        same = ev.get("same_as")
        if same is not None and not (isinstance(same, int) and 0 <= same < k):
            problems.append(f"event {k}: same_as must name an earlier event, got {same!r}")
    for k, q in enumerate(data.get("quotes", [])):
        if q.get("cue") is None:
            problems.append(f"quote {k}: no cue")
        for key in ("cue", "speaker", "content"):
            span(q.get(key), f"quote {k} {key}")
        if not isinstance(q.get("direct"), bool):
            problems.append(f"quote {k}: direct must be true or false")
    return problems


def _add_written(row: dict[str, Any], articles: dict[str, dict[str, Any]], splits: dict[str, str]) -> None:
    """One row of ``written-articles.jsonl`` added to the corpus, in the train split."""
    article_id = str(row.get("id", ""))
    if row.get("corpus") != WRITTEN_CORPUS or not isinstance(row.get("text"), str):
        raise GoldCorpusError(f"written-articles.jsonl: {article_id or 'a row'} needs corpus {WRITTEN_CORPUS!r} "
                              "and a text")
    if article_id in articles or article_id in splits:
        raise GoldCorpusError(f"written-articles.jsonl: id {article_id!r} is already in the corpus")
    if row.get("split", "train") != "train":
        raise GoldCorpusError(f"written-articles.jsonl: {article_id} asks for split {row.get('split')!r}; "
                              "written articles are train-only (they never score)")
    articles[article_id] = row
    splits[article_id] = "train"


def _read_tsv(path: Path, key: str, value: str) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row[value] for row in csv.DictReader(handle, delimiter="\t")}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=4)
def _snn_records(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise GoldCorpusError(f"SaudiNewsNet file {path.name} not found in the shared data folder")
    with zipfile.ZipFile(path) as archive:
        records: list[dict[str, Any]] = json.loads(archive.read(archive.namelist()[0]))
    return records
