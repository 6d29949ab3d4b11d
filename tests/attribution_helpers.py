"""Shared helpers for the tests of the attribution tools: spans, arguments, a learned context over one
synthetic sentence of the project's own writing, and the contexts of the seed and a few open train articles."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from marsad.attribution.learned.context import Context
from marsad.attribution.text import analysed
from marsad.document import Document
from marsad.pipeline import Pipeline, PipelineConfig

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "marsad" / "samples" / "seed-aleppo-2019-12-12.txt"


def span_of(text: str, word: str) -> tuple[int, int]:
    """The ``[start, end)`` span of the first occurrence of ``word`` in ``text``."""
    start = text.index(word)
    return start, start + len(word)


def arg_of(text: str, word: str) -> dict[str, object]:
    """An event argument as the output JSON gives it, on the first occurrence of ``word``."""
    start, end = span_of(text, word)
    return {"text": word, "start": start, "end": end}


def context_of(text: str) -> Context:
    """The learned layer's context of a document holding only ``text``."""
    doc = Document(text)
    return Context(doc, analysed(doc))


def seed_and_train_texts(articles: int) -> list[str]:
    """The seed article and the first ``articles`` redistributable train articles of the gold corpus (the
    repository's own copy)."""
    with (ROOT / "gold" / "splits.tsv").open(encoding="utf-8", newline="") as handle:
        train = {row["id"] for row in csv.DictReader(handle, delimiter="\t") if row["split"] == "train"}
    texts = [SAMPLE.read_text(encoding="utf-8")]
    with (ROOT / "gold" / "open-articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in train and len(texts) <= articles:
                texts.append(str(row["text"]))
    return texts


def rule_contexts(articles: int) -> list[Context]:
    """The learned layer's contexts of those texts, after the rule pipeline."""
    rules = Pipeline.from_config(PipelineConfig(extraction="rules"))
    out = []
    for text in seed_and_train_texts(articles):
        doc = rules(Document(text, published="2019-12-12"))
        out.append(Context(doc, analysed(doc)))
    return out
