"""Ingest of documents already in memory: analyse them, then store them in one transaction.

This is the ingest service's entry for ``POST /api/ingest`` (the articles come
in a request body, not from files).  The web layer hands documents and the
server's :class:`~marsad.pipeline.PipelineConfig` here and never builds a
pipeline itself.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from marsad.document import Document
from marsad.ingest.provenance import stamp_for
from marsad.pipeline import Pipeline, PipelineConfig
from marsad.store.queries import Store

# One pipeline per configuration, built on first use (building loads word lists
# and models).  Stages keep per-document state while they run, so one document
# goes through a pipeline at a time.
_pipelines: dict[PipelineConfig, Pipeline] = {}
_lock = threading.Lock()


def ingest_documents(docs: Sequence[Document], store: Store, config: PipelineConfig | None = None) -> list[str]:
    """Analyse ``docs`` as ``config`` says (None: the default pipeline) and store them; their ids.

    A document whose id is already stored is left as it was (its id is still returned)."""
    config = config if config is not None else PipelineConfig()
    with _lock:
        pipeline = _pipelines.get(config)
        if pipeline is None:
            pipeline = _pipelines[config] = Pipeline.from_config(config)
        analysed = [pipeline(doc).to_dict() for doc in docs]
    store.add_many(analysed, analysis=stamp_for(pipeline))
    return [str(data["id"]) for data in analysed]
