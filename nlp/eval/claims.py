"""Claims evaluation: presslens's numeric claims scored against NewsQuant (`presslens eval claims`).

`evaluate_claims(gold_path, model, ner, misses_path)` reads NewsQuant's JSON (a
list of `{text, quantities: [{value, unit, normalized_unit, change, ...}]}`,
ranges written "a-b"), runs every sentence through the analysis pipeline as one
document, and returns `ClaimScores`: value, value+unit and value+change
precision/recall/F1 as CQE's evaluation defines them. A gold quantity matches a
prediction with the same value (or the same low and high for a range), each
prediction matching at most one gold quantity. Units are compared by their
canonical names: the gold's `normalized_unit` goes through the same
`normalize_unit` (nlp/extract/claim_units.py) that fills the claims' `unit_normalized`.
Changes are compared after folding ours onto CQE's labels (change up/down
first, else the qualifier with >= as > and <= as <). Only claims in the body
of the text are scored (`context` "body"). With a `misses_path`, the
sentences with a miss are written there as JSON lines; nothing is written
otherwise.

The protocol: `half` "tune" or "check" keeps one half of the gold sentences,
chosen by the SHA-256 of each sentence's text (even: tune, odd: check), so
the split never changes and needs no list of ids. Rules are written against
the tuning half; the check half is only measured.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from nlp.extract.claims import Claim
from nlp.eval.entities import GoldDataError
from nlp.extract.claim_units import normalize_unit
from nlp.eval.ner_scores import Scores, score_cells
from nlp.extract.pipeline import load_pipeline, resolve_model, resolve_ner

BATCH_SIZE = 64
HALVES = ("tune", "check", "all")
Value = float | tuple[float, float]


@dataclass
class Quantity:
    """A gold or predicted quantity in the terms CQE compares: value (or low, high), unit and change label."""

    value: Value
    unit: str
    change: str
    text: str = ""


@dataclass
class GoldSentence:
    text: str
    quantities: list[Quantity]


@dataclass
class ClaimScores:
    value: Scores
    value_unit: Scores
    value_change: Scores


def sentence_half(text: str) -> str:
    """ "tune" or "check": the protocol half a gold sentence belongs to, from the SHA-256 of its text."""
    return "tune" if int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "check"


def gold_unit(name: str) -> str:
    """A gold `normalized_unit` under its canonical name; "-" (no unit) stays "-"."""
    return "-" if name.strip() in ("", "-") else normalize_unit(name) or "-"


def read_newsquant(path: str | Path, half: str = "all") -> list[GoldSentence]:
    """NewsQuant's sentences and quantities (of one protocol half); GoldDataError with a one-line reason when the file is not that."""
    path = Path(path)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        return [
            GoldSentence(record["text"], [Quantity(_gold_value(q["value"]), gold_unit(str(q["normalized_unit"])), q["change"]) for q in record["quantities"]])
            for record in records
            if half == "all" or sentence_half(record["text"]) == half
        ]
    except OSError as error:
        raise GoldDataError(f"Cannot read {path}: {error.strerror or error}.") from None
    except json.JSONDecodeError as error:
        raise GoldDataError(f"{path} is not JSON: {error.msg} at line {error.lineno}.") from None
    except UnicodeDecodeError:
        raise GoldDataError(f"{path} is not UTF-8 text, so not NewsQuant JSON.") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise GoldDataError(f"{path} is not NewsQuant JSON (a list of {{text, quantities: [{{value, normalized_unit, change}}]}}): {error!r}.") from None


def _gold_value(written: str | float) -> Value:
    """ "12" -> 12.0; "1000-10000" -> (1000.0, 10000.0), low first (NewsQuant writes "from 4.8 to 4.7" as "4.8-4.7")."""
    text = str(written).replace(" ", "")
    head, dash, tail = text[1:].partition("-")  # a leading minus is a sign, not a range
    if dash and "e" not in text.lower():
        low, high = sorted((float(text[0] + head), float(tail)))
        return (low, high)
    return float(text)


