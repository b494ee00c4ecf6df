"""Quote evaluation: presslens's `quotes` table scored against brat attribution gold (PolNeAR's layout).

`evaluate_quotes(gold_folder, out, ...)` analyses the gold articles (reusing an
earlier analysis in `out`) and returns a `QuoteScores`: soft and exact
precision/recall/F1 overall and by kind, source and cue accuracy on matched
pairs, and the per-article errors (`write_errors` saves them as JSONL).
`read_gold(folder)` reads `text/*.txt` and `attributions/*.ann` (an offset outside its text is a one-line error);
`score_quotes(gold, quotes)` scores a `quotes` DataFrame whose doc_ids have
been replaced by the text files' stems.

The protocol: `half` "tune" or "check" keeps one half of the gold articles,
split once by the SHA-256 of each text file's stem (`article_half`); quote rules
are written against the tuning half, and the check half is only measured.

Soft: the predicted content covers at least half of the gold content and the
gold content at least half of the prediction; a prediction's content is its span
less the speaker and cue that lie inside it, as gold leaves them out of its
discontinuous content (`"A," said X, "b"`). Exact: equal after trimming spaces,
quotation marks and `, . ; :`; a discontinuous gold content is compared by its
extent, first character to last.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nlp.data.attribution import BratError, read_brat, trimmed_for_exact_match
from nlp.eval.claims import HALVES, sentence_half
from nlp.eval.entities import GoldDataError
from nlp.extract.quotes import quotation_kind
from nlp.run.runner import Progress, RunOptions, run
from nlp.io.store import read_table

KINDS = ("all", "direct", "mixed", "indirect")


Spans = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    """One gold attribution: character spans of content, source and cue (a span list may be empty)."""

    content: Spans
    source: Spans
    cue: Spans
    kind: str


@dataclass
class GoldArticle:
    text: str
    attributions: list[GoldAttribution]


@dataclass
class QuoteScores:
    """Counts behind the figures, by kind, and the errors by article."""

    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    predicted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    soft_gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    soft_predicted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    exact_gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    exact_predicted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    pairs_with_source: int = 0
    source_correct: int = 0
    pairs_with_cue: int = 0
    cue_correct: int = 0
    errors: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def prf(self, match: str, kind: str) -> tuple[float, float, float]:
        """Precision, recall and F1 in percent for `match` ("soft" or "exact") and a kind."""
        matched_predicted = getattr(self, f"{match}_predicted")[kind]
        matched_gold = getattr(self, f"{match}_gold")[kind]
        precision = 100 * matched_predicted / self.predicted[kind] if self.predicted[kind] else 0.0
        recall = 100 * matched_gold / self.gold[kind] if self.gold[kind] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    @property
    def source_accuracy(self) -> float:
        return 100 * self.source_correct / self.pairs_with_source if self.pairs_with_source else 0.0

    @property
    def cue_accuracy(self) -> float:
        return 100 * self.cue_correct / self.pairs_with_cue if self.pairs_with_cue else 0.0


def article_half(stem: str) -> str:
    """ "tune" or "check": the protocol half of a gold article, from the SHA-256 of its file name's stem."""
    return sentence_half(stem)  # the claims' split, applied to names: an article is never in both halves


def evaluate_quotes(
    gold_folder: Path, out: Path, *, model: str | None, ner: str | None, workers: int, progress: Progress | None = None, quotes: str | None = None, half: str = "all"
) -> QuoteScores:
    """Analyse the gold articles of `half` into `out` (unchanged articles are reused) and score its quotes table."""
    if half not in HALVES:
        raise GoldDataError(f"Unknown half '{half}'; choose from {', '.join(HALVES)}.")
    gold = {stem: article for stem, article in read_gold(gold_folder).items() if half == "all" or article_half(stem) == half}
    paths = [gold_folder / "text"] if half == "all" else [gold_folder / "text" / f"{stem}.txt" for stem in gold]
    run(paths, RunOptions(out=out, model=model, ner=ner, workers=workers, quotes=quotes), progress)
    documents = read_table(out, "documents")
    stems = dict(zip(documents["doc_id"], documents["path"].map(lambda path: Path(path).stem)))
    quotes = read_table(out, "quotes")
    return score_quotes(gold, quotes.assign(doc_id=quotes["doc_id"].map(stems)))


