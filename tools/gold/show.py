"""Print a gold-corpus article as Marsad reads it, for annotation.

    python tools/gold/show.py ID [--shared ../shared/data]
    python tools/gold/show.py --list [--split test]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from marsad.evaluate.gold_corpus import GoldCorpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--list", action="store_true", help="list article ids with split and annotation state")
    parser.add_argument("--split", choices=["train", "dev", "test"])
    args = parser.parse_args()
    corpus = GoldCorpus(ROOT / "gold", Path(args.shared))
    if args.list:
        done = corpus.annotation_paths()
        for article_id in corpus.ids(args.split):
            print(f"{article_id}\t{corpus.splits[article_id]}\t{'annotated' if article_id in done else '-'}")
        return
    for article_id in args.ids:
        article = corpus.article(article_id)
        print(f"=== {article.id}  corpus={article.corpus}  published={article.published}  chars={len(article.text)}")
        print(article.text)
        print()


if __name__ == "__main__":
    main()
