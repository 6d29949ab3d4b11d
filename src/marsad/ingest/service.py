"""Ingest: sources → readers → pipeline → store, in small committed batches.

The CLI, the web API and the Spark loader all call :func:`ingest`.  A document
is counted as ``new`` only after the transaction that stored it has committed,
so killing the process at any moment loses nothing already reported and
leaves the database consistent (SQLite WAL + one transaction per batch).  A
document whose id is already stored is skipped before the pipeline runs, which
makes a re-run after a crash cheap; ``INSERT OR IGNORE`` on the id keeps two
concurrent ingests of overlapping inputs from storing anything twice.

Analysis is described by a :class:`~marsad.pipeline.PipelineConfig`: worker
processes receive the config and build their own pipeline once; a pipeline is
built in this process only when this process analyses (one worker) and only
when a document needs it (loading Spark output needs none).  Whoever analyses a
document also prepares its store rows (:func:`~marsad.store.queries.prepare_document`),
so with workers the main process only reads inputs and runs the SQL.

A batch is written in one transaction; when that fails, its documents are
written one by one so one bad document loses only itself.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.document import Document
from marsad.ingest.provenance import stamp_for
from marsad.ingest.spark_load import Analysed, LoadFailure, is_parquet_source, read_analysed
from marsad.ingest.workers import Idle, LocalWork, PipelineGetter, in_workers
from marsad.ner.tokens import built_matching_words
from marsad.pipeline import Pipeline, PipelineConfig, check_config
from marsad.readers import ReadFailure, read_inputs
from marsad.resources.collector import release_free_memory, tune_gc
from marsad.store.analysis import AnalysisStamp
from marsad.store.memory import Skip, Version
from marsad.store.queries import PreparedDocument, Store, prepare_document, writer_pause

# A batch of analysed documents is written when it holds BATCH_SIZE documents or BATCH_SECONDS after
# the last commit (so progress is visible and little work is at risk), and it is written in
# transactions that hold the database's write lock about TRANSACTION_SECONDS at most: another writer
# (``marsad serve`` storing an analyst's review) waits that long at worst, within SQLite's busy timeout.
BATCH_SIZE = 500
BATCH_SECONDS = 2.0
TRANSACTION_SECONDS = 1.0
# ... and when its documents' texts reach BATCH_CHARACTERS: a prepared document holds its text about
# 27 times over in memory (text, clean text, annotations JSON, full-text columns, rows: 130 KiB for an
# article of 4,800 characters), so a batch of long articles was the largest transient of a run (its
# write the peak RSS of the first 3,000 SaudiNewsNet articles): two seconds of analysis on a free core
# are ~220 articles, 28 MiB at that length.  500,000 characters caps a batch near 13 MiB and leaves
# batches of the corpus's mean length (1,730 characters) to the other two limits: larger transactions
# cost the writer less CPU once the store is large (1,000 articles written into the 27,644-article
# store: 1.95-2.26 s in transactions of 100, 1.68-1.91 of 250, 1.60-1.71 of 500).
BATCH_CHARACTERS = 500_000
# With workers, this process writes what it holds whenever it would otherwise wait for the next
# result, once this long has passed since its last commit and it holds this many documents: the
# writes overlap the analysis.  Not more often: each transaction costs the writer a commit and a new
# full-text segment, about 4-5 ms (1,000 prepared articles written alone in transactions of 8 / 32 /
# 90 / 290: 1.70 / 1.33 / 1.20 / 1.10 s of CPU on a loaded machine; into the 27,644-article store the
# gap is larger).  With 0.5 s and 32 documents, two workers on a loaded machine gave 32-49
# transactions per 1,000 articles (most cut by BATCH_SECONDS there), and about 11 are expected on free
# cores (results at ~180 articles/s), 6 with these limits.
IDLE_FLUSH_SECONDS = 1.0
IDLE_FLUSH_DOCUMENTS = 128
# ... and at the input's end, once no more than ENDING_RESULTS results are still to come (the
# workers' last items, about a quarter of a second of their analysis on free cores, longer than
# writing a batch of the limits above), this process writes what it holds whenever it waits and holds
# ENDING_DOCUMENTS or more, so that after the last result only a few documents remain, written while
# the workers exit (before, a mean of half a batch was written after the last result, while the
# other core idled).  Not fewer: the last results come a chunk or an article at a time, and a
# transaction for each would cost more commits than the tail they save.
ENDING_RESULTS = 48
ENDING_DOCUMENTS = 16
# The C allocator's free memory is returned to the system after every written batch
# (``release_free_memory``): over 2,011 articles, 127 calls cost 0.10 s of the run's 27.8 s of CPU
# (0.4 %), and the RSS stays 20-25 MiB lower than with a call every 1,000 documents (the freed memory
# is touched again within a few batches: 298 against 320 MiB after 5,000 articles).


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    refreshed: int = 0  # stored documents whose outlet was renamed (``refresh_outlets``); also unchanged
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    # Documents whose id is stored but whose text read now differs (a corrected feed item, the full page
    # of an item first stored from its summary): the stored copy is kept (an article is stored once and
    # its offsets never move), and the user is told, never "unchanged".  (id, url or input, first stored)
    changed: list[tuple[str, str, str]] = field(default_factory=list)
    # Feed entries that gave no document in an earlier run and are read again unchanged: not failed
    # again (the store remembers them, store.memory), counted apart.  (source, reason, first failed)
    remembered: list[tuple[str, str, str]] = field(default_factory=list)
    versions: int = 0  # texts of ``changed`` articles kept as a new version (a wording not kept before)
    seconds: float = 0.0
    started: str = ""  # when the run began, UTC (``YYYY-MM-DDTHH:MM:SSZ``): what ``--ingested-since`` takes

    @property
    def documents(self) -> int:
        """Items read: the documents stored (new, unchanged or changed) and the inputs, lines or documents skipped."""
        return self.new + self.unchanged + len(self.changed) + len(self.failed) + len(self.remembered)

    @property
    def stored(self) -> int:
        """The documents in the store after the run (new, unchanged and changed): what the summary calls documents."""
        return self.new + self.unchanged + len(self.changed)

    def skipped(self) -> list[tuple[str, int]]:
        """The failures counted by what a user would call them (``bad lines in JSON Lines input``),
        most first: a bad line is not a document, and the summary must not count it as one."""
        counts: dict[str, int] = {}
        for source, reason in self.failed:
            kind = _skip_kind(source, reason)
            counts[kind] = counts.get(kind, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "unchanged": self.unchanged,
            "refreshed": self.refreshed,
            "changed": [{"id": i, "source": where, "stored": stored} for i, where, stored in self.changed],
            "failed": [{"source": s, "reason": r} for s, r in self.failed],
            "skipped": {kind: count for kind, count in self.skipped()},
            "remembered": [{"source": s, "reason": r, "first_failed": f} for s, r, f in self.remembered],
            "versions": self.versions,
            "seconds": round(self.seconds, 3),
            "documents_per_second": round(self.per_second, 2),
            "started": self.started,
        }


ProgressCallback = Callable[[IngestSummary], None]


# What a skipped item was, by how its failure names it (the readers' ``source: line N`` and
# ``source: element N``, the analysis's and the store's reasons); anything else an input or a record
# of it that could not be read.  (singular, plural).
_SKIP_KINDS = {
    "line": ("bad line in JSON Lines input", "bad lines in JSON Lines input"),
    "element": ("bad element of a JSON array", "bad elements of JSON arrays"),
    "analysis": ("document whose analysis failed", "documents whose analysis failed"),
    "store": ("document the database did not take", "documents the database did not take"),
    "input": ("input or record not read", "inputs or records not read"),
}


def _skip_kind(source: str, reason: str) -> str:
    tail = source.rpartition(": ")[2]
    if reason.startswith("analysis failed"):
        return "analysis"
    if reason.startswith("not stored"):
        return "store"
    for kind in ("line", "element"):
        number = tail.removeprefix(kind + " ")
        if number != tail and number.isdigit():
            return kind
    return "input"


def skip_label(kind: str, count: int) -> str:
    """``3 bad lines in JSON Lines input``: a kind of :meth:`IngestSummary.skipped` as a user reads it."""
    one, many = _SKIP_KINDS[kind]
    return f"{count} {one if count == 1 else many}"


_Failure = LoadFailure  # why a source (or one of its records) could not be read or analysed
_Item = dict[str, Any] | _Failure  # an analysed document dict, or why a source failed


# -- reading -----------------------------------------------------------------------------
def _read_sources(
    sources: Sequence[str], *, published: str | None, allow_private: bool, allow_networks: Sequence[str] = (),
    outlet: str | None = None,
) -> Iterator[Document | Analysed | _Failure]:
    plain: list[str] = []
    for source in sources:
        if is_parquet_source(source):
            if plain:
                yield from _read_plain(plain, published, allow_private, allow_networks, outlet)
                plain = []
            for item in read_analysed(source):
                if not isinstance(item, _Failure) and outlet is not None:
                    item.data["source"] = outlet
                yield item
        else:
            plain.append(source)
    if plain:
        yield from _read_plain(plain, published, allow_private, allow_networks, outlet)


def _read_plain(
    paths: list[str], published: str | None, allow_private: bool, allow_networks: Sequence[str],
    outlet: str | None = None,
) -> Iterator[Document | _Failure]:
    for item in read_inputs(paths, published=published, allow_private=allow_private, allow_networks=allow_networks,
                            source=outlet):
        yield _Failure(item.source, item.reason, item.key) if isinstance(item, ReadFailure) else item


# -- analysing ---------------------------------------------------------------------------
def normalised_clean(doc: Document) -> tuple[str | None, list[str] | None]:
    """The analysed document's normalised clean text and its words, as far as the stages built them.

    The stages matched on the normalised clean text (``doc.matching``) and split it into words: the
    store's full-text columns and shingles start from them instead of normalising and splitting again."""
    matching = doc.built_view("matching")
    if matching is None:
        return None, None
    return matching.text, built_matching_words(doc)


