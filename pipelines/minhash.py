"""MinHash signatures and LSH band keys over word shingles: the near-duplicate fingerprint.

Kept free of Beam so the same functions sign articles in the pipeline and in tests.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"\w+")
# datasketch 2 hashing scheme; fixed so signatures stored by earlier cycles stay comparable.
SCHEME = "affine32"


class Signer:
    """Signs texts with fixed permutations (made once: building them per text is the slow part)."""

    def __init__(self, num_perm: int, bands: int, shingle_words: int) -> None:
        if num_perm % bands:
            raise ValueError(f"num_perm {num_perm} must be a multiple of bands {bands}")
        # Imported here, not at the top: datasketch pulls in scipy (0.3 s), which the driver,
        # building the pipeline graph, never needs; only the workers that sign articles pay it.
        from datasketch import MinHash

        self._minhash = MinHash
        self.num_perm, self.bands, self.shingle_words = num_perm, bands, shingle_words
        self._permutations = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME).permutations

    def shingles(self, text: str) -> set[bytes]:
        """Lower-cased word n-grams; a text shorter than n words is one shingle."""
        words = _WORD.findall(text.lower())
        n = self.shingle_words
        if len(words) <= n:
            return {" ".join(words).encode("utf-8")}
        return {" ".join(words[i : i + n]).encode("utf-8") for i in range(len(words) - n + 1)}

    def minhash(self, text: str) -> tuple[int, ...]:
        """The text's MinHash signature as plain ints (they fit a signed 64-bit ES long)."""
        sketch = self._minhash(num_perm=self.num_perm, seed=1, permutations=self._permutations, scheme=SCHEME)
        sketch.update_batch(list(self.shingles(text)))
        return tuple(int(v) for v in sketch.hashvalues)

    def band_keys(self, signature: Sequence[int]) -> list[str]:
        """One key per band: two texts sharing any key are near-duplicate candidates."""
        rows = self.num_perm // self.bands
        keys = []
        for band in range(self.bands):
            chunk = signature[band * rows : (band + 1) * rows]
            digest = hashlib.blake2b(struct.pack(f"<{rows}Q", *chunk), digest_size=8).hexdigest()
            keys.append(f"{band}:{digest}")
        return keys


def pack(signature: Sequence[int]) -> bytes:
    """A signature as 4 bytes per value (the affine32 scheme's values are 32-bit).

    Band groups carry one copy per band, so the packed form (384 bytes for 96 values) keeps the
    LSH shuffle at a third of what a tuple of Python ints costs to encode and move.
    """
    return np.asarray(signature, dtype="<u4").tobytes()


def _values(signature: Sequence[int] | bytes) -> np.ndarray:
    if isinstance(signature, bytes):
        return np.frombuffer(signature, dtype="<u4")
    return np.asarray(signature)


def similarity(a: Sequence[int] | bytes, b: Sequence[int] | bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures (plain or packed)."""
    left, right = _values(a), _values(b)
    if len(left) != len(right) or not len(left):
        return 0.0
    return float(np.mean(left == right))
