"""Repair words broken to evade moderation (``وأسلـ.حتها`` → ``وأسلحتها``).

The text itself never changes: each repair is a span of the original with the
word that stands there in ``doc.clean_text``, so later stages read the repaired
words while readers still see and cite the original.  The decisions are made in
:mod:`marsad.text.deobfuscate`; this module turns them into ``Repair`` records.
Boilerplate lines are repaired too (harmless, and their words stay readable).
"""

from __future__ import annotations

from marsad.document import Document, Note, Repair
from marsad.text.deobfuscate import MIN_DOTLESS_CONFIDENCE, Deobfuscator


class RepairStage:
    name = "repair"
    reads = ("text", "boilerplate")
    adds = ("repairs",)

    def __init__(self, *, min_dotless_confidence: float = MIN_DOTLESS_CONFIDENCE) -> None:
        # Below this share of probability a dotless word is left as written (and noted).
        self._deobfuscator = Deobfuscator(min_dotless_confidence=min_dotless_confidence)

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
