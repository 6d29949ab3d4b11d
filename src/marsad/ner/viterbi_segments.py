"""Viterbi over a long sequence as many short independent pieces, decided exactly as the serial loop.

The serial decoder (:meth:`marsad.ner.linear_crf.LinearChainCrf.viterbi`) makes a few numpy calls
per token, and their fixed cost is nearly all of its cost.  In news text the chain *coalesces*
often: at about one step in five, every label's best previous label is ``O`` (the words before
are plainly not a name).  From such a step on, the decisions depend on what came before only
through one number added to every score (the best score of ``O`` one step back), which changes no
comparison.  So the sequence is cut at the steps where coalescence is likely, the pieces are
decoded side by side (one set of numpy calls per step *of the longest piece*, over all pieces at
once), and then everything the cut assumed is checked:

* each cut: with the previous piece's final scores, ``O`` must be every label's best previous
  label by a clear margin, else the two pieces are joined and decoded again;
* each decision on the chosen path, and the final choice of label, must be won by a clear margin.

The margin covers rounding.  The pieces' scores are relative to a different offset than the
serial loop's, so their sums round differently; every score is a sum of at most ``2 n`` numbers of
magnitude at most ``M`` (``n`` steps, ``M`` = ``n`` times the largest emission plus the largest
transition), so each side is within ``n·eps·M`` of the exact real-number
Viterbi and a comparison won by more than ``8·n·eps·M`` is decided the same way by both.  If a
check fails after the joins (a near-tie on the path: never seen on real text) the caller decodes
serially.  The result is then the serial loop's path — crfsuite's — whatever the weights.
"""

from __future__ import annotations

from typing import cast

import numpy as np
from numpy.typing import NDArray

# A step is a likely cut when O's emission one step back leads every other label's by this much.
# (A speed setting only: a wrong guess is found by the checks and joined. Chosen on the shipped
# model over 1,000 SaudiNewsNet articles: 13 % of steps cut, 94 % of the cuts hold.)
CUT_LEAD = 12.0
# Shorter sequences are decoded serially (the pieces' fixed cost is about that of 60 serial steps).
MIN_STEPS = 64
# Rounds of joining failed cuts before giving up (each round removes at least one cut).
MAX_ROUNDS = 8
_EPS = float(np.finfo(np.float64).eps)


def _decode(emissions: NDArray[np.float64], transition_t: NDArray[np.float64], starts: NDArray[np.intp],
            lengths: NDArray[np.intp], initial: NDArray[np.float64], scores: NDArray[np.float64],
            back: NDArray[np.intp]) -> None:
    """Decode the pieces (``starts``, ``lengths``, first scores ``initial``) side by side, writing
    each token's scores and back-pointers into ``scores`` and ``back``."""
    size = transition_t.shape[0]
    order = np.argsort(-lengths, kind="stable")  # longest first: the pieces still going are a prefix
    first, length, start_scores = starts[order], lengths[order], initial[order]
    rounds = int(length[0])
    going = np.searchsorted(-length, -np.arange(rounds), side="left")  # pieces longer than each round
    offsets = np.concatenate(([0], np.cumsum(going)))
    total = int(offsets[-1])
    # The tokens in round order (every piece's first token, then every piece's second…).
    step = np.repeat(np.arange(rounds), going)
    tokens = first[np.arange(total) - np.repeat(offsets[:-1], going)] + step
    rows = emissions[tokens]
    out = np.empty_like(rows)
    pointers = np.empty((total, size), dtype=np.intp)
    pieces = len(first)
    # The scores are kept repeated once per next label (``repeated[k, j * size + i]`` is piece k's
    # score of label i): adding the flat transitions to that is a plain (pieces × size²) add, three
    # times cheaper than broadcasting (pieces × 1 × size) against (size × size).
    transition_flat = transition_t.reshape(-1)
    spread = np.tile(np.arange(size), size)
    candidates = np.empty((pieces, size * size), dtype=np.float64)
    flat = candidates.reshape(-1)
    into = (np.arange(pieces * size) * size).reshape(pieces, size)  # flat index of each (piece, label) row
    picks = np.empty((pieces, size), dtype=np.intp)
    out[:pieces] = start_scores
    repeated = start_scores.take(spread, axis=1)
    for alive, low in zip(going.tolist()[1:], offsets.tolist()[1:-1], strict=True):
        # candidates[k, j * size + i] = score[k, i] + transition[i, j]: the serial loop's sums
        np.add(repeated[:alive], transition_flat, out=candidates[:alive])
        best = pointers[low : low + alive]
        candidates[:alive].reshape(alive, size, size).argmax(2, out=best)  # the first maximum
        np.add(best, into[:alive], out=picks[:alive])
        score = out[low : low + alive]
        flat.take(picks[:alive], out=score)
        score += rows[low : low + alive]
        repeated = score.take(spread, axis=1)
    scores[tokens] = out
    back[tokens[pieces:]] = pointers[pieces:]


