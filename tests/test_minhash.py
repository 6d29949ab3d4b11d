"""The store's own MinHash gives datasketch's signatures (so stored clusters do not change)."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from marsad.store.cluster import NUM_PERM, is_empty, shingles, signature
from marsad.store.minhash import EMPTY_VALUE, minhash

# Values datasketch 2.0.0 gives (MinHash(num_perm, seed), default scheme) for these items.
KNOWN = [
    (
        [b"a b c", "قال المرصد السوري".encode()],
        64,
        1,
        [1165990472, 899623856, 523429834, 1090109516, 1026829611, 42735987, 1324587664, 2244070334],
    ),
    ([b"x"], 8, 7, [2508116167, 2293941590, 4293064669, 2267502184, 1108105979, 3036865964, 1552848105, 3001364421]),
]


@pytest.mark.parametrize(("items", "num_perm", "seed", "expected"), KNOWN)
def test_known_signatures(items: list[bytes], num_perm: int, seed: int, expected: list[int]) -> None:
    values = minhash(items, num_perm, seed)
    assert values.dtype == np.uint64 and len(values) == num_perm
    assert values[: len(expected)].tolist() == expected


def test_empty_text_has_the_empty_signature() -> None:
    sig = signature("")
    assert sig.tolist() == [EMPTY_VALUE] * NUM_PERM and is_empty(sig)
    assert not is_empty(signature("قال المرصد السوري إن"))


def test_same_signatures_as_datasketch_on_random_texts() -> None:
    datasketch = pytest.importorskip("datasketch")
    template = datasketch.MinHash(num_perm=NUM_PERM, seed=1)
    rng = random.Random(3)
    words = ["حلب", "إدلب", "قال", "روسيا", "the", "x", "ب", "2019", "هـ", "؟"]
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 120)))
        reference = template.copy()
        found = shingles(text)
        if found:
            reference.update_batch(list(found))
        assert signature(text).tolist() == reference.hashvalues.astype(np.uint64).tolist(), text


def test_storing_documents_does_not_import_scipy() -> None:
    code = (
        "import sys\n"
        "from marsad.store.queries import prepare_document\n"
        "from marsad.store.cluster import signature\n"
        "signature('قال المرصد السوري إن')\n"
        "print('scipy' in sys.modules, 'datasketch' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