_Prepared = PreparedDocument | _Failure  # a document ready to insert, or why a source failed


def _prepare_item(pipeline: PipelineGetter, item: Document | Analysed | _Failure) -> _Prepared:
    """Analyse a document (one from Parquet is analysed already) and prepare its store rows."""
    if isinstance(item, _Failure):
        return item
    normalised: tuple[str | None, list[str] | None] = (None, None)
    if isinstance(item, Document):
        try:
            # The store's rows start from the words the stages split: keep them until prepared.
            data = pipeline().analyse_keeping_analyses(item).to_dict()
        except Exception as exc:  # the pipeline isolates stage errors; this guards the rest
            item.release_derived()
            return _Failure(item.source or item.id, f"analysis failed: {type(exc).__name__}: {exc}")
        normalised = normalised_clean(item)
        item.release_derived()
    else:
        data = item.data
    try:
        prepared = prepare_document(data, normalised_clean_text=normalised[0], normalised_words=normalised[1])
    except Exception as exc:
        return _Failure(str(data.get("source") or data.get("id")), f"not stored: {exc}")
    if isinstance(item, Document):
        prepared.analysed = True  # this pipeline analysed it: the writer stamps it with what analysed it
    else:
        prepared.analysis = item.analysis  # what its table records (None: unknown, so stale)
    return prepared


