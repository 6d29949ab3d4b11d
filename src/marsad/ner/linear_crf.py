"""A crfsuite model's weights in numpy, and Viterbi decoding without crfsuite.

The tagger is a linear-chain CRF: a token's score for a label is the sum of the
weights of its (attribute, label) features, and a sequence's score adds the
(label, label) transition weights.  Handing crfsuite one list of feature
strings per token costs far more than the arithmetic (the strings are built,
encoded and looked up again for every token), so the weights are read once
from the model file and the scores are summed here from attribute ids.

The sums are made in crfsuite's order (attribute by attribute, starting from
zero; a missing attribute adds an exact zero) and Viterbi compares the same
sums the same way (the first best label wins a tie), so the tags are crfsuite's
bit for bit, not merely close.  The file layout follows crfsuite's
``crf1d_model.c`` and ``cqdb.c``: a 48-byte header, the features as
(type, source, destination, float64 weight) records, and the label and
attribute names as constant-database records (id, size, NUL-terminated string).
"""

from __future__ import annotations

import struct

import numpy as np
from numpy.typing import NDArray

from marsad.errors import MarsadError
from marsad.ner.viterbi_segments import MIN_STEPS, viterbi_segments

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
# A CQDB chunk: a 24-byte header and 256 hash-table references precede the records.
_CQDB_DATA = 24 + 256 * 8
_STATE, _TRANSITION = 0, 1
# Viterbi steps whose emissions are repeated per row at once (bounded memory on a long document).
_VITERBI_BLOCK = 256
# Tokens whose emissions are gathered at once (columns × tokens × labels float64: 2.6 MB at 35 columns).
_EMISSION_BLOCK = 1024


class CrfFormatError(MarsadError, ValueError):
    """Bytes that are not a crfsuite CRF1d model this reader understands."""


def _names(blob: bytes, offset: int, count: int) -> list[str]:
    """The ``count`` strings of the constant database at ``offset``, by id."""
    if blob[offset : offset + 4] != b"CQDB":
        raise CrfFormatError("missing CQDB chunk")
    names: list[str | None] = [None] * count
    pos = offset + _CQDB_DATA
    for _ in range(count):
        ident, size = struct.unpack_from("<iI", blob, pos)
        key = blob[pos + 8 : pos + 8 + size - 1]
        if not 0 <= ident < count:
            raise CrfFormatError(f"string id {ident} out of range")
        names[ident] = key.decode("utf-8")
        pos += 8 + size
    if any(name is None for name in names):
        raise CrfFormatError("string ids are not dense")
    return [name for name in names if name is not None]


