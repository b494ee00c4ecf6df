"""The NER model card: a README.md for a model `train-ner` made.

`model_card(meta, name)` takes training.json's content and the model's folder
name and returns the card's Markdown: front matter, a summary table, dev scores
by type and per epoch, the training data and its terms, the command, and the
limits a user should know.
"""

from __future__ import annotations

from nlp.train.loop import PACKAGED_BASE, PACKAGED_BASE_DISTRIBUTION

CONLL2003_FILES = {"eng.train", "eng.testa", "eng.testb"}


def _percent(value: float) -> str:
    return f"{value * 100:.2f}"


def _front_matter(packaged: bool, conll: bool) -> list[str]:
    """The Hugging Face front matter: library, task, base model and dataset where known."""
    lines = ["---", "library_name: transformers", "pipeline_tag: token-classification"]
    if packaged:
        lines.append(f"base_model: {PACKAGED_BASE}")
    if conll:
        lines += ["language: en", "datasets:", "- conll2003"]
    return [*lines, "tags:", "- ner", "- token-classification", "---", ""]


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
    lines = [
        *_front_matter(packaged, conll),
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
    ]
    return "\n".join([*lines, *_score_tables(meta), *_data_section(data, conll), *_how_made(meta, name, took), *_limits(settings, types, conll)])


def _score_tables(meta: dict) -> list[str]:
    """Dev scores by entity type for the saved epoch, and overall scores per epoch."""
    best = meta["best_dev"]
    return [
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
    ]


def _data_section(data: dict, conll: bool) -> list[str]:
    """The training and dev files with their hashes, and the data's terms."""
    lines = [
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
    return lines


def _how_made(meta: dict, name: str, took: str) -> list[str]:
    """The exact command (after the base's own, when the base was made by train-ner too), the recipe and a use example."""
    settings = meta["settings"]
    return [
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
    ]


def _limits(settings: dict, types: list[str], conll: bool) -> list[str]:
    """What the model is for and where it is likely to do worse."""
    lines = [
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
    return lines


