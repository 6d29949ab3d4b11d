"""Draw the SaudiNewsNet articles of the second time-expression gold (round 20), deterministically.

About half the articles are random; the other half are random among articles that name a month, a weekday,
``أمس``, ``الماضي`` or a year (as the held-out sample was drawn), so that the gold is rich in expressions.
Every one of the 16 ZIP files is visited in turn and, within a ZIP, the outlet (``source``) drawn least so
far is preferred, so the sample spreads over days and outlets. Articles already in the two earlier time
golds are excluded, and so are articles longer than ``--max-chars`` (reading time; a documented limit of
the sample). Each article goes to ``dev`` or ``test`` by a stable hash of its url (about 40 % dev).

Prints one JSON line per article (archive, index, url, published, source, split, pool); no article text.

    python tools/draw_times_gold.py --shared ../shared > drawn.jsonl

The third gold (round 21, dev only) was drawn with ``--seed 21 --n 60 --exclude-all-golds --all-dev``: every
article of every existing time gold (the two earlier ones, both v2 halves, the value audit) is excluded (the
sealed v2 test half is read for its article coordinates only) and every drawn article is dev.  (The v3 file is not
in that list, so that the command still gives the v3 articles; a later gold adds it with ``--exclude``.)
The fourth (round 22, dev only) was drawn so: ``--seed 22 --n 60 --exclude-all-golds --all-dev --exclude
bench/gold/times_saudinewsnet_v3_dev.jsonl bench/gold/times_second_pass_r21.jsonl``.
The fifth (round 23, dev only): ``--seed 23 --n 70 --exclude-all-golds --all-dev --exclude
bench/gold/times_saudinewsnet_v3_dev.jsonl bench/gold/times_saudinewsnet_v4_dev.jsonl
bench/gold/times_second_pass_r21.jsonl`` (the draw is sequential: its first 60 articles are those of ``--n 60``).
The sixth (round 24, dev only): ``--seed 24 --n 70 --exclude-all-golds --all-dev --exclude
bench/gold/times_saudinewsnet_v3_dev.jsonl bench/gold/times_saudinewsnet_v4_dev.jsonl
bench/gold/times_saudinewsnet_v5_dev.jsonl bench/gold/times_second_pass_r21.jsonl``.
The seventh (round 25, dev only): ``--seed 25 --n 70 --exclude-all-golds --all-dev --exclude
bench/gold/times_saudinewsnet_v3_dev.jsonl bench/gold/times_saudinewsnet_v4_dev.jsonl
bench/gold/times_saudinewsnet_v5_dev.jsonl bench/gold/times_saudinewsnet_v6_dev.jsonl
bench/gold/times_second_pass_r21.jsonl``.
The eighth (round 26, dev only) favours long reports with many dates, where errors compound (the sealed v2 half has
about two expressions per article): ``--seed 26 --n 60 --exclude-all-golds --all-dev --min-dates 3 --exclude
bench/gold/times_saudinewsnet_v3_dev.jsonl bench/gold/times_saudinewsnet_v4_dev.jsonl
bench/gold/times_saudinewsnet_v5_dev.jsonl bench/gold/times_saudinewsnet_v6_dev.jsonl
bench/gold/times_saudinewsnet_v7_dev.jsonl bench/gold/times_second_pass_r21.jsonl``. With ``--min-dates K`` only
articles holding at least K date-looking tokens (matches of ``RICH``: a month, Hijri month or weekday name, ``أمس``,
``الماضي``, a 4-digit year; counted without overlap) are eligible, in both halves of the draw.
The ninth (round 27, dev only) is a plain draw again, made as the sealed v2 half was: ``--seed 27 --n 80
--exclude-all-golds --all-dev --exclude bench/gold/times_saudinewsnet_v3_dev.jsonl
bench/gold/times_saudinewsnet_v4_dev.jsonl bench/gold/times_saudinewsnet_v5_dev.jsonl
bench/gold/times_saudinewsnet_v6_dev.jsonl bench/gold/times_saudinewsnet_v7_dev.jsonl
bench/gold/times_saudinewsnet_v8_dev.jsonl bench/gold/times_second_pass_r21.jsonl`` (its first 60 articles are those of
``--n 60``; 80 give the 120 expressions a fresh gold holds).
The tenth (round 27, branch tim27b, dev only), a second plain draw: ``--seed 28 --n 80 --exclude-all-golds --all-dev
--exclude bench/gold/times_saudinewsnet_v3_dev.jsonl bench/gold/times_saudinewsnet_v4_dev.jsonl
bench/gold/times_saudinewsnet_v5_dev.jsonl bench/gold/times_saudinewsnet_v6_dev.jsonl
bench/gold/times_saudinewsnet_v7_dev.jsonl bench/gold/times_saudinewsnet_v8_dev.jsonl
bench/gold/times_saudinewsnet_v9_dev.jsonl bench/gold/times_second_pass_r21.jsonl``.
The eleventh (round 29, branch tim29, dev only), a third plain draw, of 40: ``--seed 29 --n 40 --exclude-all-golds
--all-dev --exclude bench/gold/times_saudinewsnet_v3_dev.jsonl bench/gold/times_saudinewsnet_v4_dev.jsonl
bench/gold/times_saudinewsnet_v5_dev.jsonl bench/gold/times_saudinewsnet_v6_dev.jsonl
bench/gold/times_saudinewsnet_v7_dev.jsonl bench/gold/times_saudinewsnet_v8_dev.jsonl
bench/gold/times_saudinewsnet_v9_dev.jsonl bench/gold/times_saudinewsnet_v10_dev.jsonl
bench/gold/times_second_pass_r21.jsonl bench/gold/times_pattern_audit_r28.jsonl`` (round 28's pattern audit's articles
left out too).
The twelfth (round 30, branch tim30, dev only), a fourth plain draw, of 40: ``--seed 30 --n 40 --exclude-all-golds
--all-dev --exclude`` the same files plus ``bench/gold/times_saudinewsnet_v11_dev.jsonl
bench/gold/times_recall_audit_r29.jsonl bench/gold/times_values_audit_r29.jsonl`` (round 29's gold and audits).
The thirteenth (round 31, branch tim31, dev only), a fifth plain draw, of 40: ``--seed 31 --n 40 --exclude-all-golds
--all-dev --exclude`` the same files plus ``bench/gold/times_saudinewsnet_v12_dev.jsonl``.
The fourteenth (round 31, branch tim31b, dev only), a sixth plain draw, of 40: ``--seed 32 --n 40 --exclude-all-golds
--all-dev --exclude`` the same files plus ``bench/gold/times_saudinewsnet_v13_dev.jsonl``.
The fifteenth (round 32, branch tim32, dev only), a seventh plain draw, of 40: ``--seed 33 --n 40 --exclude-all-golds
--all-dev --exclude`` the same files plus ``bench/gold/times_saudinewsnet_v14_dev.jsonl``.
The sixteenth (round 33, branch tim33, dev only), an eighth plain draw, of 40: ``--seed 34 --n 40 --exclude-all-golds
--all-dev --exclude`` the same files plus ``bench/gold/times_saudinewsnet_v15_dev.jsonl``.
The seventeenth (round 34, branch tim34, dev only), a ninth plain draw, of 40: ``--seed 35 --n 40 --exclude-all-golds
--all-dev --exclude`` the same files plus ``bench/gold/times_saudinewsnet_v16_dev.jsonl``.
The eighteenth (round 35, branch tim35, dev only), a tenth plain draw, of 40: ``--seed 36 --n 40 --exclude-all-golds
--all-dev --exclude`` the same files plus ``bench/gold/times_saudinewsnet_v17_dev.jsonl``.
The nineteenth (round 36, branch tim36, dev only), an eleventh plain draw, of 40: ``--seed 37 --n 40 --exclude-all-golds
--all-dev --exclude`` the same files plus ``bench/gold/times_saudinewsnet_v18_dev.jsonl``.
The twentieth (round 37, branch tim37, dev only), a twelfth plain draw, of 40: ``--seed 38 --n 40 --exclude-all-golds
--all-dev --exclude`` the same files plus ``bench/gold/times_saudinewsnet_v19_dev.jsonl``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EARLIER_GOLD = (
    ROOT / "bench" / "gold" / "times_saudinewsnet.jsonl",
    ROOT / "bench" / "gold" / "times_saudinewsnet_heldout.jsonl",
)
# Every later time gold and the value audit, excluded with --exclude-all-golds (coordinates only are read; the
# sealed v2 test half is never read for anything else).
LATER_GOLD = (
    ROOT / "bench" / "gold" / "times_saudinewsnet_v2_dev.jsonl",
    ROOT / "bench" / "gold" / "times_saudinewsnet_v2_test.jsonl",
)
AUDIT = ROOT / "bench" / "gold" / "times_values_audit.tsv"
AUDIT_N, AUDIT_SEED = 120, 2020  # the value audit's draw (tools/audit_times_values.py defaults)
# What makes an article "rich" for the second half of the draw (a selection cue, not an annotation rule).
RICH = re.compile(
    r"يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر"
    r"|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين"
    r"|محرم|صفر|ربيع|جمادى|رجب|شعبان|رمضان|شوال|ذو القعدة|ذي القعدة|ذو الحجة|ذي الحجة"
    r"|السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة"
    r"|أمس|امس|الماضي|\b(?:1[4-9]|20)\d\d\b|[١٢][٠-٩]{3}"
)


def split_of(url: str) -> str:
    """Stable assignment: the first two bytes of the url's SHA-1 below 40 % of their range go to dev."""
    h = int.from_bytes(hashlib.sha1(url.encode("utf-8")).digest()[:2], "big")
    return "dev" if h < 0.4 * 65536 else "test"