def change_label(claim: Claim) -> str:
    """CQE's change label for a claim: up/down when it changes, else its qualifier with >= as > and <= as <."""
    return claim.change or {">=": ">", "<=": "<"}.get(claim.qualifier, claim.qualifier)


def predicted_quantity(claim: Claim) -> Quantity:
    value: Value = claim.value if claim.low == claim.high else (claim.low, claim.high)
    return Quantity(value, claim.counted or claim.unit_normalized or "-", change_label(claim), claim.text)


def values_match(gold: Value, predicted: Value) -> bool:
    if isinstance(gold, tuple) != isinstance(predicted, tuple):
        return False
    pairs = zip(gold, predicted) if isinstance(gold, tuple) else [(gold, predicted)]
    return all(math.isclose(g, p, rel_tol=1e-5, abs_tol=1e-8) for g, p in pairs)


def evaluate_claims(
    gold_path: str | Path,
    model: str | None = None,
    ner: str | None = None,
    misses_path: Path | None = None,
    advance: Callable[[int], None] = lambda count: None,
    half: str = "all",
) -> ClaimScores:
    """Value, value+unit and value+change scores of the claims on the gold sentences (of `half`); `advance(n)` reports progress."""
    sentences = read_newsquant(gold_path, half)
    pipeline = load_pipeline(resolve_model(model), None, resolve_ner(ner))
    predictions = []
    for doc in pipeline.pipe((sentence.text for sentence in sentences), batch_size=BATCH_SIZE):
        predictions.append([predicted_quantity(claim) for claim in doc._.claims if claim.context == "body"])
        advance(1)
    return score_claims(sentences, predictions, misses_path)


def score_claims(sentences: list[GoldSentence], predictions: list[list[Quantity]], misses_path: Path | None = None) -> ClaimScores:
    """CQE-style scores; each gold quantity takes the unused prediction of equal value that agrees most (unit, then change)."""
    counts = {"value": 0, "unit": 0, "change": 0}
    misses = []
    for sentence, predicted in zip(sentences, predictions, strict=True):
        unused = list(predicted)
        wrong = []
        for gold in sentence.quantities:
            candidates = [p for p in unused if values_match(gold.value, p.value)]
            if not candidates:
                wrong.append({"gold": vars(gold), "predicted": None})
                continue
            best = max(candidates, key=lambda p: (p.unit == gold.unit, p.change == gold.change))
            unused.remove(best)
            counts["value"] += 1
            counts["unit"] += best.unit == gold.unit
            counts["change"] += best.change == gold.change
            if best.unit != gold.unit or best.change != gold.change:
                wrong.append({"gold": vars(gold), "predicted": vars(best)})
        if wrong or unused:
            misses.append({"text": sentence.text, "wrong": wrong, "spurious": [vars(p) for p in unused]})
    if misses_path is not None:
        misses_path.parent.mkdir(parents=True, exist_ok=True)
        misses_path.write_text("".join(json.dumps(miss, ensure_ascii=False) + "\n" for miss in misses), encoding="utf-8")
    gold_total = sum(len(sentence.quantities) for sentence in sentences)
    predicted_total = sum(len(predicted) for predicted in predictions)
    value, unit, change = (Scores.from_counts(gold_total, predicted_total, counts[key]) for key in ("value", "unit", "change"))
    return ClaimScores(value, unit, change)


def claim_scores_table(scores: ClaimScores, title: str) -> Table:
    """Precision, recall and F1 in percent for value, value+unit and value+change."""
    table = Table(title=title, title_justify="left")
    for column in ("match", "precision", "recall", "F1", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "match" else "right")
    for name, row in (("value", scores.value), ("value+unit", scores.value_unit), ("value+change", scores.value_change)):
        table.add_row(name, *score_cells(row))
    return table
