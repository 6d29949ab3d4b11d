"""Ingest of documents already in memory: analyse them, then store them in one transaction.

This is the ingest service's entry for ``POST /api/ingest`` (the articles come
in a request body, not from files): it sits beside :mod:`marsad.store.ingest`
and moves with it.  The web layer hands documents here and never builds a
pipeline itself.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from marsad.document import Document
from marsad.pipeline import Pipeline
from marsad.store.queries import Store

# One pipeline per stage selection, built on first use (building loads word lists
# and models).  Stages keep per-document state while they run, so one document
# goes through a pipeline at a time.
_pipelines: dict[tuple[str, ...] | None, Pipeline] = {}
_lock = threading.Lock()


def ingest_documents(docs: Sequence[Document], store: Store, stages: Sequence[str] | None = None) -> list[str]:
    """Analyse ``docs`` with the named stages (``None``: the default pipeline) and store them; their ids.

    A document whose id is already stored is left as it was (its id is still returned)."""
    key = tuple(stages) if stages is not None else None
    with _lock:
        pipeline = _pipelines.get(key)
        if pipeline is None:
            pipeline = _pipelines[key] = Pipeline.build(stages)
        analysed = [pipeline(doc).to_dict() for doc in docs]
    store.add_many(analysed)
    return [str(data["id"]) for data in analysed]
