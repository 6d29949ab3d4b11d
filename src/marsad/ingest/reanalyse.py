"""Re-analysis: run the pipeline again over the originals a store holds (``marsad reanalyze``).

A store filled by an older Marsad keeps that Marsad's analysis: an ingest of the same inputs
skips every stored id.  This re-runs the pipeline over the stored original texts (no re-fetch)
and replaces each document's analysis in its own transaction
(:func:`marsad.store.analysis.replace`), so a run killed at any moment leaves every document
either wholly old or wholly new, and running it again finishes the rest: by default only the
documents whose analysis key (:mod:`.provenance`) is not this pipeline's are taken, and a
re-analysed document has this pipeline's key.  Ids, offsets, outlets, ingest time, publication
date and story stay; reviews follow their items or are reported detached.

The document is rebuilt with the publication date its reader gave; a date the times stage had
detected in the text is detected again, as a fresh ingest would (and kept when no longer found).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.document import Document
from marsad.ingest.provenance import stamp_for
from marsad.ingest.service import normalised_clean
from marsad.ingest.workers import LocalWork, PipelineGetter, in_workers
from marsad.pipeline import Pipeline, PipelineConfig, check_config
from marsad.store.analysis import Replaced
from marsad.store.queries import PreparedDocument, Store, prepare_document

# Re-analysed documents are written this many to a transaction, or fewer once this many seconds
# passed since the last commit.  One transaction per document cost a commit and a new full-text
# segment each: 304 short articles re-analysed in 3.3 s of CPU (5.9-6.8 s on a loaded machine)
# against 2.5-2.9 s for their ingest; the lock is held for the SQL only (~1-2 ms a document), the
# analysis runs before.
BATCH_SIZE = 64
BATCH_SECONDS = 1.0


@dataclass(slots=True)
class ReanalysisSummary:
    targets: int = 0  # documents to re-analyse when the run started
    reanalysed: int = 0
    skipped: int = 0  # deleted or changed while the run went on: nothing written
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)
    reviews_kept: int = 0  # reviews carried to their item in the new analysis
    detached: list[dict[str, Any]] = field(default_factory=list)  # reviews whose item is gone
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # of this process (the analysis too, without workers)
    analysis: str = ""  # the key of the analysis the documents now have

    @property
    def done(self) -> int:
        return self.reanalysed + self.skipped + len(self.failed)

    @property
    def per_second(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "targets": self.targets,
            "reanalysed": self.reanalysed,
            "skipped": self.skipped,
            "failed": [{"document_id": d, "reason": r} for d, r in self.failed],
            "reviews_kept": self.reviews_kept,
            "reviews_detached": self.detached,
            "analysis": self.analysis,
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "documents_per_second": round(self.per_second, 2),
        }


ProgressCallback = Callable[[ReanalysisSummary], None]


@dataclass(frozen=True, slots=True)
class _Original:
    """A stored document to analyse again (sent to a worker: plain values)."""

    seq: int
    document: Document
    published_detected: bool
    stored_published: str | None


@dataclass(frozen=True, slots=True)
class _Failed:
    reason: str


def _reanalyse_item(pipeline: PipelineGetter, item: _Original | _Failed) -> PreparedDocument | _Failed:
    """Analyse one stored original and prepare its rows (a work function: module level, for workers)."""
    if isinstance(item, _Failed):
        return item
    doc = item.document
    try:
        data = pipeline().analyse_keeping_analyses(doc).to_dict()
    except Exception as exc:  # the pipeline isolates stage errors; this guards the rest
        doc.release_derived()
        return _Failed(f"analysis failed: {type(exc).__name__}: {exc}")
    normalised = normalised_clean(doc)
    doc.release_derived()
    if item.published_detected and not data.get("published"):
        # The date the first analysis found in the text, which this one no longer finds: kept.
        data["published"], data["published_detected"] = item.stored_published, True
    try:
        return prepare_document(data, normalised_clean_text=normalised[0], normalised_words=normalised[1])
    except Exception as exc:
        return _Failed(f"not stored: {exc}")


def _original(store: Store, seq: int) -> _Original | _Failed | None:
    try:
        found = store.stored_original(seq)
    except Exception as exc:  # a row the store cannot read back
        return _Failed(f"cannot read the stored document: {type(exc).__name__}: {exc}")
    if found is None:
        return None
    detected = bool(found["published_detected"])
    # A date the reader gave is given again; one the times stage found in the text is found again,
    # as a fresh ingest would.
    doc = Document(found["text"], id=found["id"], source=found["source"], url=found["url"], title=found["title"],
                   published=None if detected else found["published"], source_id=found["source_id"])
    return _Original(seq, doc, detected, found["published"])


def _results(pipeline: Pipeline | PipelineConfig, workers: int, items: Iterator[_Original | _Failed]
             ) -> Iterator[PreparedDocument | _Failed]:
    """:func:`_reanalyse_item` of every item, here or in ``workers`` processes, in input order."""
    if workers <= 1:
        if isinstance(pipeline, PipelineConfig):
            check_config(pipeline)
        return LocalWork(pipeline).map(_reanalyse_item, items)
    config = pipeline if isinstance(pipeline, PipelineConfig) else pipeline.config
    if config is None:
        raise ValueError("re-analysis with workers > 1 needs a PipelineConfig: workers build their own pipeline")
    check_config(config)  # a worker that cannot build its pipeline would be restarted forever
    return in_workers(config, _reanalyse_item, items, workers)


def reanalyse(
    store: Store,
    pipeline: Pipeline | PipelineConfig | None = None,
    *,
    every: bool = False,
    workers: int = 1,
    progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
) -> ReanalysisSummary:
    """Re-analyse the stored documents whose analysis is not ``pipeline``'s (``every``: all of them).

    Never raises for one document: a failure is reported (``summary.failed``) and the run goes on.
    The new analyses are written ``batch_size`` documents to a transaction (fewer when
    :data:`BATCH_SECONDS` passed since the last commit), each document whole; ``progress`` is called
    after each commit, so a document counted re-analysed is on disk."""
    config_or_pipeline = pipeline if pipeline is not None else PipelineConfig()
    stamp = stamp_for(config_or_pipeline)
    summary = ReanalysisSummary(analysis=stamp.key)
    started, cpu_started = time.monotonic(), time.process_time()
    seqs = store.reanalysis_targets(None if every else stamp.key)
    summary.targets = len(seqs)
    if not seqs:
        return summary
    pending: deque[tuple[int, str | None, str | None]] = deque()  # (seq, id, text) of each item sent, in order

    def items() -> Iterator[_Original | _Failed]:
        for seq in seqs:
            item = _original(store, seq)
            if item is None:  # deleted since the run began
                summary.skipped += 1
                continue
            if isinstance(item, _Failed):
                pending.append((seq, None, None))
            else:
                pending.append((seq, item.document.id, item.document.text))
            yield item

    def tick() -> None:
        summary.seconds = time.monotonic() - started
        summary.cpu_seconds = time.process_time() - cpu_started
        if progress is not None:
            progress(summary)

    batch: list[tuple[int, str, PreparedDocument]] = []
    names: dict[int, str] = {}  # seq → document id, for the batch's failures
    last_commit = time.monotonic()

    def record(replaced: Replaced | None) -> None:
        if replaced is None:
            summary.skipped += 1
        else:
            summary.reanalysed += 1
            summary.reviews_kept += replaced.reviews_kept
            summary.detached.extend(replaced.detached)

    def flush() -> None:
        nonlocal last_commit
        if batch:
            try:
                for replaced in store.replace_analyses(batch, stamp):
                    record(replaced)
            except Exception:
                # One document the store refuses must not lose the others: each alone.
                for seq, text, prepared in batch:
                    try:
                        record(store.replace_analysis(seq, text, prepared, stamp))
                    except Exception as exc:
                        summary.failed.append((names[seq], f"not stored: {type(exc).__name__}: {exc}"))
            batch.clear()
            names.clear()
        last_commit = time.monotonic()
        tick()

    for result in _results(config_or_pipeline, workers, items()):
        seq, doc_id, text = pending.popleft()
        if isinstance(result, _Failed) or text is None:
            reason = result.reason if isinstance(result, _Failed) else "unreadable"
            summary.failed.append((doc_id or f"seq:{seq}", reason))
        else:
            batch.append((seq, text, result))
            names[seq] = doc_id or f"seq:{seq}"
        if len(batch) >= batch_size or time.monotonic() - last_commit >= BATCH_SECONDS:
            flush()
    flush()
    if summary.reanalysed:
        # Batch by batch the new rows were grouped looking back only; the groups anew, as a fresh
        # ingest of the same documents would make them.
        store.regroup()
    return summary
