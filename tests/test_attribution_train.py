"""Attribution tagger: brat reading (and its one-line errors), BIO tags, windows, and training end to end.

The end-to-end test writes a few brat articles and a tiny random BERT itself,
trains for a few steps and loads the model back; it needs no data set but what it writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from nlp.data.attribution import BratError, decode, read_brat, tag_words, windows, words_of
from nlp.train.settings import ATTRIBUTION_DEFAULTS

ARTICLE = 'Budget talks\nThe mayor said the budget would pass. "It is done," she added.\nOfficials were calm.\n'


def at(words: str) -> tuple[int, int]:
    return ARTICLE.index(words), ARTICLE.index(words) + len(words)


SOURCE, CUE, CONTENT = at("The mayor"), at("said"), at("the budget would pass")
QUOTE, SHE, ADDED = at('"It is done,"'), at("she"), at("added")


def write_article(folder: Path, stem: str, text: str, annotation: str) -> None:
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "attributions").mkdir(parents=True, exist_ok=True)
    (folder / "text" / f"{stem}.txt").write_text(text, encoding="utf-8")
    (folder / "attributions" / f"{stem}_a1.ann").write_text(annotation, encoding="utf-8")


def annotation() -> str:
    """PolNeAR's shape: the span lines, then events whose trigger is an Attribution span of their own."""
    spans = [("T1", "Source", SOURCE), ("T2", "Cue", CUE), ("T3", "Content", CONTENT), ("T4", "Content", QUOTE), ("T5", "Source", SHE), ("T6", "Cue", ADDED)]
    spans += [("T7", "Attribution", CUE), ("T8", "Attribution", ADDED)]
    lines = [f"{name}\t{label} {start} {end}\t{ARTICLE[start:end]}" for name, label, (start, end) in spans]
    return "\n".join([*lines, "E1\tAttribution:T7 Content:T3 Cue:T2 Source:T1", "E2\tAttribution:T8 Content:T4 Cue:T6 Source:T5"]) + "\n"


def test_reads_brat_and_tags_words_round_trip(tmp_path: Path) -> None:
    write_article(tmp_path, "a", ARTICLE, annotation())
    article = read_brat(tmp_path)["a"]
    assert [ARTICLE[start:end] for start, end in article.attributions[0].content] == ["the budget would pass"]
    words = words_of(article.text)
    tags = tag_words(words, article.attributions)
    assert [(word.text, tag) for word, tag in zip(words, tags) if tag != "O"][:4] == [("The", "B-SOURCE"), ("mayor", "I-SOURCE"), ("said", "B-CUE"), ("the", "B-CONTENT")]
    spans = [(span.role, ARTICLE[words[span.first].start : words[span.last - 1].end]) for span in decode(tags)]
    assert ("CONTENT", '"It is done,"') in spans and ("SOURCE", "she") in spans
    assert words[0].paragraph == 0 and words[-1].paragraph == 2


def test_the_tagger_reads_the_words_training_labelled_and_gives_back_the_gold_spans() -> None:
    """Training and tagging must split a text into the same words: a model is taught one tag per training word
    and asked for one per tagging word. Fed the training tags, the tagger must return the gold character spans,
    over curly quotes, dashes, a no-break space, abbreviations and several windows."""
    from nlp.data.attribution import BratAttribution
    from nlp.extract.attribution_tagger import AttributionTagger

    paragraph = 'The mayor’s aide said the U.S. budget — $2.5bn, up 3% — would pass.\u00a0"It’s done," she added. Talks {}.\n'
    text = "".join(paragraph.format(number) for number in range(12))

    def spans(paragraph_start: int, *pieces: str) -> list[list[tuple[int, int]]]:
        starts = [text.index(piece, paragraph_start) for piece in pieces]
        return [[(start, start + len(piece))] for start, piece in zip(starts, pieces)]

    gold = []
    for start in (i for i in range(len(text)) if text.startswith("The mayor", i)):
        gold.append(BratAttribution(*spans(start, "the U.S. budget — $2.5bn, up 3% — would pass", "The mayor’s aide", "said")))
        gold.append(BratAttribution(*spans(start, '"It’s done,"', "she", "added")))
    words = words_of(text)
    trained = dict(zip(((word.start, word.text) for word in words), tag_words(words, gold)))
    texts = [word.text for word in words]

    class TrainingTags:
        """Answers each window with the tags training gave its words (a window is found by its words)."""

        def tag_words(self, windows_of_words: list[list[str]]) -> list[list[str]]:
            found = []
            for window in windows_of_words:
                first = next((i for i in range(len(texts)) if texts[i : i + len(window)] == window), None)
                assert first is not None, f"the tagger split words training never labelled: {window[:8]}"
                found.append([trained[(word.start, word.text)] for word in words[first : first + len(window)]])
            return found

    tagger = AttributionTagger.__new__(AttributionTagger)
    tagger.classifier = TrainingTags()
    assert len(windows(words, 160)) > 1
    spans = {(span.role, span.start, span.end) for span in tagger.tag([text])[0]}
    expected = {(role, *piece) for a in gold for role, pieces in (("CONTENT", a.content), ("SOURCE", a.source), ("CUE", a.cue)) for piece in pieces}
    assert spans == expected


