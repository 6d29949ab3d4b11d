"""Build the pool of articles for the events-and-quotes gold corpus.

Two kinds of article:

* redistributable news (CC BY-SA): ANERcorp newswire and NTREX-128 news, rebuilt
  from ``../shared/data`` into ``gold/open-articles.jsonl`` (id, corpus, text,
  attribution). ANERcorp is tokenised CoNLL without article boundaries, so an
  article here is a run of consecutive sentences cut where a sentence opens a
  new story (it does not start with a conjunction or a continuation word),
  between 4 and 14 sentences; punctuation is re-attached. NTREX-128 sentences are
  in document order and each story opens with its headline (a short line with no
  sentence-final mark).
* SaudiNewsNet (CC BY-NC-SA): referenced by file, index and SHA-1 only, in
  ``gold/saudinewsnet-articles.tsv``; the text is read from ``../shared`` at
  evaluation time and never stored in the project.

Every article gets a split by a hash of its id (train 55 %, dev 15 %, test 30 %)
in ``gold/splits.tsv``; the split does not depend on what is annotated, so the
sealed test set cannot drift towards articles the rules handle well.

    python tools/gold/build_pool.py --shared ../shared/data
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "gold"

ANER_ATTRIBUTION = ("ANERcorp (Benajiba et al. 2007), CAMeL Lab redistribution, CC BY-SA 4.0; "
                    "articles re-segmented and detokenised by Marsad's tools/gold/build_pool.py")
NTREX_ATTRIBUTION = ("NTREX-128 (Federmann et al., SUMEval 2022), newstest2019 Arabic reference, "
                     "CC BY-SA 4.0; stories re-segmented by Marsad's tools/gold/build_pool.py")
PUD_ATTRIBUTION = ("UD Arabic-PUD (Universal Dependencies, Parallel Universal Dependencies treebank), CC BY-SA 3.0; "
                   "sentences grouped by their document id by Marsad's tools/gold/build_pool.py")
XQUAD_ATTRIBUTION = ("XQuAD Arabic contexts (Artetxe et al. 2020; translated Wikipedia paragraphs), CC BY-SA 4.0; "
                     "one paragraph per article, by Marsad's tools/gold/build_pool.py")
WOJOOD_ATTRIBUTION = ("Wojood public sample (Jarrar, Khalilia, Ghanem, LREC 2022; SinaLab/ArabicNER), MIT License, "
                      "Copyright (c) 2021 Mohammed Khalilia; sentences detokenised and taken eight at a time by "
                      "Marsad's tools/gold/build_pool.py")
CONTINUATION = re.compile(r"^(و|ف|ك|ثم\b|لكن|غير أن|إلا أن|كما\b|بينما|أما\b|من جهته|من جانبه|في المقابل|"
                          r"وفي|\"|«|\(|هذا\b|يذكر|ويذكر|وكان|وقد)")


def split_for(article_id: str) -> str:
    bucket = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 55 else "dev" if bucket < 70 else "test"


def detokenise(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.،,:؛;?؟!)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    return text


def aner_sentences(path: Path) -> list[str]:
    sentences: list[str] = []
    tokens: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            if tokens:
                sentences.append(detokenise(tokens))
                tokens = []
            continue
        tokens.append(line.rsplit(" ", 1)[0])
    if tokens:
        sentences.append(detokenise(tokens))
    return sentences


def story_groups(sentences: list[T], text_of: Callable[[T], str]) -> list[list[T]]:
    """ANERcorp has no article boundaries: runs of consecutive sentences cut where a sentence opens a new
    story (it does not start with a continuation word and has six words or more), 4 to 14 sentences; runs
    of fewer than 3 sentences and repeated stories (same first sentence) are dropped."""
    groups: list[list[T]] = []
    current: list[T] = []
    for sentence in sentences:
        text = text_of(sentence)
        opens_story = not CONTINUATION.match(text) and len(text.split()) >= 6
        if current and ((opens_story and len(current) >= 4) or len(current) >= 14):
            groups.append(current)
            current = []
        current.append(sentence)
    if current:
        groups.append(current)
    seen: set[str] = set()
    out: list[list[T]] = []
    for group in groups:
        key = text_of(group[0])
        if len(group) < 3 or key in seen:  # ANERcorp repeats some stories
            continue
        seen.add(key)
        out.append(group)
    return out


def aner_articles(path: Path) -> list[str]:
    return ["\n".join(group) for group in story_groups(aner_sentences(path), lambda sentence: sentence)]


def ntrex_articles(path: Path) -> list[str]:
    stories: list[list[str]] = []
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        headline = len(line.split()) <= 14 and not re.search(r"[.!?؟\"»]$", line)
        if headline or not stories:
            stories.append([])
        stories[-1].append(line)
    return ["\n".join(s) for s in stories if len(s) >= 4]


def pud_documents(path: Path) -> list[tuple[str, str]]:
    """UD Arabic-PUD's sentences grouped by ``# newdoc id`` (each document a short news or Wikipedia passage)."""
    documents: dict[str, list[str]] = {}
    current = ""
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# newdoc id = "):
            current = line.split("=", 1)[1].strip()
        elif line.startswith("# text = ") and current:
            documents.setdefault(current, []).append(line.split("=", 1)[1].strip())
    return [(doc_id, "\n".join(sentences)) for doc_id, sentences in documents.items()]


def xquad_paragraphs(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text("utf-8").splitlines() if len(line.split()) >= 20]


