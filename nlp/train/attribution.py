"""Attribution training: fine-tune a token tagger for source, cue and content on brat attribution gold.

`train_attribution(train_folder, dev_folder, settings, limit)` reads both folders
(`nlp.data.attribution.read_brat`: PolNeAR's `text/` + `attributions/`
layout), tags every word B/I-SOURCE, B/I-CUE, B/I-CONTENT or O, cuts each
article into paragraph-aligned overlapping windows (so an attribution that
spans sentences is seen whole), fine-tunes `base` (default: the packaged
all-MiniLM-L6-v2) with the shared training loop (`nlp.train.loop`), scores the
dev articles' contents after every epoch (soft and exact span F1, as `eval
quotes` matches them) and saves the best epoch to `out_dir`: fp16 safetensors,
tokenizer, training.json and a model card. It returns training.json's content.

Needs torch, transformers and rich, not spaCy. `python3 -m nlp.train.attribution ...`
is `presslens train-quotes ...` (the shipped model card records that form).
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from transformers import DataCollatorForTokenClassification

from nlp.data.attribution import LABELS, BratArticle, read_brat, tag_words, trimmed_for_exact_match, windows, words_of
from nlp.extract.attribution_tagger import MAX_PIECES, WINDOW_WORDS, AttributionTagger
from nlp.data.ner import case_token_types, first_subwords
from nlp.train.settings import ATTRIBUTION_DEFAULTS, TrainSettings
from nlp.train.loop import PACKAGED_BASE, fit, prepared_base, run_record, save_model, start


def train_attribution(train_folder: str | Path, dev_folder: str | Path, settings: TrainSettings = ATTRIBUTION_DEFAULTS, limit: int | None = None) -> dict:
    """Fine-tune on the brat folder `train_folder`, keep the best dev epoch, save it; see the module docstring.

    `limit` keeps only the first N articles of each folder (a quick trial run).
    """
    started, clock = datetime.now(timezone.utc), time.perf_counter()
    train_articles = _first(read_brat(train_folder), limit)
    dev_articles = _first(read_brat(dev_folder), limit)
    device, base_path, out_dir = start(settings)
    tokenizer, model, case_feature = prepared_base(base_path, LABELS, settings.layers, device)
    features = _encode(train_articles, tokenizer, case_feature)

    def evaluate(epoch: int):
        scores = score_contents(dev_articles, AttributionTagger.from_model(model, tokenizer))
        return scores, scores["soft_f1"], f"dev content soft F1 {scores['soft_f1']:.1f} exact F1 {scores['exact_f1']:.1f}"

    history, best, best_state, schedule = fit(model, features, DataCollatorForTokenClassification(tokenizer), settings, device, evaluate, "train quotes")
    meta = {
        "task": "attribution (source, cue, content)",
        "base": settings.base or PACKAGED_BASE,
        "labels": LABELS,
        "data": {"train": _describe(train_folder, train_articles, features), "dev": _describe(dev_folder, dev_articles)},
        "settings": {
            "epochs": settings.epochs, "batch_size": settings.batch_size, "learning_rate": settings.learning_rate, "total_steps": schedule["total_steps"],
            "window_words": WINDOW_WORDS, "max_pieces": MAX_PIECES, "layers": model.config.num_hidden_layers, "seed": settings.seed, "limit": limit,
            "precision": "bf16 autocast" if device.type == "cuda" else "fp32", "saved_weights": "fp16",
        },
        "epochs": history,
        "best_epoch": best["epoch"],
        "best_dev": best["dev"],
        **run_record(settings, device, started, clock),
    }
    save_model(model, best_state, tokenizer, out_dir, meta, model_card(meta, out_dir.name))
    return {**meta, "out": str(out_dir)}


def _first(articles: dict[str, BratArticle], limit: int | None) -> dict[str, BratArticle]:
    return dict(list(articles.items())[:limit]) if limit else articles


def _encode(articles: dict[str, BratArticle], tokenizer, case_feature: bool) -> list[dict]:
    """One training example per window, labels on first sub-words."""
    label2id = {label: i for i, label in enumerate(LABELS)}
    features = []
    for article in articles.values():
        words = words_of(article.text)
        tags = tag_words(words, article.attributions)
        for start, end in windows(words, WINDOW_WORDS):
            window = [word.text for word in words[start:end]]
            encoded = tokenizer(window, is_split_into_words=True, truncation=True, max_length=MAX_PIECES)
            word_ids = encoded.word_ids()
            feature = dict(encoded)
            if case_feature:
                feature["token_type_ids"] = case_token_types(window, word_ids)
            feature["labels"] = [-100] * len(word_ids)
            for position, word in first_subwords(word_ids):
                feature["labels"][position] = label2id[tags[start + word]]
            features.append(feature)
    return features


def score_contents(articles: dict[str, BratArticle], tagger: AttributionTagger) -> dict:
    """Content precision, recall and F1 (soft: each covers at least half of the other; exact: equal
    after trimming quotation marks and punctuation), in percent, one-to-one greedy."""
    stems = list(articles)
    predicted = tagger.tag([articles[stem].text for stem in stems])
    counts = {"gold": 0, "predicted": 0, "soft": 0, "exact": 0}
    for stem, spans in zip(stems, predicted):
        text = articles[stem].text
        gold = [(min(s for s, _ in a.content), max(e for _, e in a.content)) for a in articles[stem].attributions]
        contents = [(span.start, span.end) for span in spans if span.role == "CONTENT"]
        counts["gold"] += len(gold)
        counts["predicted"] += len(contents)
        counts["soft"] += _matches(gold, contents, lambda g, p: _shared(g, p) >= max(g[1] - g[0], p[1] - p[0]) / 2)
        counts["exact"] += _matches(gold, contents, lambda g, p: trimmed_for_exact_match(text, g) == trimmed_for_exact_match(text, p))
    result = {"gold": counts["gold"], "predicted": counts["predicted"]}
    for kind in ("soft", "exact"):
        precision = 100 * counts[kind] / counts["predicted"] if counts["predicted"] else 0.0
        recall = 100 * counts[kind] / counts["gold"] if counts["gold"] else 0.0
        result |= {f"{kind}_precision": round(precision, 2), f"{kind}_recall": round(recall, 2), f"{kind}_f1": round(2 * precision * recall / (precision + recall), 2) if precision + recall else 0.0}
    return result


def _matches(gold: list[tuple[int, int]], predicted: list[tuple[int, int]], same) -> int:
    used: set[int] = set()
    for g in gold:
        match = next((i for i, p in enumerate(predicted) if i not in used and same(g, p)), None)
        if match is not None:
            used.add(match)
    return len(used)


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))



def _describe(folder: str | Path, articles: dict[str, BratArticle], features: list[dict] | None = None) -> dict:
    described = {"folder": Path(folder).name, "articles": len(articles), "attributions": sum(len(a.attributions) for a in articles.values())}
    return described | ({"windows": len(features)} if features is not None else {})


def model_card(meta: dict, name: str) -> str:
    """A model card (README.md) written from training.json's content `meta`."""
    best, settings, data = meta["best_dev"], meta["settings"], meta["data"]
    rows = "\n".join(
        f"| {r['epoch']} | {r['train_loss']:.4f} | {r['train_seconds']:.0f} | {r['dev']['soft_f1']:.2f} | {r['dev']['exact_f1']:.2f} |" for r in meta["epochs"]
    )
    return f"""---
library_name: transformers
pipeline_tag: token-classification
base_model: {meta['base']}
tags:
- attribution
- quotation
---

# {name}: who said what (attribution tagger)

{meta['base']} ({settings['layers']} layers) fine-tuned by presslens {meta['versions']['presslens']} to tag each word
of a news article B/I-SOURCE, B/I-CUE, B/I-CONTENT or O ({len(meta['labels'])} labels). presslens reads it
with `--quotes learned` or `--quotes hybrid`, where its spans are linked to a cue and a source.

| | |
|---|---|
| training data | `{data['train']['folder']}`: {data['train']['articles']} articles, {data['train']['attributions']:,} attributions, {data['train'].get('windows', 0):,} windows |
| dev data | `{data['dev']['folder']}`: {data['dev']['articles']} articles, {data['dev']['attributions']:,} attributions |
| windows | whole paragraphs packed up to {settings['window_words']} words (at most {settings['max_pieces']} word pieces); the next window starts past the middle of the last |
| epochs | {settings['epochs']}; the best on dev, epoch {meta['best_epoch']}, is the one saved |
| dev content soft P / R / F1 | {best['soft_precision']:.2f} / {best['soft_recall']:.2f} / {best['soft_f1']:.2f} |
| dev content exact F1 | {best['exact_f1']:.2f} |
| trained | {meta['date']}, in {meta['seconds']:.0f} s on {meta['device']} |
| weights | fp16 safetensors; trained in {settings['precision']} |

| epoch | train loss | train seconds | dev soft F1 | dev exact F1 |
|---:|---:|---:|---:|---:|
{rows}

## Training data and terms

PolNeAR (Newell, Margolin and Ruths, 2018): attribution annotations (source, cue, content) over US
news articles about the 2016 election, released for research. The article texts belong to their
publishers. No text of the corpus is included in this model or in presslens: only weights learned
from it. The dev folder chose the saved epoch, so the dev figures are slightly optimistic.

## How it was made

```sh
{meta['command']}
```

AdamW at {settings['learning_rate']:g}, linear warm-up over the first tenth of {settings['total_steps']:,} steps and linear decay,
batches of {settings['batch_size']} windows, seed {settings['seed']}; each word's label sits on its first sub-word; sub-words of
capitalised words get token type 1 (config `presslens_case_feature`), as in presslens's entity tagger.
torch {meta['versions']['torch']}, transformers {meta['versions']['transformers']}. `training.json` holds every setting and score.
"""


if __name__ == "__main__":
    from cli import run_command

    run_command("train-quotes", sys.argv[1:], prog_name="python3 -m nlp.train.attribution")
