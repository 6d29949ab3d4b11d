"""Hand-judged place mentions as labelled examples: the judgement files of the probe checks, with their texts.

Two formats are read (both offsets and verdicts only, never text):

* the probe tools' (``tools/probe_places_aqmar.py``, ``probe_places_fresh.py``): ``doc``, ``start``, ``end``,
  ``verdict`` (``place`` / ``notplace``), ``half`` (``probe`` / ``held``) and ``level``. The document key says
  where the text is: ``aqmar:<file>:<passage>`` (AQMAR's sentences, :func:`aqmar_passages`), ``open:<gold pool
  id>`` (``gold/open-articles.jsonl``) or ``snn:<day>:<index>`` (SaudiNewsNet);
* ``marsad eval places``'s (``tests/gold/places/anercorp_probe.tsv``): ``line``, ``start``, ``end``, ``verdict``
  (``ok`` / ``wrong`` / ``unresolved`` / ``notplace`` / ``missed``), ``gold`` (the right id when known) and
  ``system``; lines of ``gold/open-articles.jsonl`` (the file's comments must say so).

Only what may be learned from is returned: never a ``held`` half (a file whose first comment calls it a held
half is held as a whole), never SaudiNewsNet (CC BY-NC-SA: nothing derived from it ships), never an article of
the gold's test split, nor one with a place gold file (the gold labels it already).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from marsad.errors import MarsadError

Token = tuple[str, str]
AQMAR_PER_PASSAGE = 12  # sentences a passage, as tools/probe_places_aqmar.py cuts them
PLACE_VERDICTS = frozenset({"place", "ok", "wrong", "unresolved", "missed"})
NOT_PLACE = "notplace"


class JudgedFileError(MarsadError, ValueError):
    """A judgement file that cannot be read or must not be learned from."""


@dataclass(frozen=True, slots=True)
class Judgement:
    start: int
    end: int
    place: bool
    gold: str = ""  # the right gazetteer id, when the judgement names one


@dataclass(slots=True)
class JudgedText:
    key: str
    text: str
    judgements: list[Judgement] = field(default_factory=list)


@dataclass(slots=True)
class JudgedSet:
    texts: list[JudgedText]
    skipped: dict[str, int]  # why judged mentions were left out: held, saudinewsnet, test split, place gold


def aqmar_sentences(path: Path) -> list[list[Token]]:
    """AQMAR's sentences as (word, tag) pairs; a blank line ends a sentence."""
    out: list[list[Token]] = []
    current: list[Token] = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if not parts:
            if current:
                out.append(current)
                current = []
            continue
        current.append((parts[0], parts[-1] if len(parts) > 1 else "O"))
    if current:
        out.append(current)
    return out


def aqmar_detokenise(tokens: list[Token]) -> tuple[str, list[tuple[int, int, str]]]:
    """Text as ``tools/gold/build_pool.detokenise`` writes it, with each word's span and its AQMAR tag."""
    text = ""
    spans: list[tuple[int, int, str]] = []
    for word, tag in tokens:
        glue = (word in ".،,:؛;?؟!)]" or text.endswith(("(", "["))) and text != ""
        if text and not glue:
            text += " "
        spans.append((len(text), len(text) + len(word), tag))
        text += word
    return text, spans