def _jsonl_keys(paths: tuple[Path, ...]) -> set[tuple[str, int]]:
    keys: set[tuple[str, int]] = set()
    for path in paths:
        if not path.is_file():
            continue
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                item = json.loads(line)
                keys.add((item["archive"], item["index"]))
    return keys


def earlier_keys() -> set[tuple[str, int]]:
    return _jsonl_keys(EARLIER_GOLD)


def _jsonl_urls(paths: tuple[Path, ...]) -> set[str]:
    return {
        str(json.loads(line)["url"])
        for path in paths
        if path.is_file()
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def audit_keys(per_zip: dict[str, list[dict[str, object]]]) -> set[tuple[str, int]]:
    """The 120 articles of round 20's value audit, drawn again as tools/audit_times_values.py drew them.

    The judged file lists only articles the stage gave a value in; the draw also holds those it gave none.
    """
    v2_urls = _jsonl_urls(LATER_GOLD[:2])
    pool = {archive: [r for r in rows if r["url"] not in v2_urls] for archive, rows in per_zip.items()}
    return {(str(r["archive"]), int(str(r["index"]))) for r in draw(pool, AUDIT_N, AUDIT_SEED)}


def all_gold_keys(shared: Path, max_chars: int) -> set[tuple[str, int]]:
    """The articles of every time gold and of the value audit (archive, index)."""
    keys = _jsonl_keys(EARLIER_GOLD + LATER_GOLD) | audit_keys(candidates(shared, max_chars))
    for line in AUDIT.read_text("utf-8").splitlines():
        cells = line.split("\t")
        if line.strip() and not line.startswith("#") and cells[0] != "archive":
            keys.add((cells[0], int(cells[1])))
    return keys


def date_tokens(text: str) -> int:
    """How many date-looking tokens (matches of ``RICH``) a text holds: a crude density, not an annotation."""
    return sum(1 for _ in RICH.finditer(text))


def candidates(
    shared: Path, max_chars: int, excluded: set[tuple[str, int]] | None = None, min_dates: int = 0
) -> dict[str, list[dict[str, object]]]:
    """Per ZIP, the eligible articles (non-empty, not too long, not excluded: by default the earlier golds; with
    ``min_dates``, holding at least that many date-looking tokens)."""
    if excluded is None:
        excluded = earlier_keys()
    per_zip: dict[str, list[dict[str, object]]] = {}
    for archive, index, item in saudinewsnet_items(shared, max_chars):
        rows = per_zip.setdefault(archive, [])
        text = item["content"]
        if (archive, index) in excluded or (min_dates and date_tokens(text) < min_dates):
            continue
        rows.append(
            {
                "archive": archive,
                "index": index,
                "url": item.get("url", ""),
                "published": item["date_extracted"],
                "source": item.get("source", ""),
                "rich": bool(RICH.search(text)),
            }
        )
    return per_zip


def saudinewsnet_items(shared: Path, max_chars: int) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(archive name, index in its day file, record) of every SaudiNewsNet article with a text of at most
    ``max_chars`` characters, in archive and file order: the order every draw and audit counts in."""
    for archive in sorted((shared / "data" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for name in sorted(zf.namelist()):
                if not name.endswith(".json"):
                    continue
                for index, item in enumerate(json.loads(zf.read(name).decode("utf-8"))):
                    text = item.get("content") or ""
                    if text.strip() and len(text) <= max_chars:
                        yield archive.name, index, item


def draw(per_zip: dict[str, list[dict[str, object]]], n: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    pools: dict[str, dict[str, list[dict[str, object]]]] = {"random": {}, "rich": {}}
    for archive, rows in per_zip.items():
        shuffled = rows[:]
        rng.shuffle(shuffled)
        pools["random"][archive] = shuffled
        pools["rich"][archive] = [r for r in shuffled if r["rich"]]
    chosen: list[dict[str, object]] = []
    taken: set[tuple[object, object]] = set()
    outlets: Counter[object] = Counter()
    archives = sorted(per_zip)
    turn = 0
    while len(chosen) < n:
        pool = "random" if len(chosen) % 2 == 0 else "rich"
        archive = archives[turn % len(archives)]
        turn += 1
        rows = [r for r in pools[pool][archive] if (r["archive"], r["index"]) not in taken]
        if not rows:
            continue
        least = min(outlets[r["source"]] for r in rows)
        row = next(r for r in rows if outlets[r["source"]] == least)
        taken.add((row["archive"], row["index"]))
        outlets[row["source"]] += 1
        chosen.append(
            {
                **{k: v for k, v in row.items() if k != "rich"},
                "pool": pool,
                "split": split_of(str(row["url"])),
            }
        )
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--max-chars", type=int, default=2500)
    parser.add_argument(
        "--exclude-all-golds", action="store_true", help="exclude every time gold and the value audit"
    )
    parser.add_argument(
        "--min-dates", type=int, default=0, help="keep only articles with at least this many date-looking tokens"
    )
    parser.add_argument("--all-dev", action="store_true", help="put every drawn article in the dev split")
    parser.add_argument(
        "--exclude", type=Path, nargs="*", default=[], help="further gold JSONL files whose articles are excluded"
    )
    args = parser.parse_args()
    if not (args.shared / "data" / "saudinewsnet").is_dir():
        raise SystemExit(f"no SaudiNewsNet folder under {args.shared}; pass --shared")
    excluded = all_gold_keys(args.shared, args.max_chars) if args.exclude_all_golds else None
    if args.exclude:
        excluded = (excluded if excluded is not None else earlier_keys()) | _jsonl_keys(tuple(args.exclude))
    for row in draw(candidates(args.shared, args.max_chars, excluded, args.min_dates), args.n, args.seed):
        if args.all_dev:
            row["split"] = "dev"
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