def viterbi_segments(emissions: NDArray[np.float64], transition: NDArray[np.float64], anchor: int) -> list[int] | None:
    """The serial Viterbi path of ``emissions`` (steps × labels) under ``transition`` (previous ×
    next), cutting where every label's best previous label is ``anchor``; None when a check fails
    (decode serially then)."""
    steps, size = emissions.shape
    transition_t = np.ascontiguousarray(transition.T)  # [j, i] = transition[i, j]
    others = np.arange(size) != anchor
    magnitude = steps * (float(np.abs(emissions).max()) + float(np.abs(transition).max()))
    margin = 8 * steps * _EPS * magnitude + 1e-9
    lead = (emissions[:-1, anchor, None] - emissions[:-1])[:, others].min(1)
    needed = (transition[others] - transition[anchor]).max(1) + margin
    starts = np.concatenate(([0], np.flatnonzero(lead > CUT_LEAD) + 1))
    scores = np.empty_like(emissions)
    back = np.zeros(emissions.shape, dtype=np.intp)
    initial = emissions[starts] + transition[anchor]
    initial[0] = emissions[0]
    _decode(emissions, transition_t, starts, np.diff(np.append(starts, steps)), initial, scores, back)
    for _round in range(MAX_ROUNDS):
        cuts = starts[1:]
        if not len(cuts):
            break
        # Each cut: from the scores one step before it, the anchor must be every label's best
        # previous label by more than the margin: for every other label i and every next label j,
        # score[anchor] + transition[anchor, j] > score[i] + transition[i, j], i.e. score[anchor] -
        # score[i] > max_j (transition[i, j] - transition[anchor, j]) (the margin also covers the
        # rounding of the rearranged sums).
        before = scores[cuts - 1]
        holds = ((before[:, anchor, None] - before[:, others]) > needed).all(1)
        if holds.all():
            break
        # Failed cuts are dropped. The piece that absorbed one is decoded again from its first failed
        # cut on, one Viterbi step from the scores before it (those are the joined piece's already: its
        # tokens up to there were decoded from its start), not from its start (round 34): the same sums
        # in the same order, so the same scores and back-pointers.
        failed = cuts[~holds]
        starts = np.concatenate(([0], cuts[holds]))
        piece = np.searchsorted(starts, failed, side="right") - 1
        resume = failed[np.concatenate(([True], piece[1:] != piece[:-1]))]
        ends = np.append(starts, steps)[np.searchsorted(starts, resume, side="right")]
        # candidates[k, j, i] = score[i] + transition[i, j] one step before, as _decode adds them
        candidates = scores[resume - 1][:, None, :] + transition_t
        best = candidates.argmax(2)  # the first maximum
        back[resume] = best
        initial = np.take_along_axis(candidates, best[:, :, None], 2)[:, :, 0] + emissions[resume]
        _decode(emissions, transition_t, resume, ends - resume, initial, scores, back)
    else:
        return None
    final = scores[steps - 1]
    ranked = np.sort(final)
    if ranked[-1] - ranked[-2] <= margin:
        return None
    cut = np.zeros(steps, dtype=bool)
    cut[starts[1:]] = True
    pointers: list[int] = back.ravel().tolist()  # one flat list: [t * size + label]
    is_cut = cast("list[bool]", cut.tolist())
    label = int(final.argmax())
    path = [label]
    for t in range(steps - 1, 0, -1):
        label = anchor if is_cut[t] else pointers[t * size + label]
        path.append(label)
    path.reverse()
    # Each decision on the path inside a piece: its best previous label by more than the margin.
    inside = np.flatnonzero(~cut[1:]) + 1
    labels = np.asarray(path)
    decided = scores[inside - 1] + transition[:, labels[inside]].T
    rows = np.arange(len(inside))
    chosen = labels[inside - 1]
    best = decided[rows, chosen]
    decided[rows, chosen] = -np.inf
    if (best - decided.max(1) <= margin).any():
        return None
    return path
