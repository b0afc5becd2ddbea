"""Near-duplicate key tasks, for the copy-paste warning.

Each task's text (title, target, product and solutions, folded) becomes a set of word
3-grams; a MinHash signature of 16 values estimates the Jaccard similarity of two sets,
and its 8 bands of 2 values are stored (TaskSignature) so that the tasks sharing a band
with a new one are found by an index lookup, not by reading the unit's every task.
Candidates are then compared exactly. The title is hashed and compared on its own too:
a task whose title was copied is flagged even when its details differ. Two texts with
Jaccard 0.6 share a band with probability 1 - (1 - 0.6²)⁸ ≈ 0.97.
"""

import hashlib
import struct

from neuguong.core.text import fold

THRESHOLD = 0.6  # Jaccard similarity from which a task is flagged
PERMUTATIONS = 16
ROWS = 2
BANDS = PERMUTATIONS // ROWS
_PRIME = (1 << 61) - 1
# Fixed (a, b) pairs: signatures must be the same in every process and on every run.
_COEFFS = [
    (
        int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest()) % _PRIME or 1,
        int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest()) % _PRIME,
    )
    for i in range(PERMUTATIONS)
]


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest())


def shingles(text: str) -> frozenset[int]:
    words = fold(text).split()
    grams = words if len(words) < 3 else [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    return frozenset(_hash(g) for g in grams)


def signature(grams: frozenset[int]) -> list[int]:
    if not grams:
        return []
    return [min((a * g + b) % _PRIME for g in grams) for a, b in _COEFFS]


def bands(sig: list[int]) -> list[int]:
    """One signed 64-bit number per band (the band's index is part of the hash)."""
    out = []
    for i in range(0, len(sig), ROWS):
        packed = struct.pack(">I" + "Q" * ROWS, i, *sig[i : i + ROWS])
        out.append(int.from_bytes(hashlib.blake2b(packed, digest_size=8).digest(), signed=True))
    return out


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def task_text(title: str, target: str, product: str, solutions: list[str]) -> str:
    return " ".join([title, target, product, *solutions])
