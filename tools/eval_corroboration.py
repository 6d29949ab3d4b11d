"""How right the store's corroboration groups are on articles whose acts are known (round 37).

    PYTHONPATH=src python tools/eval_corroboration.py tests/fixtures/corroboration37/fresh.jsonl

Ingests the JSON Lines file into a scratch store and compares the groups (``store/corroboration.py``)
with the truth in ``truth.json`` beside it: for each file, the acts as lists of record ids (``alone``:
articles that tell an act no other article tells).  Two documents grouped together are a right pair
when one act holds both; a group is right when all its pairs are.  Recall: the true pairs (documents of
one act) found in one group.  ``--min-agreement N`` tries another threshold of the rule (not shipped).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=Path)
    parser.add_argument("--min-agreement", type=int, default=None)
    args = parser.parse_args()
    from marsad.ingest import ingest
    from marsad.store import corroboration
    from marsad.store.queries import open_store

    truth = json.loads((args.articles.parent / "truth.json").read_text(encoding="utf-8"))[args.articles.name]
    act_of = {rid: act for act, ids in truth.items() if act != "alone" for rid in ids}
    if args.min_agreement is not None:
        corroboration.MIN_AGREEMENT = args.min_agreement
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "eval.db"
        with open_store(db) as store:
            ingest([str(args.articles)], store)
        conn = sqlite3.connect(db)
        rows = conn.execute("SELECT e.corroboration, d.record_id FROM events e JOIN documents d ON d.seq = e.doc_seq"
                            " WHERE e.corroboration IS NOT NULL ORDER BY 1, 2").fetchall()
        conn.close()
    groups: dict[int, set[str]] = {}
    for group, rid in rows:
        groups.setdefault(group, set()).add(rid)
    right_groups = 0
    found_pairs: set[frozenset[str]] = set()
    right_pairs = 0
    for group, members in sorted(groups.items()):
        pairs = [frozenset(p) for p in itertools.combinations(sorted(members), 2)]
        good = [p for p in pairs if len({act_of.get(r) for r in p}) == 1 and None not in {act_of.get(r) for r in p}]
        right_groups += len(good) == len(pairs)
        right_pairs += len(good)
        found_pairs.update(good)
        print(f"group {group}: {', '.join(sorted(members))} — {'right' if len(good) == len(pairs) else 'WRONG'}")
    all_pairs = sum(len(pairs) for pairs in (list(itertools.combinations(m, 2)) for m in groups.values()))
    true_pairs = {frozenset(p) for act, ids in truth.items() if act != "alone" for p in itertools.combinations(ids, 2)}
    print(f"groups: {len(groups)}, right {right_groups}; pairs: {all_pairs}, right {right_pairs} "
          f"(precision {right_pairs / all_pairs if all_pairs else 0:.2f}); true pairs found "
          f"{len(found_pairs & true_pairs)} of {len(true_pairs)} (recall "
          f"{len(found_pairs & true_pairs) / len(true_pairs) if true_pairs else 0:.2f})")


if __name__ == "__main__":
    main()