def test_a_content_resumed_after_its_reporting_clause_is_one_span() -> None:
    tags = ["B-CONTENT", "I-CONTENT", "B-CUE", "B-SOURCE", "O", "I-CONTENT", "O", "B-CONTENT"]
    assert [tuple(span) for span in decode(tags)] == [("CONTENT", 0, 6), ("CUE", 2, 3), ("SOURCE", 3, 4), ("CONTENT", 7, 8)]


def test_windows_start_at_paragraphs_and_overlap() -> None:
    text = "\n".join(" ".join(f"w{p}x{i}" for i in range(30)) for p in range(6))
    words = words_of(text)
    found = windows(words, 100)
    assert found[0] == (0, 90)  # three whole paragraphs fit in 100 words
    assert all(words[start].paragraph != words[start - 1].paragraph for start, _ in found[1:])
    assert all(next_start < end for (_, end), (next_start, _) in zip(found, found[1:]))  # they overlap
    assert found[-1][1] == len(words)
    long_paragraph = words_of(" ".join(f"w{i}" for i in range(250)))
    assert windows(long_paragraph, 100)[:2] == [(0, 100), (50, 150)]


@pytest.mark.parametrize(
    "annotation_text, message",
    [
        ("T1\tSource 5 900\tx\nE1\tAttribution:T1 Content:T1\n", "span '5 900' is not 'start end' within the text"),
        ("T1\tSource 9 4\tx\n", "span '9 4'"),
        ("T1\tSource 0 4\tx\nE1\tAttribution:T1 Content:T7\n", "names 'T7', which no span line defines"),
    ],
)
def test_broken_offsets_are_a_one_line_error_naming_the_file(tmp_path: Path, annotation_text: str, message: str) -> None:
    write_article(tmp_path, "bad", ARTICLE, annotation_text)
    with pytest.raises(BratError) as error:
        read_brat(tmp_path)
    assert message in str(error.value) and "bad_a1.ann" in str(error.value) and "\n" not in str(error.value)
    result = CliRunner().invoke(app, ["train-quotes", "--train", str(tmp_path), "--dev", str(tmp_path), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2 and "bad_a1.ann" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer, 32-wide BERT whose vocabulary is the test article's words."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-bert")
    vocabulary = sorted({word.text.lower() for word in words_of(ARTICLE)})
    (folder / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *vocabulary]) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast.from_pretrained(folder, do_lower_case=True)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64, max_position_embeddings=512)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_trains_a_tiny_tagger_and_loads_it_back(tmp_path: Path, tiny_bert: Path) -> None:
    from nlp.extract.attribution_tagger import AttributionTagger
    from nlp.train.attribution import train_attribution

    for number in range(4):
        write_article(tmp_path / "gold", f"article{number}", ARTICLE, annotation())
    result = train_attribution(tmp_path / "gold", tmp_path / "gold", ATTRIBUTION_DEFAULTS.but(base=str(tiny_bert), epochs=12, out_dir=tmp_path / "tagger", device="cpu", batch_size=2, learning_rate=1e-2, progress=False, command="presslens train-quotes ..."))
    saved = json.loads((tmp_path / "tagger" / "training.json").read_text())
    assert saved["best_epoch"] == result["best_epoch"] and len(saved["epochs"]) == 12
    assert saved["data"]["train"] == {"folder": "gold", "articles": 4, "attributions": 8, "windows": 4}
    assert "PolNeAR" in (tmp_path / "tagger" / "README.md").read_text() and "presslens train-quotes ..." in (tmp_path / "tagger" / "README.md").read_text()
    tagger = AttributionTagger(str(tmp_path / "tagger"))
    spans = tagger.tag([ARTICLE])[0]
    # Twelve epochs over four copies of one article teach the tiny model that article.
    assert ("CONTENT", *CONTENT) in [tuple(span) for span in spans]
    assert saved["best_dev"]["soft_f1"] > 50