# -- the loop ------------------------------------------------------------------------------
def ingest(
    sources: Sequence[str],
    store: Store,
    pipeline: Pipeline | PipelineConfig | None = None,
    *,
    progress: ProgressCallback | None = None,
    published: str | None = None,
    allow_private: bool = False,
    allow_networks: Sequence[str] = (),
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    batch_seconds: float = BATCH_SECONDS,
    transaction_seconds: float | None = TRANSACTION_SECONDS,
    batch_characters: int = BATCH_CHARACTERS,
    source: str | None = None,
    refresh_outlets: bool = False,
    retry_skipped: bool = False,
) -> IngestSummary:
    """Read, analyse and store every document of ``sources``; never raises for a bad input.

    ``pipeline``: a built pipeline, or the config to build one from (None: the
    default config).  ``workers > 1`` analyses in that many processes, each
    building its pipeline from the config (a built pipeline hands on the config
    it was built from); the store is written from this process only.
    ``progress`` is called after every committed batch: ``batch_size`` documents, or fewer when
    ``batch_seconds`` have passed since the last commit or their texts hold ``batch_characters``
    characters (a batch's memory); no write transaction holds the lock much longer than
    ``transaction_seconds`` (None: one transaction per batch).  A config that cannot
    be built raises :class:`~marsad.pipeline.PipelineConfigError` (or
    ``ContextModelError``) before anything is read.
    ``source`` names the outlet of every document read (the command line's ``--source``).  With
    ``refresh_outlets`` a document already stored takes the outlet its input names now (a reader
    that names outlets better, or ``source``), without being analysed again (``summary.refreshed``).
    A feed entry that failed in an earlier run and is read again unchanged is counted in
    ``summary.remembered``, not failed again (``retry_skipped``: failed, as the first time); the other
    text of a ``changed`` article is kept as a version beside it (:mod:`marsad.store.memory`).
    """
    # Bulk work in this process too: with workers it unpickles every document's rows (tens of
    # thousands of tuples per batch), which the default thresholds collect over and over.
    tune_gc()
    analysis = _analysis(pipeline if pipeline is not None else PipelineConfig(), workers)
    summary = IngestSummary(started=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    started = time.monotonic()
    batch: list[PreparedDocument] = []
    held = 0  # characters of the batch's texts (a measure of the memory its documents hold)
    last_commit = time.monotonic()

    def flush() -> None:
        nonlocal batch, held, last_commit
        if batch:
            _store_batch(store, batch, summary, transaction_seconds)
            batch = []
            held = 0
            release_free_memory()
        last_commit = time.monotonic()
        summary.seconds = time.monotonic() - started
        if progress is not None:
            progress(summary)

    def idle(remaining: int | None) -> None:
        if idle_flush_due(len(batch), remaining, time.monotonic() - last_commit):
            flush()

    outlets: dict[str, str] | None = {} if refresh_outlets else None
    stamp: AnalysisStamp | None = None  # made when the first document analysed here comes
    skips: list[Skip] = []
    versions: list[Version] = []
    for item in _analysed_items(sources, store, analysis, summary, published, allow_private, allow_networks, idle,
                                source, outlets, versions):
        if isinstance(item, _Failure):
            first = store.first_failed(item.key) if item.key is not None and not retry_skipped else None
            if first is not None:
                summary.remembered.append((item.source, item.reason, first))
            else:
                summary.failed.append((item.source, item.reason))
            if item.key is not None:
                skips.append(Skip(item.key, item.source, item.reason))
        else:
            if item.analysed:
                if stamp is None:
                    stamp = stamp_for(pipeline if pipeline is not None else PipelineConfig())
                item.analysis = stamp
            batch.append(item)
            held += len(item.text)
        if len(batch) >= batch_size or held >= batch_characters or time.monotonic() - last_commit >= batch_seconds:
            flush()
    flush()
    summary.versions = store.remember(skips, versions, summary.started)
    if outlets:
        summary.refreshed = store.set_outlets(outlets)
        summary.seconds = time.monotonic() - started
    return summary


def idle_flush_due(held: int, remaining: int | None, since_commit: float) -> bool:
    """Whether the ingest writes the ``held`` documents while it waits for the workers' next result:
    ``remaining`` results still to come (None while the input is still being read; 0 when every
    result is in), ``since_commit`` seconds since its last commit."""
    if not held:
        return False
    if remaining is not None and (remaining == 0 or (remaining <= ENDING_RESULTS and held >= ENDING_DOCUMENTS)):
        return True
    return held >= IDLE_FLUSH_DOCUMENTS and since_commit >= IDLE_FLUSH_SECONDS


def _analysis(pipeline: Pipeline | PipelineConfig, workers: int) -> LocalWork | _PoolAnalysis:
    if workers <= 1:
        if isinstance(pipeline, PipelineConfig):
            check_config(pipeline)
        return LocalWork(pipeline)
    config = pipeline if isinstance(pipeline, PipelineConfig) else pipeline.config
    if config is None:
        raise ValueError("ingest with workers > 1 needs a PipelineConfig: worker processes build their own pipeline")
    # A worker that cannot build its pipeline would be restarted forever: fail here instead.
    check_config(config)
    return _PoolAnalysis(config, workers)


class _PoolAnalysis:
    """Worker processes, each with the pipeline built from the config."""

    def __init__(self, config: PipelineConfig, workers: int) -> None:
        self.config = config
        self.workers = workers

    def map(
        self, work: Callable[[PipelineGetter, Document | Analysed | _Failure], _Prepared],
        items: Iterator[Document | Analysed | _Failure], idle: Idle | None = None,
    ) -> Iterator[_Prepared]:
        return in_workers(self.config, work, items, self.workers, idle=idle)


def _analysed_items(
    sources: Sequence[str],
    store: Store,
    analysis: LocalWork | _PoolAnalysis,
    summary: IngestSummary,
    published: str | None,
    allow_private: bool,
    allow_networks: Sequence[str] = (),
    idle: Idle | None = None,
    outlet: str | None = None,
    outlets: dict[str, str] | None = None,
    versions: list[Version] | None = None,
) -> Iterator[_Prepared]:
    """Prepared rows of the documents not stored yet (stored ones are counted unchanged here);
    ``idle``: called while the workers' next result is not ready, with how many are still to come (one
    process never waits); ``outlets``, when given, collects the outlet each stored document is read
    with now (id → name), for the caller to write; ``versions``, when given, collects the other text of
    each ``changed`` document, for the caller to keep."""
    seen: dict[str, bytes] = {}  # id → a digest of the text read first in this run (b"" for a table's row)

    def fresh() -> Iterator[Document | Analysed | _Failure]:
        for item in _read_sources(sources, published=published, allow_private=allow_private,
                                  allow_networks=allow_networks, outlet=outlet):
            if isinstance(item, _Failure):
                yield item
                continue
            doc_id = item.data.get("id") if isinstance(item, Analysed) else item.id
            before = _stored_before(store, str(doc_id), seen, item)
            if before is not None:
                if before and isinstance(item, Document):  # its words changed since the stored (or earlier) copy
                    stored = "this run" if doc_id in seen else store.ingested_at(str(doc_id)) or ""
                    summary.changed.append((str(doc_id), item.url or item.source or str(doc_id), stored))
                    if versions is not None:
                        versions.append(Version(str(doc_id), item.text, item.title, item.url or item.source,
                                                summary.started))
                else:
                    summary.unchanged += 1
                name = item.data.get("source") if isinstance(item, Analysed) else item.source
                if outlets is not None and doc_id not in seen and isinstance(name, str) and name:
                    outlets[str(doc_id)] = name
                continue
            seen[str(doc_id)] = _digest(item.text) if isinstance(item, Document) else b""
            yield item

    return analysis.map(_prepare_item, fresh(), idle)


def _digest(text: str) -> bytes:
    # A digest, not the text: a run remembers every id it read, and a crawl's texts would fill memory.
    # Whitespace is folded: a page saved again with other line breaks tells the same words.
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _stored_before(store: Store, doc_id: str, seen: dict[str, bytes], item: Document | Analysed) -> bool | None:
    """None for a new id; else whether the words read now differ from the copy stored (or read earlier
    in this run).  A table of analysed documents is not compared: only its id is looked up."""
    if doc_id in seen:
        return isinstance(item, Document) and seen[doc_id] != _digest(item.text)
    if not isinstance(item, Document):
        return False if store.has_document(doc_id) else None
    stored = store.stored_text(doc_id)
    if stored is None:
        return None
    # The same text is the rule on a re-run: compared as it is (the folding costs more than the read).
    return stored != item.text and " ".join(stored.split()) != " ".join(item.text.split())


def _store_batch(store: Store, batch: list[PreparedDocument], summary: IngestSummary, budget: float | None) -> None:
    added: list[bool] = []
    rest = batch
    while rest:
        if added:
            writer_pause()  # the batch took more than one transaction: let a waiting writer in
        try:
            done = store.write_transaction(rest, budget=budget)
        except Exception:
            # One bad document must not lose the others: store the rest one by one.
            for prepared in rest:
                try:
                    added.extend(store.write_prepared([prepared]))
                except Exception as exc:
                    summary.failed.append((str(prepared.source or prepared.id), f"not stored: {exc}"))
            break
        added.extend(done)
        rest = rest[len(done) :]
    summary.new += sum(added)
    summary.unchanged += len(added) - sum(added)
