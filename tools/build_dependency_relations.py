"""A relation model trained on the Universal Dependencies Arabic-PUD treebank: for a predicate (a verb
or a verbal noun) and a word of its sentence, P(the word heads its subject ``nsubj`` / its object
``obj``, a passive subject too / an oblique ``obl`` / a genitive or nominal dependent ``nmod`` / none),
from what the words show without a parser: clitics, the article, endings of gender and number, the
words and marks between the two, order and distance. Tried as features of the learned argument chooser
(the candidate likeliest to be the verb's subject or object marked): it did not move dev beyond noise
(docs/evaluation-log.md, round 11), so no model ships; this tool rebuilds it and cross-validates it.

UD Arabic-PUD (CC BY-SA 3.0, https://github.com/UniversalDependencies/UD_Arabic-PUD) is 1,000
sentences of news and Wikipedia, clitic-segmented (``ل`` + ``أوباما``). Each sentence's ``# text`` is
tokenised as Marsad tokenises a document, and every treebank token is mapped to the Marsad word it is
part of (the tokens of one space-separated chunk, ``SpaceAfter=No``, belong to one written word, its
punctuation apart). A written word's relation to a predicate word is that of its content token (the
one whose head lies outside the word: ``الهجوم`` of ``بالهجوم``, the verb of ``نشرتها``) to the
predicate's; a conjunct takes the relation of the first conjunct.

**Leakage**: the PUD documents are also articles of the events gold corpus (``pud-<newdoc id>`` in
``gold/splits.tsv``); only the sentences of documents in the ``train`` split are read, never those of
dev or test.

    PYTHONPATH=src python tools/build_dependency_relations.py [--conllu FILE] [--splits gold/splits.tsv]
        [--out dependency-relations.json] [--c 0.5] [--min-count 1] [--cv]

The model file is the attribution models' multiclass layout (``MulticlassModel.to_dict``).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.attribution.lexicon import lookup_trigger, strip_proclitics
from marsad.attribution.text import Token, analyse
from marsad.document import Document
from marsad.train.attribution import fit_multiclass

RELATIONS = ("nsubj", "obj", "obl", "nmod", "none")
NO_RELATION = "none"
DEFAULT_CONLLU = "../shared/data/open-arabic-text/ar_pud-ud-test.conllu"
WINDOW = 18  # words either side of a predicate (the argument chooser's window)
# the treebank's relations, as the model's labels (a passive subject and an indirect object: what the
# verb acts on, as an object)
LABELS = {"nsubj": "nsubj", "obj": "obj", "iobj": "obj", "nsubj:pass": "obj",
          "obl": "obl", "obl:arg": "obl", "obl:tmod": "obl", "nmod": "nmod"}
PREDICATES = {"VERB": "v", "NOUN": "n"}  # a verbal noun is a NOUN
CANDIDATES = {"NOUN", "PROPN", "PRON", "NUM", "ADJ", "X"}


# -- features: the same for the treebank's words and a document's tokens -----------------------------
_IMPERFECT = "يتنا"  # prefixes of a verb in the imperfect (third/second/first person)
_FEMININE_ENDINGS = ("ه", "ات")  # ة is folded to ه in the matching forms
_PLURAL_ENDINGS = ("ون", "ين", "ات", "وا")


@lru_cache(maxsize=65536)
def _stem(form: str) -> str:
    """The form without its leading conjunction, preposition and article (the shortest reading of two
    letters or more)."""
    return min(strip_proclitics(form), key=len)


@lru_cache(maxsize=65536)
def _proclitics(form: str) -> str:
    stem = _stem(form)
    return form[: len(form) - len(stem)] if form.endswith(stem) else ""


def _has_article(form: str) -> bool:
    return "ال" in _proclitics(form) or form.startswith("ال")


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-4" if n < 5 else "5-8" if n < 9 else "9+"


@lru_cache(maxsize=65536)
def _shape(form: str) -> tuple[str, str, str, str]:
    """Proclitics, whether the word has the article, its ending (gender and number), and its first
    letter after proclitics when it may be an imperfect prefix."""
    pro = _proclitics(form)
    stem = _stem(form)
    ending = next((e for e in _PLURAL_ENDINGS if stem.endswith(e)), "")
    if not ending:
        ending = next((e for e in _FEMININE_ENDINGS if stem.endswith(e)), "")
    first = stem[:1] if stem[:1] in _IMPERFECT and "ال" not in pro else ""
    return pro, "def" if _has_article(form) else "indef", ending, first


@lru_cache(maxsize=65536)
def predicate_kind(form: str) -> str:
    """A trigger as the model's predicate: ``v`` a verb, ``n`` a verbal noun (the treebank's part of
    speech in training). The trigger lexicon's reading where it knows the word; else its shape: the
    article or a feminine or plural noun ending make a noun (not a leading ب or ل: ``باغتت``)."""
    hit = lookup_trigger(form)
    if hit is not None:
        return "v" if hit.verbal else "n"
    _, definite, ending, _ = _shape(form)
    return "n" if definite == "def" or ending in ("ه", "ات") else "v"


def relation_features(tokens: Sequence[Token], first: int, last: int, pred: int, cand: int,
                      pred_kind: str) -> list[str]:
    """Features of "the word at ``cand`` stands in a relation to the predicate at ``pred``", both
    token indices into ``tokens`` within the sentence ``first..last-1``; ``pred_kind`` is ``v`` for a
    verb, ``n`` for a verbal noun (:func:`predicate_kind`)."""
    before = cand < pred
    d = "b" if before else "a"
    lo, hi = (cand + 1, pred) if before else (pred + 1, cand)
    words = [tokens[k] for k in range(lo, hi) if tokens[k].is_word]
    marks = [tokens[k].form for k in range(lo, hi) if not tokens[k].is_word]
    n_words = len(words)
    definite = sum(1 for w in words if _has_article(w.form))
    p_pro, _, p_end, p_first = _shape(tokens[pred].form)
    pk = pred_kind
    c_form = tokens[cand].form
    c_pro, c_def, c_end, _ = _shape(c_form)
    prev = tokens[cand - 1].form if cand > first else "<s>"
    prev = _stem(prev) if tokens[cand - 1].is_word and cand > first else prev
    nxt = next((tokens[k].form for k in range(cand + 1, last) if tokens[k].is_word), "</s>")
    p_next = next((tokens[k].form for k in range(pred + 1, last) if tokens[k].is_word), "</s>")
    gap = _bucket(n_words)
    feats = [
        "bias", f"pk={pk}", f"pk={pk}|d={d}", f"pk={pk}|d={d}|gap={gap}", f"d={d}|gap={gap}",
        f"pk={pk}|d={d}|defs={_bucket(definite)}",
        f"pk={pk}|d={d}|cpro={c_pro}", f"d={d}|cpro={c_pro}", f"cpro={c_pro}|cdef={c_def}",
        f"pk={pk}|d={d}|cdef={c_def}|gap={gap}", f"pk={pk}|cend={c_end}|d={d}",
        f"pk={pk}|ppro={p_pro}|d={d}", f"pk={pk}|pend={p_end}|d={d}", f"pk={pk}|pfirst={p_first}|d={d}",
        f"prev={prev}", f"pk={pk}|d={d}|prev={prev}", f"next={_stem(nxt)}",
        f"pk={pk}|pnext={_stem(p_next)}|d={d}|gap={gap}",
        f"agree={p_first or '-'}|{c_end or '-'}|{d}",
    ]
    if c_form[:1].isdigit():
        feats.append("number")
    for mark in set(marks):
        feats.append(f"mark={mark}|d={d}")
    if n_words:
        # what stands between: the word next to the predicate (often a preposition or the subject), the
        # word next to the candidate, and whether another imperfect verb shape lies between
        feats.append(f"pk={pk}|d={d}|near-pred={_stem(words[-1 if before else 0].form)}")
        feats.append(f"d={d}|near-cand={_stem(words[0 if before else -1].form)}")
        if any(_shape(w.form)[3] and not _shape(w.form)[2] for w in words):
            feats.append(f"d={d}|imperfect-between")
    return feats


@dataclass(slots=True)
class UdToken:
    id: int
    form: str
    upos: str
    head: int
    deprel: str
    space_after: bool


@dataclass(slots=True)
class UdSentence:
    doc: str
    sent_id: str
    text: str
    tokens: list[UdToken]


def read_conllu(path: Path) -> list[UdSentence]:
    out: list[UdSentence] = []
    doc = sent = text = ""
    tokens: list[UdToken] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# newdoc id = "):
            doc = line.split("=", 1)[1].strip()
        elif line.startswith("# sent_id = "):
            sent = line.split("=", 1)[1].strip()
        elif line.startswith("# text = "):
            text = line.split("=", 1)[1].strip()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if tokens:
                out.append(UdSentence(doc, sent, text, tokens))
            tokens = []
        else:
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:  # multi-word token lines and empty nodes
                continue
            tokens.append(UdToken(int(cols[0]), cols[1], cols[3], int(cols[6]), cols[7].split(":")[0]
                                  if cols[7] not in LABELS else cols[7], "SpaceAfter=No" not in cols[9]))
    return out


def word_of_tokens(sentence: UdSentence, tokens: list[Token]) -> dict[int, int] | None:
    """Each treebank token's Marsad word (token index); None when the chunks do not line up."""
    chunks: list[list[UdToken]] = [[]]
    for t in sentence.tokens:
        chunks[-1].append(t)
        if t.space_after:
            chunks.append([])
    chunks = [c for c in chunks if c]
    spans, pos = [], 0
    for piece in sentence.text.split():
        start = sentence.text.index(piece, pos)
        pos = start + len(piece)
        spans.append((start, pos))
    if len(spans) != len(chunks):
        return None
    out: dict[int, int] = {}
    for (start, end), chunk in zip(spans, chunks, strict=True):
        words = [t.index for t in tokens if t.is_word and start <= t.start < end]
        content = [t for t in chunk if t.upos != "PUNCT"]
        if not words or not content:
            continue
        if len(words) == 1:
            for t in content:
                out[t.id] = words[0]
        elif len(words) == len(content):
            for t, w in zip(content, words, strict=True):
                out[t.id] = w
        else:
            return None
    return out