def aqmar_passages(shared: Path, per_passage: int = AQMAR_PER_PASSAGE
                   ) -> list[tuple[str, str, str, list[tuple[int, int, str]]]]:
    """(key, half, text, word spans with tags) for every passage of AQMAR's train and dev files: train passages
    alternately probe and held (unrelated sentences), the dev file's first half probe and second half held (one
    article's passages stay on one side)."""
    out = []
    for name in ("train", "dev"):
        sents = aqmar_sentences(shared / "aqmar" / f"{name}.txt")
        runs = [sents[i:i + per_passage] for i in range(0, len(sents), per_passage)]
        for k, run in enumerate(runs):
            half = ("probe" if k % 2 == 0 else "held") if name == "train" else (
                "probe" if k < len(runs) // 2 else "held")
            text = ""
            spans: list[tuple[int, int, str]] = []
            for sent in run:
                piece, piece_spans = aqmar_detokenise(sent)
                offset = len(text) + (1 if text else 0)
                text = f"{text}\n{piece}" if text else piece
                spans.extend((s + offset, e + offset, tag) for s, e, tag in piece_spans)
            out.append((f"aqmar:{name}:{k}", half, text, spans))
    return out


def read_judged(paths: list[Path], gold: Path, shared: Path) -> JudgedSet:
    """The learnable judged mentions of ``paths``, grouped by text (in file order, deterministic)."""
    split = dict(line.split("\t")[:2] for line in (gold / "splits.tsv").read_text("utf-8").splitlines()[1:])
    annotated = {p.stem for p in (gold / "places").glob("*.json")}
    pool_rows = [json.loads(line) for line in (gold / "open-articles.jsonl").read_text("utf-8").splitlines()]
    pool = {row["id"]: row for row in pool_rows}
    aqmar: dict[str, tuple[str, str]] | None = None
    texts: dict[str, JudgedText] = {}
    skipped: dict[str, int] = {}

    def skip(why: str) -> None:
        skipped[why] = skipped.get(why, 0) + 1

    for path in paths:
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise JudgedFileError(f"{path}: cannot read it ({exc})") from exc
        comments = [line for line in lines if line.startswith("#")]
        rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
        if not rows or rows[0][0] not in ("doc", "line"):
            raise JudgedFileError(f"{path}: not a judgement file (its header must start with 'doc' or 'line')")
        header, body = rows[0], rows[1:]
        whole_file_held = bool(comments) and comments[0].lower().startswith("# held half")
        if header[0] == "line" and not any("open-articles.jsonl" in c for c in comments):
            raise JudgedFileError(f"{path}: its lines are not said to be lines of gold/open-articles.jsonl")
        for number, row in enumerate(body, start=2):
            cells = dict(zip(header, row, strict=False))
            try:
                start, end, verdict = int(cells["start"]), int(cells["end"]), cells["verdict"]
            except (KeyError, ValueError) as exc:
                raise JudgedFileError(f"{path}: row {number} is malformed ({exc})") from exc
            if verdict != NOT_PLACE and verdict not in PLACE_VERDICTS:
                raise JudgedFileError(f"{path}: row {number}: unknown verdict {verdict!r}")
            if whole_file_held or cells.get("half", "probe") != "probe":
                skip("held half")
                continue
            if header[0] == "line":
                index = int(cells["line"]) - 1 if cells.get("line", "").isdigit() else -1
                if not 0 <= index < len(pool_rows):
                    raise JudgedFileError(f"{path}: row {number}: no line {cells.get('line')!r} in open-articles.jsonl")
                row_data = pool_rows[index]
                key, text, doc_id = f"open:{row_data['id']}", row_data["text"], row_data["id"]
            else:
                key = cells["doc"]
                if key.startswith("snn:"):
                    skip("saudinewsnet (not redistributable)")
                    continue
                if key.startswith("aqmar:"):
                    if aqmar is None:
                        try:
                            aqmar = {k: (half, text) for k, half, text, _s in aqmar_passages(shared)}
                        except OSError as exc:
                            raise JudgedFileError(f"{path}: AQMAR's text is needed and not found ({exc})") from exc
                    if key not in aqmar:
                        raise JudgedFileError(f"{path}: row {number}: no AQMAR passage {key}")
                    text, doc_id = aqmar[key][1], ""
                elif key.startswith("open:") and key[5:] in pool:
                    doc_id = key[5:]
                    text = pool[doc_id]["text"]
                else:
                    raise JudgedFileError(f"{path}: row {number}: unknown document {key!r}")
            if doc_id and split.get(doc_id) not in ("train", "dev"):
                skip("not of the train or dev split")
                continue
            if doc_id and doc_id in annotated:
                skip("article with place gold")
                continue
            if not 0 <= start < end <= len(text):
                raise JudgedFileError(f"{path}: row {number}: offsets {start}-{end} outside the text of {key}")
            item = texts.setdefault(key, JudgedText(key, text))
            gold_id = cells.get("gold", "") if verdict in ("ok", "wrong", "missed") else ""
            item.judgements.append(Judgement(start, end, verdict != NOT_PLACE, gold_id))
    return JudgedSet(list(texts.values()), skipped)