def wojood_passages(folder: Path, per_passage: int = 8) -> list[str]:
    """The Wojood sample's sentences (train, then val), detokenised, in runs of ``per_passage``.

    The sample's sentences are not in document order, so a passage is a run of unrelated sentences:
    annotated sentence by sentence (no re-mention across them)."""
    sentences: list[str] = []
    for name in ("train.txt", "val.txt"):
        tokens: list[str] = []
        for line in (folder / name).read_text("utf-8").splitlines():
            word = line.split(" ", 1)[0] if line.strip() else ""
            if not word:
                if tokens:
                    sentences.append(detokenise(tokens))
                    tokens = []
            elif word != "$#$":  # the sample's segment marker, not text
                tokens.append(word)
        if tokens:
            sentences.append(detokenise(tokens))
    return ["\n".join(sentences[i:i + per_passage]) for i in range(0, len(sentences), per_passage)]


def saudinewsnet_rows(folder: Path, per_file: int, rng: random.Random) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for zip_path in sorted(folder.glob("2015-*.zip")):
        with zipfile.ZipFile(zip_path) as archive:
            member = archive.namelist()[0]
            records = json.loads(archive.read(member))
        eligible = [
            i for i, r in enumerate(records)
            if isinstance(r.get("content"), str) and 120 <= len(r["content"].split()) <= 450
        ]
        for index in sorted(rng.sample(eligible, min(per_file, len(eligible)))):
            record = records[index]
            text = record["content"]
            rows.append({
                "id": f"snn-{zip_path.stem}-{index:04d}",
                "file": zip_path.name,
                "index": index,
                "source": record.get("source", ""),
                "url": record.get("url", ""),
                "published": str(record.get("date_extracted", ""))[:10],
                "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
            })
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default="../shared/data", help="the shared data folder")
    parser.add_argument("--per-file", type=int, default=16, help="SaudiNewsNet articles per daily file")
    parser.add_argument("--aner", type=int, default=150, help="ANERcorp articles to draw")
    parser.add_argument("--ntrex", type=int, default=60, help="NTREX stories to draw")
    parser.add_argument("--rest", action="store_true",
                        help="also add every redistributable article not drawn (a second batch, after the first:"
                             " the first batch, its SaudiNewsNet draw and all splits stay as they were)")
    parser.add_argument("--more-open", action="store_true",
                        help="also add UD Arabic-PUD documents, XQuAD paragraphs and Wojood sample passages (a third batch: every earlier"
                             " article, its split and the SaudiNewsNet draw stay as they were)")
    args = parser.parse_args()
    shared = Path(args.shared)
    rng = random.Random(20261203)

    open_rows: list[dict[str, object]] = []
    aner = aner_articles(shared / "anercorp" / "ANERCorp_reconstructed_train.txt")
    for k in sorted(rng.sample(range(len(aner)), min(args.aner, len(aner)))):
        open_rows.append({"id": f"aner-{k:04d}", "corpus": "anercorp", "text": aner[k],
                          "published": None, "attribution": ANER_ATTRIBUTION})
    ntrex = ntrex_articles(shared / "open-arabic-text" / "ntrex128.arb.txt")
    for k in sorted(rng.sample(range(len(ntrex)), min(args.ntrex, len(ntrex)))):
        open_rows.append({"id": f"ntrex-{k:03d}", "corpus": "ntrex128", "text": ntrex[k],
                          "published": None, "attribution": NTREX_ATTRIBUTION})
    snn_rows = saudinewsnet_rows(shared / "saudinewsnet", args.per_file, rng)
    if args.rest:
        drawn = {str(row["id"]) for row in open_rows}
        for k, text in enumerate(aner):
            if f"aner-{k:04d}" not in drawn:
                open_rows.append({"id": f"aner-{k:04d}", "corpus": "anercorp", "text": text,
                                  "published": None, "attribution": ANER_ATTRIBUTION})
        for k, text in enumerate(ntrex):
            if f"ntrex-{k:03d}" not in drawn:
                open_rows.append({"id": f"ntrex-{k:03d}", "corpus": "ntrex128", "text": text,
                                  "published": None, "attribution": NTREX_ATTRIBUTION})

    if args.more_open:
        for doc_id, text in pud_documents(shared / "open-arabic-text" / "ar_pud-ud-test.conllu"):
            open_rows.append({"id": f"pud-{doc_id}", "corpus": "ud-pud", "text": text,
                              "published": None, "attribution": PUD_ATTRIBUTION})
        for k, text in enumerate(xquad_paragraphs(shared / "open-arabic-text" / "xquad_ar_contexts.txt")):
            open_rows.append({"id": f"xquad-{k:03d}", "corpus": "xquad", "text": text,
                              "published": None, "attribution": XQUAD_ATTRIBUTION})
        for k, text in enumerate(wojood_passages(shared / "wojood-sample")):
            open_rows.append({"id": f"wojood-{k:03d}", "corpus": "wojood", "text": text,
                              "published": None, "attribution": WOJOOD_ATTRIBUTION})

    GOLD.mkdir(exist_ok=True)
    with (GOLD / "open-articles.jsonl").open("w", encoding="utf-8") as out:
        for row in open_rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (GOLD / "saudinewsnet-articles.tsv").open("w", encoding="utf-8") as out:
        columns = ["id", "file", "index", "source", "url", "published", "sha1"]
        out.write("\t".join(columns) + "\n")
        for row in snn_rows:
            out.write("\t".join(str(row[c]) for c in columns) + "\n")
    with (GOLD / "splits.tsv").open("w", encoding="utf-8") as out:
        out.write("id\tsplit\n")
        for row in [*open_rows, *snn_rows]:
            out.write(f"{row['id']}\t{split_for(str(row['id']))}\n")
    print(f"open articles: {len(open_rows)} (ANERcorp pool {len(aner)}, NTREX pool {len(ntrex)}); "
          f"SaudiNewsNet: {len(snn_rows)}")


if __name__ == "__main__":
    main()
