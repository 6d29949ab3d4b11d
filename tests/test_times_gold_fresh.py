"""The fresh time-expression golds v3–v20 (bench/gold/times_saudinewsnet_v{3..20}_dev.jsonl, rounds 21–37)
are well formed.

Data checks only, gold by gold: the header states provenance, licence, the draw's arguments, the command and (from
v4 on) the counted-span convention; every article is found in the SaudiNewsNet ZIPs with the same url; every span
falls inside its article with no blank edge and no overlap and every value parses at its granularity; no article
belongs to another time gold drawn before it, to the round-21 second pass (from v4 on) or to the value audit's draw;
and the draw tool gives the same articles again. No system is run and no score is asserted (the figures are in
docs/times.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from time_gold_files import check_fresh_draw, check_header, check_redraw, check_spans, gold_rows, gold_texts

GOLD = Path(__file__).resolve().parent.parent / "bench" / "gold"
# The golds every fresh draw left out, made before the fresh series.
BEFORE_FRESH = (
    GOLD / "times_saudinewsnet.jsonl",
    GOLD / "times_saudinewsnet_heldout.jsonl",
    GOLD / "times_saudinewsnet_v2_dev.jsonl",
    GOLD / "times_saudinewsnet_v2_test.jsonl",  # sealed: only its article coordinates are read
)
SECOND_PASS = GOLD / "times_second_pass_r21.jsonl"  # made after v3: every later draw leaves it out
PATTERN_AUDIT = GOLD / "times_pattern_audit_r28.jsonl"  # made after v10 (round 28): every later draw leaves it out
# made after v11 (round 29): every later draw leaves them out
ROUND29_AUDITS = (GOLD / "times_recall_audit_r29.jsonl", GOLD / "times_values_audit_r29.jsonl")


@dataclass(frozen=True)
class FreshGold:
    """One fresh draw: its version, the draw tool's seed and article count, whether its header states the
    counted-span convention (written down from v4 on) and its floor of date-looking tokens per article (v8 on)."""

    version: int
    seed: int
    n: int
    convention: bool = True
    min_dates: int = 0
    min_expressions: int = 120

    @property
    def path(self) -> Path:
        return GOLD / f"times_saudinewsnet_v{self.version}_dev.jsonl"

    @property
    def excluded(self) -> tuple[Path, ...]:
        """The golds this draw left out beyond the ones the draw tool knows: the fresh ones before it and, once it
        existed, the second pass."""
        earlier = tuple(fresh.path for fresh in FRESH if fresh.version < self.version)
        audits = (SECOND_PASS,) if self.version > 3 else ()
        return (
            earlier
            + audits
            + ((PATTERN_AUDIT,) if self.version > 10 else ())
            + (ROUND29_AUDITS if self.version > 11 else ())
        )


FRESH = (
    FreshGold(3, seed=21, n=60, convention=False),
    FreshGold(4, seed=22, n=60),
    FreshGold(5, seed=23, n=70),  # the draw of --n 60 and ten more, so that the gold holds 120 or more expressions
    FreshGold(6, seed=24, n=70),
    FreshGold(7, seed=25, n=70),
    FreshGold(8, seed=26, n=60, min_dates=3),  # articles with 3 or more date-looking tokens: long, date-rich reports
    FreshGold(9, seed=27, n=80),  # a plain draw again, as the sealed v2 half was; 80 articles for 120 or more expressions
    FreshGold(10, seed=28, n=80),  # a second plain draw of 80 (round 27, branch tim27b)
    # a third plain draw, of 40 (round 29, branch tim29): 74 expressions, one moves its figure by about 1.3 points
    FreshGold(11, seed=29, n=40, min_expressions=70),
    # a fourth plain draw, of 40 (round 30, branch tim30): 91 expressions
    FreshGold(12, seed=30, n=40, min_expressions=70),
    # a fifth plain draw, of 40 (round 31, branch tim31): 83 expressions
    FreshGold(13, seed=31, n=40, min_expressions=70),
    # a sixth plain draw, of 40 (round 31, branch tim31b): 70 expressions
    FreshGold(14, seed=32, n=40, min_expressions=70),
    # a seventh plain draw, of 40 (round 32, branch tim32): 82 expressions
    FreshGold(15, seed=33, n=40, min_expressions=70),
    # an eighth plain draw, of 40 (round 33, branch tim33): 90 expressions
    FreshGold(16, seed=34, n=40, min_expressions=70),
    # a ninth plain draw, of 40 (round 34, branch tim34): 89 expressions
    FreshGold(17, seed=35, n=40, min_expressions=70),
    # a tenth plain draw, of 40 (round 35, branch tim35): 95 expressions (97 after round 36's correction)
    FreshGold(18, seed=36, n=40, min_expressions=70),
    # an eleventh plain draw, of 40 (round 36, branch tim36): 74 expressions
    FreshGold(19, seed=37, n=40, min_expressions=70),
    # a twelfth plain draw, of 40 (round 37, branch tim37): 79 expressions
    FreshGold(20, seed=38, n=40, min_expressions=70),
)


@pytest.fixture(params=FRESH, ids=[f"v{fresh.version}" for fresh in FRESH], scope="module")
def fresh(request: pytest.FixtureRequest) -> FreshGold:
    gold: FreshGold = request.param
    return gold


def test_header_states_provenance_licence_convention_and_command(fresh: FreshGold) -> None:
    check_header(fresh.path, f"--seed {fresh.seed} --n {fresh.n} --exclude-all-golds --all-dev",
                 convention=fresh.convention)
    if fresh.min_dates:
        check_header(fresh.path, f"--min-dates {fresh.min_dates}", convention=fresh.convention)


def test_articles_are_new_and_span_the_corpus(fresh: FreshGold) -> None:
    check_fresh_draw(fresh.path, BEFORE_FRESH + fresh.excluded, n=fresh.n, min_expressions=fresh.min_expressions)


def test_spans_fall_inside_their_articles_and_values_parse(fresh: FreshGold, shared_dir: Path) -> None:
    assert check_spans(gold_rows(fresh.path), gold_texts(shared_dir, fresh.path)) > 0


def test_the_draw_tool_gives_the_same_articles_outside_every_other_gold(fresh: FreshGold, shared_dir: Path) -> None:
    check_redraw(shared_dir, fresh.path, seed=fresh.seed, also_excluded=fresh.excluded, n=fresh.n,
                 min_dates=fresh.min_dates)