def write_errors(scores: QuoteScores, target: Path) -> None:
    """One JSON line per error: the article, missed/spurious/wrong source or cue, and the spans' text."""
    with target.open("w", encoding="utf-8") as handle:
        for doc_id, errors in sorted(scores.errors.items()):
            for error in errors:
                handle.write(json.dumps({"doc_id": doc_id, **error}, ensure_ascii=False, default=lambda missing: None) + "\n")


def read_gold(folder: Path) -> dict[str, GoldArticle]:
    """Gold articles by text file stem (`nlp.data.attribution.read_brat`), each attribution with its kind."""
    try:
        articles = read_brat(folder)
    except BratError as error:
        raise GoldDataError(str(error)) from None
    return {
        stem: GoldArticle(
            article.text,
            [
                GoldAttribution(a.content, a.source, a.cue, quotation_kind(" ".join(article.text[start:end] for start, end in a.content)))
                for a in article.attributions
            ],
        )
        for stem, article in articles.items()
    }


def score_quotes(gold: dict[str, GoldArticle], quotes: pd.DataFrame) -> QuoteScores:
    """Match predicted quotes to gold attributions one to one, article by article, and count."""
    scores = QuoteScores()
    by_doc = {doc_id: frame for doc_id, frame in quotes.groupby("doc_id")}
    for doc_id, article in gold.items():
        predicted = [row._asdict() for row in by_doc.get(doc_id, quotes.iloc[0:0]).itertuples(index=False)]
        _score_article(doc_id, article, predicted, scores)
    return scores


def _score_article(doc_id: str, article: GoldArticle, predicted: list[dict], scores: QuoteScores) -> None:
    gold_kinds = [attribution.kind for attribution in article.attributions]
    predicted_kinds = [quotation_kind(row["text"]) for row in predicted]
    for kinds, counter in ((gold_kinds, scores.gold), (predicted_kinds, scores.predicted)):
        for kind in kinds:
            counter[kind] += 1
            counter["all"] += 1
    soft = _match(article.attributions, predicted, _soft_overlap)
    exact = _match(article.attributions, predicted, lambda g, p: 1.0 if trimmed_for_exact_match(article.text, _extent(g.content)) == trimmed_for_exact_match(article.text, (p["start"], p["end"])) else 0.0)
    for pairs, name in ((soft, "soft"), (exact, "exact")):
        for gold_index, predicted_index in pairs:
            for counter, kind in ((getattr(scores, f"{name}_gold"), gold_kinds[gold_index]), (getattr(scores, f"{name}_predicted"), predicted_kinds[predicted_index])):
                counter[kind] += 1
                counter["all"] += 1
    for gold_index, predicted_index in soft:
        attribution, row = article.attributions[gold_index], predicted[predicted_index]
        if attribution.source:
            scores.pairs_with_source += 1
            scores.source_correct += _overlaps(attribution.source, row["speaker_start"], row["speaker_end"])
        if attribution.cue:
            scores.pairs_with_cue += 1
            scores.cue_correct += _overlaps(attribution.cue, row["cue_start"], row["cue_end"])
    _record_errors(doc_id, article, predicted, soft, scores)
    exactly_found = {gold_index for gold_index, _ in exact}
    _record_boundaries(doc_id, article, predicted, [pair for pair in soft if pair[0] not in exactly_found], scores)


