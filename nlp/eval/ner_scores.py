"""Entity-level NER scores, as conlleval and seqeval compute them.

`score(gold, predicted)` takes two lists of tag sequences (one per sentence,
IOB1 or IOB2) and returns `NerScores`: precision, recall and F1 over all
entities and per entity type, where a predicted entity counts only when its
type, first and last word all equal a gold entity's. `score_spans(gold,
predicted)` does the same for per-sentence sets of (type, start, end), such
as character offsets. `scores_table(scores)`
renders them as a rich `Table`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from rich.table import Table

from nlp.data.ner import spans


@dataclass
class Scores:
    """Precision, recall and F1 (fractions 0..1) with the counts behind them."""

    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    correct: int

    @classmethod
    def from_counts(cls, gold: int, predicted: int, correct: int) -> Scores:
        # No predictions (or no gold entities) scores 0, as conlleval and seqeval do.
        precision = correct / predicted if predicted else 0.0
        recall = correct / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, gold, predicted, correct)


@dataclass
class NerScores:
    """Scores over all entities and per entity type (sorted by type)."""

    overall: Scores
    per_type: dict[str, Scores] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def score(gold: list[list[str]], predicted: list[list[str]]) -> NerScores:
    """Entity-level scores of `predicted` against `gold`, sentence by sentence."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted ones.")
    return score_spans([set(spans(tags)) for tags in gold], [set(spans(tags)) for tags in predicted])


def score_spans(gold: list[set[tuple]], predicted: list[set[tuple]]) -> NerScores:
    """Scores over per-sentence sets of (type, start, end) entities: words or character offsets alike."""
    gold_counts: Counter[str] = Counter()
    predicted_counts: Counter[str] = Counter()
    correct_counts: Counter[str] = Counter()
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        gold_counts.update(entity_type for entity_type, _, _ in gold_spans)
        predicted_counts.update(entity_type for entity_type, _, _ in predicted_spans)
        correct_counts.update(entity_type for entity_type, _, _ in gold_spans & predicted_spans)
    per_type = {
        entity_type: Scores.from_counts(gold_counts[entity_type], predicted_counts[entity_type], correct_counts[entity_type])
        for entity_type in sorted(gold_counts | predicted_counts)
    }
    overall = Scores.from_counts(gold_counts.total(), predicted_counts.total(), correct_counts.total())
    return NerScores(overall, per_type)


def scores_table(scores: NerScores, title: str = "Entity-level scores") -> Table:
    """Precision, recall and F1 in percent, with gold and predicted counts, per type and overall."""
    table = Table(title=title, title_justify="left")
    for column in ("type", "precision", "recall", "F1", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for name, row in scores.per_type.items():
        table.add_row(name, *score_cells(row))
    table.add_section()
    table.add_row("overall", *score_cells(scores.overall), style="bold")
    return table


def score_cells(row: Scores) -> list[str]:
    """Precision, recall and F1 as percentages, then the gold and predicted counts."""
    return [f"{row.precision:.2%}", f"{row.recall:.2%}", f"{row.f1:.2%}", f"{row.gold:,}", f"{row.predicted:,}"]