class LinearChainCrf:
    """State and transition weights of a crfsuite model, and the decoder over them.

    ``state`` has one row per attribute plus a last row of zeros (:attr:`null`),
    the id every attribute the model does not know maps to.
    """

    def __init__(self, labels: list[str], attributes: list[str], state: NDArray[np.float64],
                 transition: NDArray[np.float64]) -> None:
        self.labels = labels
        self.attribute_ids: dict[str, int] = {name: index for index, name in enumerate(attributes)}
        self.null = len(attributes)
        self.state = state
        self.transition = transition
        self._transition_t = np.ascontiguousarray(transition.T)

    @classmethod
    def from_crfsuite(cls, blob: bytes) -> LinearChainCrf:
        try:
            (magic, _size, kind, _version, _n_features, n_labels, n_attrs, off_features, off_labels,
             off_attrs, _off_labelrefs, _off_attrrefs) = _HEADER.unpack_from(blob, 0)
        except struct.error as exc:
            raise CrfFormatError(f"truncated header ({exc})") from None
        if magic != b"lCRF" or kind != b"FOMC":
            raise CrfFormatError("not a crfsuite CRF1d model")
        if blob[off_features : off_features + 4] != b"FEAT":
            raise CrfFormatError("missing feature chunk")
        try:
            # The header's feature count is not kept up to date by crfsuite; the chunk's is.
            (n_features,) = struct.unpack_from("<I", blob, off_features + 8)
            labels = _names(blob, off_labels, n_labels)
            attributes = _names(blob, off_attrs, n_attrs)
            features = np.frombuffer(blob, dtype=_FEATURE, count=n_features, offset=off_features + 12)
        except (struct.error, ValueError) as exc:
            raise CrfFormatError(f"damaged model ({exc})") from None
        state = np.zeros((n_attrs + 1, n_labels), dtype=np.float64)
        transition = np.zeros((n_labels, n_labels), dtype=np.float64)
        is_state = features["type"] == _STATE
        is_transition = features["type"] == _TRANSITION
        # crfsuite keeps one feature per (attribute, label) and (label, label) pair, so plain
        # assignment gives each cell exactly the weight crfsuite adds for it.
        state[features["src"][is_state], features["dst"][is_state]] = features["weight"][is_state]
        transition[features["src"][is_transition], features["dst"][is_transition]] = (
            features["weight"][is_transition]
        )
        return cls(labels, attributes, state, transition)

    def attribute(self, name: str) -> int:
        """The id of an attribute, or :attr:`null` for one the model never saw."""
        return self.attribute_ids.get(name, self.null)

    def emissions(self, columns: NDArray[np.intp]) -> NDArray[np.float64]:
        """Per-token label scores for a (tokens × attributes) matrix of attribute ids.

        Columns are added left to right from zero, as crfsuite adds a token's
        attributes in order; :attr:`null` cells add an exact 0.0.
        """
        if not columns.shape[1]:
            return np.zeros((columns.shape[0], len(self.labels)), dtype=np.float64)
        # All the rows at once, column by column (``gathered[c, t]`` is the row of token t's attribute
        # in column c), then added over the columns: a reduction over the first axis of a C-ordered
        # array adds its rows one after the other, first to last, so each token's sum is made in
        # crfsuite's order (starting from the first row instead of 0.0 changes no bit). One gather and
        # one sum instead of two numpy calls per column.
        # In blocks of tokens, so that the gathered rows of a long document stay a few MB.
        by_column = np.ascontiguousarray(columns.T)
        steps = columns.shape[0]
        if steps <= _EMISSION_BLOCK:
            scores: NDArray[np.float64] = np.add.reduce(self.state.take(by_column, axis=0), axis=0)
            return scores
        scores = np.empty((steps, len(self.labels)), dtype=np.float64)
        for first in range(0, steps, _EMISSION_BLOCK):
            block = by_column[:, first : first + _EMISSION_BLOCK]
            scores[first : first + block.shape[1]] = np.add.reduce(self.state.take(block, axis=0), axis=0)
        return scores

    def viterbi(self, emissions: NDArray[np.float64]) -> list[int]:
        """The best label sequence (label indices), decided as crfsuite decides it: a long sequence
        in pieces cut where the chain runs through ``O`` (:mod:`marsad.ner.viterbi_segments`, whose
        checks make the path the same), else step by step."""
        if emissions.shape[0] >= MIN_STEPS and "O" in self.labels and len(self.labels) > 1:
            path = viterbi_segments(emissions, self.transition, self.labels.index("O"))
            if path is not None:
                return path
        return self.viterbi_serial(emissions)

    def viterbi_serial(self, emissions: NDArray[np.float64]) -> list[int]:
        """The best label sequence decided step by step, crfsuite's loop in numpy (bit for bit)."""
        steps = emissions.shape[0]
        if steps == 0:
            return []
        size = len(self.labels)
        # candidates[j, i]: best score ending in label i at t-1, then label j at t (the same sums as
        # crfsuite's, laid out so that each label's choice is one contiguous row).  Each step is a few
        # numpy calls on 81 numbers, their per-call cost the whole cost, and a call whose operands
        # are contiguous arrays of one shape costs a third of one that broadcasts: so the scores are
        # kept repeated once per row (``score[j * size + i]`` is label i's, for every j), the
        # emissions likewise, and the row-wise argmax picks them by a flat ``take``.
        transition = self._transition_t.ravel()  # [j * size + i] = transition[i, j]
        candidates = np.empty(size * size, dtype=np.float64)
        into_row = np.arange(size) * size  # flat index of row j's first cell
        spread = np.tile(np.arange(size), size)  # [j * size + i] = i: each label's pick, once per row
        picks = np.empty(size * size, dtype=np.intp)
        back = np.empty((steps, size), dtype=np.intp)
        score = np.tile(emissions[0], size)
        add, take, argmax = np.add, candidates.take, candidates.reshape(size, size).argmax
        add(score, transition, out=candidates)
        for first in range(1, steps, _VITERBI_BLOCK):
            # rows[t, j * size + i] = emissions[first + t, i], a block at a time (a long document's
            # whole table would be nine times its emissions)
            rows = np.tile(emissions[first : first + _VITERBI_BLOCK], (1, size))
            for best, row in zip(back[first : first + _VITERBI_BLOCK], rows, strict=True):
                argmax(1, out=best)  # the first maximum, like crfsuite's strict '<'
                best += into_row
                best.take(spread, out=picks, mode="clip")  # (indices in range: clip skips the check)
                take(picks, out=score, mode="clip")
                score += row
                add(score, transition, out=candidates)
        back[1:] -= into_row
        pointers = back.ravel().tolist()  # one flat list: [t * size + label] (no list per step)
        label = int(score[:size].argmax())
        path = [label]
        for at in range((steps - 1) * size, 0, -size):
            label = pointers[at + label]
            path.append(label)
        path.reverse()
        return path

    def tag(self, columns: NDArray[np.intp]) -> list[str]:
        labels = self.labels
        return list(map(labels.__getitem__, self.viterbi(self.emissions(columns))))

