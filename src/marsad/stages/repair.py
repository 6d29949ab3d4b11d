"""Repair words broken to evade moderation (``وأسلـ.حتها`` → ``وأسلحتها``).

The text itself never changes: each repair is a span of the original with the
word that stands there in ``doc.clean_text``, so later stages read the repaired
words while readers still see and cite the original.  The decisions are made in
:mod:`marsad.text.deobfuscate`; this module turns them into ``Repair`` records.
Boilerplate lines are repaired too (harmless, and their words stay readable).

Dotless readings are weighed with the shipped context model, or with a model
the user trained on their own articles (``marsad train repair-context
--corpus``): ``RepairStage(context_model=PATH)``, which a pipeline built from a
``PipelineConfig(repair_context_model=PATH)`` passes (``marsad analyze``/
``ingest``/``spark``/``serve --repair-context-model``, ingest workers and Spark
executors get the config, not the environment).  A model file that cannot be
used raises :class:`ContextModelError` (one line) when the stage is built, not
in the middle of a batch.
"""

from __future__ import annotations

from pathlib import Path

from marsad.document import Document, Note, Repair
from marsad.text.deobfuscate import MIN_DOTLESS_CONFIDENCE, Deobfuscator
from marsad.text.dotless_context import ContextModelError, load_model_file

__all__ = ["ContextModelError", "RepairStage"]


class RepairStage:
    name = "repair"

    def __init__(
        self,
        *,
        min_dotless_confidence: float = MIN_DOTLESS_CONFIDENCE,
        context_model: str | Path | None = None,
    ) -> None:
        # No model file: the shipped model (read lazily by the deobfuscator).
        context = load_model_file(context_model) if context_model is not None else None
        # Below this share of probability a dotless word is left as written (and noted).
        self._deobfuscator = Deobfuscator(min_dotless_confidence=min_dotless_confidence, context=context)

    def __call__(self, doc: Document) -> None:
        findings = self._deobfuscator.find_all(doc.text)
        for u in findings.undecided:
            # A dotless word whose readings were too close to call stays as written.
            readings = ", ".join(f"{word} ({share:.0%})" for word, share in u.readings)
            doc.notes.append(
                Note("repair-undecided", f"{u.original} [{u.start}, {u.end}) left as written; readings: {readings}")
            )
        found = findings.repairs
        if not found:
            return
        for f in found:
            doc.repairs.append(Repair(f.start, f.end, f.original, f.replacement, f.kind))
            if f.alternatives:
                # A close call between dotted readings: tell the reader.
                doc.notes.append(
                    Note(
                        "repair-alternatives",
                        f"{f.original} [{f.start}, {f.end}) read as {f.replacement}; "
                        f"also possible: {', '.join(f.alternatives)}",
                    )
                )
        doc.invalidate_views()
