"""The sixth time-expression gold (bench/gold/times_saudinewsnet_v6_dev.jsonl, round 24) is well formed.

Data checks only: the header states provenance, licence, the counted-span convention and the command; every article
is found in the SaudiNewsNet ZIPs with the same url; every span falls inside its article with no blank edge and no
overlap and every value parses at its granularity; no article belongs to another time gold (v5 included), to the
round-21 second pass or to the value audit's draw; and the draw tool gives the same articles again. No system is run
and no score is asserted (the figures are in docs/times.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from time_gold_files import check_fresh_draw, check_header, check_redraw, check_spans, gold_rows, gold_texts

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
V6 = GOLD / "times_saudinewsnet_v6_dev.jsonl"
OTHERS = (
    GOLD / "times_saudinewsnet.jsonl",
    GOLD / "times_saudinewsnet_heldout.jsonl",
    GOLD / "times_saudinewsnet_v2_dev.jsonl",
    GOLD / "times_saudinewsnet_v2_test.jsonl",  # sealed: only its article coordinates are read
    GOLD / "times_saudinewsnet_v3_dev.jsonl",
    GOLD / "times_saudinewsnet_v4_dev.jsonl",
    GOLD / "times_saudinewsnet_v5_dev.jsonl",
    GOLD / "times_second_pass_r21.jsonl",
)
N_ARTICLES = 70  # drawn at once (--n 70), so that the gold holds 120 or more expressions


@pytest.fixture(scope="module")
def texts(shared_dir: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """(archive, index) -> (url, content) for the gold's articles."""
    return gold_texts(shared_dir, V6)


def test_header_states_provenance_licence_convention_and_command() -> None:
    check_header(V6, "--seed 24 --n 70 --exclude-all-golds --all-dev")


def test_articles_are_new_and_span_the_corpus() -> None:
    check_fresh_draw(V6, OTHERS, n=N_ARTICLES)


def test_spans_fall_inside_their_articles_and_values_parse(
    texts: dict[tuple[str, int], tuple[str, str]],
) -> None:
    assert check_spans(gold_rows(V6), texts) > 0


def test_the_draw_tool_gives_the_same_articles_outside_every_other_gold(shared_dir: Path) -> None:
    check_redraw(shared_dir, V6, seed=24, also_excluded=OTHERS[4:], n=N_ARTICLES)
