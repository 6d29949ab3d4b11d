"""MinHash signatures with numpy only, value for value those of ``datasketch`` 2's default scheme.

The store used ``datasketch.MinHash(num_perm, seed)`` (scheme ``affine32``), whose package
imports SciPy for an LSH index the store never used (≈ 0.5 s of CPU in every process that
stores documents).  This module computes the same signature, so signatures stored before
and after compare and cluster alike:

* each item (bytes) is hashed to 32 bits: the first 4 bytes of its SHA-1, little-endian;
* the hash is pre-mixed by the MurmurHash3 32-bit finaliser;
* permutation k maps it to ``a_k * h + b_k`` modulo 2^32, with ``a_k`` odd; ``a`` and ``b``
  are drawn from ``numpy.random.RandomState(seed)`` in datasketch's order;
* the signature is the minimum over the items for each permutation, 2^32 - 1 when there
  are none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from functools import lru_cache
from operator import methodcaller

import numpy as np

# The value of a permutation no item reached (datasketch's "empty" value for 32-bit hashes).
EMPTY_VALUE = (1 << 32) - 1

_FMIX_SHIFT_1, _FMIX_MULTIPLIER_1 = np.uint32(16), np.uint32(0x85EBCA6B)
_FMIX_SHIFT_2, _FMIX_MULTIPLIER_2 = np.uint32(13), np.uint32(0xC2B2AE35)
_FMIX_SHIFT_3 = np.uint32(16)


@lru_cache(maxsize=4)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The multipliers (odd) and offsets of the ``num_perm`` permutations drawn for ``seed``, uint32."""
    generator = np.random.RandomState(seed)
    multipliers = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offsets = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    multipliers.setflags(write=False)
    offsets.setflags(write=False)
    return multipliers, offsets


_DIGEST = methodcaller("digest")
_DIGEST_WORDS = hashlib.sha1().digest_size // 4  # a SHA-1 digest is five 32-bit words


def item_hashes(items: Collection[bytes]) -> np.ndarray:
    """The 32-bit hash of each item (SHA-1's first 4 bytes, little-endian), uint32."""
    # Whole digests joined, then every fifth 32-bit word: the items are hashed in C (map), with no
    # Python loop and no 4-byte slice per item (a document has ~550 shingles).
    digests = b"".join(map(_DIGEST, map(hashlib.sha1, items)))
    return np.frombuffer(digests, dtype="<u4").reshape(-1, _DIGEST_WORDS)[:, 0].astype(np.uint32)


def _premix(hashes: np.ndarray) -> np.ndarray:
    # MurmurHash3's finaliser: a bijection on 32-bit values; the products wrap modulo 2^32.
    hashes = hashes ^ (hashes >> _FMIX_SHIFT_1)
    hashes = hashes * _FMIX_MULTIPLIER_1
    hashes = hashes ^ (hashes >> _FMIX_SHIFT_2)
    hashes = hashes * _FMIX_MULTIPLIER_2
    result: np.ndarray = hashes ^ (hashes >> _FMIX_SHIFT_3)
    return result


def minhash(items: Collection[bytes], num_perm: int, seed: int) -> np.ndarray:
    """The signature of a set of items: ``num_perm`` uint64 values (as stored)."""
    if not items:
        return np.full(num_perm, EMPTY_VALUE, dtype=np.uint64)
    multipliers, offsets = permutations(num_perm, seed)
    hashes = _premix(item_hashes(items)).reshape(-1, 1)
    permuted = hashes * multipliers + offsets  # (items, num_perm), wrapping modulo 2^32
    signature: np.ndarray = permuted.min(axis=0).astype(np.uint64)
    return signature