def examples(sentence: UdSentence) -> list[tuple[list[str], str]]:
    doc = Document(text=sentence.text)
    at = analyse(doc)
    toks = at.tokens
    word_of = word_of_tokens(sentence, toks)
    if word_of is None:
        return []
    by_id = {t.id: t for t in sentence.tokens}
    # each written word's content token: the one whose head lies outside the word
    content: dict[int, UdToken] = {}
    for t in sentence.tokens:
        w = word_of.get(t.id)
        if w is None:
            continue
        if word_of.get(t.head) != w:
            content.setdefault(w, t)

    def relation(c: UdToken, p: UdToken) -> str:
        if c.head == p.id and c.deprel in LABELS:
            return LABELS[c.deprel]
        first = c
        while first.deprel == "conj" and first.head in by_id:  # a conjunct: the first conjunct's relation
            first = by_id[first.head]
            if first.head == p.id and first.deprel in LABELS:
                return LABELS[first.deprel]
        return NO_RELATION

    out: list[tuple[list[str], str]] = []
    for sent in at.sentences:  # the tokeniser may cut the treebank's sentence in two: keep to one
        for pw in range(sent.first, sent.last):
            p = content.get(pw)
            if p is None or p.upos not in PREDICATES:
                continue
            for cw in range(max(sent.first, pw - WINDOW), min(sent.last, pw + WINDOW + 1)):
                c = content.get(cw)
                if cw == pw or c is None or c.upos not in CANDIDATES:
                    continue
                feats = relation_features(toks, sent.first, sent.last, pw, cw, PREDICATES[p.upos])
                out.append((feats, relation(c, p)))
    return out