def _match(gold: list[GoldAttribution], predicted: list[dict], similarity) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs by decreasing similarity (0 means no match)."""
    candidates = []
    for gold_index, attribution in enumerate(gold):
        for predicted_index, row in enumerate(predicted):
            value = similarity(attribution, row)
            if value > 0:
                candidates.append((value, gold_index, predicted_index))
    pairs, used_gold, used_predicted = [], set(), set()
    for _, gold_index, predicted_index in sorted(candidates, reverse=True):
        if gold_index not in used_gold and predicted_index not in used_predicted:
            pairs.append((gold_index, predicted_index))
            used_gold.add(gold_index)
            used_predicted.add(predicted_index)
    return pairs


def _soft_overlap(attribution: GoldAttribution, row: dict) -> float:
    """Shared characters when they cover at least half of both contents, else 0."""
    predicted = _predicted_content(row)
    gold_length = sum(end - start for start, end in attribution.content)
    predicted_length = sum(end - start for start, end in predicted)
    shared = sum(max(0, min(end, p_end) - max(start, p_start)) for start, end in attribution.content for p_start, p_end in predicted)
    return shared if gold_length and predicted_length and shared >= gold_length / 2 and shared >= predicted_length / 2 else 0.0


def _predicted_content(row: dict) -> Spans:
    """A quote's content: its span less the speaker and cue inside it ("A," said X, an economist, "b").

    Gold content leaves the attribution out too, as a discontinuous span.
    """
    pieces = [(row["start"], row["end"])]
    for start, end in ((row["speaker_start"], row["speaker_end"]), (row["cue_start"], row["cue_end"])):
        if pd.isna(start) or pd.isna(end):
            continue
        pieces = [piece for p_start, p_end in pieces for piece in ((p_start, min(p_end, start)), (max(p_start, end), p_end)) if piece[0] < piece[1]]
    return pieces


def _overlaps(spans: Spans, start, end) -> bool:
    if pd.isna(start) or pd.isna(end):
        return False
    return any(span_start < end and start < span_end for span_start, span_end in spans)


def _extent(spans: Spans) -> tuple[int, int]:
    return min(start for start, _ in spans), max(end for _, end in spans)



def _record_errors(doc_id: str, article: GoldArticle, predicted: list[dict], soft: list[tuple[int, int]], scores: QuoteScores) -> None:
    matched_gold = {gold_index for gold_index, _ in soft}
    matched_predicted = {predicted_index for _, predicted_index in soft}
    text = article.text
    for index, attribution in enumerate(article.attributions):
        if index not in matched_gold:
            scores.errors[doc_id].append(
                {
                    "error": "missed",
                    "kind": attribution.kind,
                    "content": " | ".join(text[start:end] for start, end in attribution.content),
                    "source": " | ".join(text[start:end] for start, end in attribution.source),
                    "cue": " | ".join(text[start:end] for start, end in attribution.cue),
                }
            )
    for index, row in enumerate(predicted):
        if index not in matched_predicted:
            scores.errors[doc_id].append({"error": "spurious", "kind": quotation_kind(row["text"]), "content": row["text"], "source": row["speaker"], "cue": row["cue"]})
    for gold_index, predicted_index in soft:
        attribution, row = article.attributions[gold_index], predicted[predicted_index]
        wrong = [
            role
            for role, spans, start, end in (("source", attribution.source, row["speaker_start"], row["speaker_end"]), ("cue", attribution.cue, row["cue_start"], row["cue_end"]))
            if spans and not _overlaps(spans, start, end)
        ]
        if wrong:
            scores.errors[doc_id].append(
                {
                    "error": "wrong " + " and ".join(wrong),
                    "content": row["text"],
                    "gold_source": " | ".join(text[start:end] for start, end in attribution.source),
                    "source": row["speaker"],
                    "gold_cue": " | ".join(text[start:end] for start, end in attribution.cue),
                    "cue": row["cue"],
                }
            )


def _record_boundaries(doc_id: str, article: GoldArticle, predicted: list[dict], pairs: list[tuple[int, int]], scores: QuoteScores) -> None:
    """A soft match of a gold content that no prediction matches exactly: both contents, compared as exact matches compare them, and how many
    characters the prediction starts and ends after the gold content (negative: before)."""
    text = article.text
    for gold_index, predicted_index in pairs:
        gold_start, gold_end = trimmed_for_exact_match(text, _extent(article.attributions[gold_index].content))
        start, end = trimmed_for_exact_match(text, (predicted[predicted_index]["start"], predicted[predicted_index]["end"]))
        scores.errors[doc_id].append(
            {"error": "boundary", "kind": article.attributions[gold_index].kind, "content": text[start:end], "gold_content": text[gold_start:gold_end], "start_off": start - gold_start, "end_off": end - gold_end}
        )