def train_docs(splits: Path) -> set[str]:
    with splits.open(encoding="utf-8") as f:
        return {row["id"].removeprefix("pud-") for row in csv.DictReader(f, delimiter="\t")
                if row["id"].startswith("pud-") and row["split"] == "train"}


def cross_validate(by_doc: dict[str, list[tuple[list[str], str]]], c: float, folds: int = 5) -> dict[str, Any]:
    """Accuracy and per-relation precision / recall on held-out documents."""
    docs = sorted(by_doc)
    random.Random(0).shuffle(docs)
    tally: dict[str, Counter[str]] = {r: Counter() for r in RELATIONS}
    right = total = 0
    for fold in range(folds):
        held = set(docs[fold::folds])
        model = fit_multiclass([e for d in docs if d not in held for e in by_doc[d]], c, RELATIONS)
        for d in held:
            for feats, gold in by_doc[d]:
                guess, _ = model.best(feats)
                right += guess == gold
                total += 1
                tally[gold]["gold"] += 1
                tally[guess]["given"] += 1
                tally[gold]["right"] += guess == gold
    return {"accuracy": round(right / max(1, total), 3),
            **{r: {"P": round(t["right"] / max(1, t["given"]), 3), "R": round(t["right"] / max(1, t["gold"]), 3),
                   "n": t["gold"]} for r, t in tally.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conllu", default=DEFAULT_CONLLU)
    parser.add_argument("--splits", default="gold/splits.tsv")
    parser.add_argument("--out", default="dependency-relations.json")
    parser.add_argument("--c", type=float, default=0.5)
    parser.add_argument("--min-count", type=int, default=1,
                        help="Drop features seen in fewer examples (rare words: a smaller file, no loss).")
    parser.add_argument("--cv", action="store_true", help="Report 5-fold cross-validation by document.")
    args = parser.parse_args()
    conllu, splits = Path(args.conllu), Path(args.splits)
    for path in (conllu, splits):
        if not path.is_file():
            raise SystemExit(f"no such file: {path}")
    keep = train_docs(splits)
    sentences = [s for s in read_conllu(conllu) if s.doc in keep]
    by_doc: dict[str, list[tuple[list[str], str]]] = {}
    skipped = 0
    for s in sentences:
        rows = examples(s)
        skipped += not rows
        by_doc.setdefault(s.doc, []).extend(rows)
    seen = Counter(f for rows_ in by_doc.values() for feats, _ in rows_ for f in set(feats))
    by_doc = {d: [([f for f in feats if seen[f] >= args.min_count], label) for feats, label in rows_]
              for d, rows_ in by_doc.items()}
    rows = [e for d in sorted(by_doc) for e in by_doc[d]]
    counts = Counter(label for _, label in rows)
    report: dict[str, Any] = {"documents": len(by_doc), "sentences": len(sentences), "unaligned": skipped,
                              "examples": len(rows), "labels": dict(sorted(counts.items()))}
    if args.cv:
        report["cv"] = cross_validate(by_doc, args.c)
    model = fit_multiclass(rows, args.c, RELATIONS)
    out = {"source": "UD Arabic-PUD (Universal Dependencies), CC BY-SA 3.0; the train-split documents only",
           "built_by": "tools/build_dependency_relations.py", "c": args.c,
           "min_count": args.min_count, "documents": len(by_doc), "examples": len(rows), "model": model.to_dict()}
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
