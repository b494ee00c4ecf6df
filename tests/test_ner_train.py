"""Tests for NER training: reading CoNLL and JSONL data, entity-level scores, and `train` end to end.

The end-to-end test fine-tunes a tiny random BERT (2 layers, 32 wide) built
here on a generated data set, so it runs in seconds on a CPU and needs no
downloaded model or data.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from cli import app
from nlp.data.ner import NerDataError, read_sentences, spans, to_iob2
from nlp.eval.ner_scores import score, scores_table
from nlp.train.settings import NER_DEFAULTS

# IOB1 as in CoNLL-2003's eng.train: I-X opens a chunk, B-X only where two same-type chunks touch.
CONLL_IOB1 = """-DOCSTART- -X- -X- O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

-DOCSTART- -X- -X- O
In IN I-PP O
Paris NNP I-NP I-LOC
Berlin NNP I-NP B-LOC
John NNP I-NP I-PER
Smith NNP I-NP I-PER
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_conll_iob1_becomes_iob2(tmp_path: Path) -> None:
    sentences = read_sentences(write(tmp_path / "eng.train", CONLL_IOB1))
    assert [sentence.words for sentence in sentences] == [
        ["EU", "rejects", "German", "call", "."],
        ["In", "Paris", "Berlin", "John", "Smith"],
    ]
    assert [sentence.tags for sentence in sentences] == [
        ["B-ORG", "O", "B-MISC", "O", "O"],
        ["O", "B-LOC", "B-LOC", "B-PER", "I-PER"],
    ]


def test_conll_iob2_is_kept_and_two_columns_suffice(tmp_path: Path) -> None:
    text = "New B-LOC\nYork I-LOC\nis O\nbig O\n\n\n\nAcme B-ORG\nAcme B-ORG"
    sentences = read_sentences(write(tmp_path / "dev.conll", text))
    assert [sentence.tags for sentence in sentences] == [["B-LOC", "I-LOC", "O", "O"], ["B-ORG", "B-ORG"]]


def test_jsonl_spans_tag_overlapping_words(tmp_path: Path) -> None:
    records = [
        {"text": "John Smith visited New York.", "entities": [[0, 10, "PER"], [19, 27, "LOC"]]},
        {"text": "Nothing here."},
        {"text": "  ", "entities": []},
        # A span that covers only part of a word still tags the word.
        {"text": "Ask Acme-Corp now", "entities": [[5, 8, "ORG"]]},
    ]
    path = write(tmp_path / "data.jsonl", "\n".join(json.dumps(record) for record in records) + "\n\n")
    sentences = read_sentences(path)
    assert sentences[0].words == ["John", "Smith", "visited", "New", "York", "."]
    assert sentences[0].tags == ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"]
    assert sentences[1].tags == ["O", "O", "O"]
    assert len(sentences) == 3  # the record without words is left out
    assert list(zip(*sentences[2])) == [("Ask", "O"), ("Acme", "B-ORG"), ("-", "O"), ("Corp", "O"), ("now", "O")]
    assert read_sentences(path.rename(tmp_path / "data.json")) == sentences


def test_tags_to_spans_and_repair() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG", "I-ORG", "B-WORK-OF-ART"]
    assert to_iob2(tags) == ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-ORG", "I-ORG", "B-WORK-OF-ART"]
    assert spans(tags) == [("PER", 0, 2), ("LOC", 3, 4), ("LOC", 4, 5), ("ORG", 5, 7), ("WORK-OF-ART", 7, 8)]
    assert spans(["O", "O"]) == []


def test_entity_scores_on_a_hand_made_example() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"], ["O", "O"]]
    predicted = [
        ["B-PER", "I-PER", "O", "B-ORG"],  # PER right, LOC missed, a wrong ORG
        ["I-ORG", "I-ORG", "O"],  # an entity opened with I- counts, as in conlleval: right
        ["B-PER", "O"],  # a wrong PER
    ]
    scores = score(gold, predicted)
    overall = scores.overall
    assert (overall.gold, overall.predicted, overall.correct) == (3, 4, 2)
    assert overall.precision == pytest.approx(0.5)
    assert overall.recall == pytest.approx(2 / 3)
    assert overall.f1 == pytest.approx(4 / 7)
    assert list(scores.per_type) == ["LOC", "ORG", "PER"]
    assert (scores.per_type["LOC"].precision, scores.per_type["LOC"].recall, scores.per_type["LOC"].f1) == (0, 0, 0)
    assert scores.per_type["ORG"].f1 == pytest.approx(2 / 3)
    assert scores.per_type["PER"].precision == pytest.approx(0.5)
    assert scores.per_type["PER"].recall == pytest.approx(1.0)
    assert scores.as_dict()["overall"]["f1"] == pytest.approx(4 / 7)

    output = io.StringIO()
    Console(file=output, width=120).print(scores_table(scores))
    assert "57.14%" in output.getvalue() and "LOC" in output.getvalue()


def test_perfect_and_empty_predictions() -> None:
    gold = [["B-PER", "O"]]
    assert score(gold, gold).overall.f1 == 1.0
    assert score(gold, [["O", "O"]]).overall.f1 == 0.0
    assert score([["O"]], [["O"]]).overall.f1 == 0.0


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.conll", "", "has no sentences"),
        ("docstart.conll", "-DOCSTART- -X- O\n\n\n", "has no sentences"),
        ("one-column.conll", "John B-PER\nvisited\n", "line 2"),
        ("bad-tag.conll", "John X-PER\n", "line 1: tag 'X-PER'"),
        ("bad-tag-type.conll", "John B-\n", "line 1: tag 'B-'"),
        ("broken.jsonl", '{"text": "a"}\n{"text": \n', "line 2: not JSON"),
        ("no-text.jsonl", '{"entities": []}\n', 'line 1: expected an object with a "text"'),
        ("outside.jsonl", '{"text": "Paris", "entities": [[0, 9, "LOC"]]}\n', "line 1: entity [0, 9, \"LOC\"]"),
        ("no-label.jsonl", '{"text": "Paris", "entities": [[0, 5]]}\n', "line 1: entity"),
        ("overlap.jsonl", '{"text": "New York", "entities": [[0, 8, "LOC"], [4, 8, "GPE"]]}\n', "overlaps"),
        ("not-a-list.json", '{"text": "Paris", "entities": {"LOC": [0, 5]}}\n', '"entities" must be a list'),
        ("empty.jsonl", "\n\n", "has no sentences"),
    ],
)
def test_bad_data_is_one_line_error(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(NerDataError) as caught:
        read_sentences(path)
    assert message in str(caught.value) and name in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NerDataError, match="No such file"):
        read_sentences(tmp_path / "nope.conll")


def test_cli_reports_bad_data_in_one_line(tmp_path: Path) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["train-ner", "--train", str(tmp_path / "nope.conll"), "--dev", str(tmp_path / "nope.conll")])
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stderr.strip().splitlines() == [f"error: No such file: {tmp_path / 'nope.conll'}"]


# --- training end to end, on a tiny random BERT --------------------------------------------------

PEOPLE = ["John Smith", "Mary Jones", "Ali Khan", "Anna Berg", "Tom Lee"]
PLACES = ["Paris", "Berlin", "New York", "Cairo", "Lima"]
ORGS = ["Acme", "Reuters", "United Nations", "Shell"]
TEMPLATES = ["{PER} visited {LOC} .", "{PER} works for {ORG} in {LOC} .", "{ORG} opened an office in {LOC} .", "{PER} met {PER} ."]


def make_conll(path: Path, count: int, seed: int) -> Path:
    """`count` generated sentences in IOB2 CoNLL columns."""
    chooser = random.Random(seed)
    lines = []
    for _ in range(count):
        for piece in chooser.choice(TEMPLATES).split():
            if piece.startswith("{"):
                label = piece[1:-1]
                name = chooser.choice({"PER": PEOPLE, "LOC": PLACES, "ORG": ORGS}[label])
                lines += [f"{word} {'B' if i == 0 else 'I'}-{label}" for i, word in enumerate(name.split())]
            else:
                lines.append(f"{piece} O")
        lines.append("")
    return write(path, "\n".join(lines))


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a random 2-layer BERT and a word-level vocabulary of the generated data."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-bert")
    words = {word.lower() for text in [*PEOPLE, *PLACES, *ORGS, *TEMPLATES] for word in text.split() if "{" not in word}
    write(folder / "vocab.txt", "\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *sorted(words)]) + "\n")
    tokenizer = BertTokenizerFast.from_pretrained(folder, do_lower_case=True)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64, max_position_embeddings=64
    )
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def trained(tiny_bert: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The result of a 2-epoch `train` run on generated data (out folder in result["out"])."""
    from nlp.train.ner import train

    data = tmp_path_factory.mktemp("data")
    train_file = make_conll(data / "train.conll", 40, seed=1)
    dev_file = make_conll(data / "dev.conll", 12, seed=2)
    out = tmp_path_factory.mktemp("model") / "ner"
    settings = NER_DEFAULTS.but(base=str(tiny_bert), epochs=2, out_dir=out, device="cpu", batch_size=8, learning_rate=5e-3, progress=False, command="presslens train-ner ...")
    return train(train_file, dev_file, settings)


def test_train_saves_a_loadable_fp16_model(trained: dict) -> None:
    from safetensors import safe_open
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    out = Path(trained["out"])
    labels = ["O", "B-LOC", "B-ORG", "B-PER", "I-LOC", "I-ORG", "I-PER"]
    assert trained["labels"] == labels
    model = AutoModelForTokenClassification.from_pretrained(out)
    assert model.config.id2label == dict(enumerate(labels))
    assert model.config.label2id == {label: i for i, label in enumerate(labels)}
    assert AutoTokenizer.from_pretrained(out).is_fast
    with safe_open(str(out / "model.safetensors"), framework="pt") as weights:
        dtypes = {str(weights.get_tensor(name).dtype) for name in weights.keys()}
    assert dtypes == {"torch.float16"}


def test_train_records_metrics_and_writes_the_card(trained: dict) -> None:
    out = Path(trained["out"])
    meta = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert [record["epoch"] for record in meta["epochs"]] == [1, 2]
    assert meta["settings"]["total_steps"] == 10  # 40 sentences in batches of 8, twice
    best = meta["epochs"][meta["best_epoch"] - 1]["dev"]
    assert best == meta["best_dev"]
    assert best["overall"]["f1"] == max(record["dev"]["overall"]["f1"] for record in meta["epochs"])
    # Two epochs at a high learning rate are enough for this easy data to find some entities.
    assert best["overall"]["f1"] > 0
    assert meta["data"]["train"]["sentences"] == 40 and meta["data"]["dev"]["sentences"] == 12
    assert len(meta["data"]["train"]["sha256"]) == 64
    assert meta["command"] == "presslens train-ner ..." and meta["device"].startswith("CPU")
    card = (out / "README.md").read_text(encoding="utf-8")
    assert f"F1 {best['overall']['f1'] * 100:.2f}" in card
    assert "presslens train-ner ..." in card and meta["data"]["train"]["file"] in card
    assert "Reuters" not in card  # not CoNLL-2003 files, so no claim about them
    assert "\n## Intended use and limits\n\n- Finding " in card


def test_card_describes_conll2003_by_its_file_names(trained: dict) -> None:
    from nlp.train.ner_card import model_card

    meta = json.loads((Path(trained["out"]) / "training.json").read_text(encoding="utf-8"))
    meta["data"]["train"]["file"], meta["data"]["dev"]["file"] = "eng.train", "eng.testa"
    card = model_card(meta, "presslens-ner")
    assert "CoNLL-2003" in card and "Reuters" in card and "not shipped" in card


def test_train_data_hash_is_the_files(tmp_path: Path, tiny_bert: Path) -> None:
    from nlp.train.ner import train

    train_file = make_conll(tmp_path / "t.conll", 8, seed=3)
    result = train(train_file, train_file, NER_DEFAULTS.but(base=str(tiny_bert), epochs=1, out_dir=tmp_path / "m", device="cpu", progress=False))
    assert result["data"]["train"]["sha256"] == hashlib.sha256(train_file.read_bytes()).hexdigest()
    assert result["settings"]["total_steps"] == 1


def test_layers_keeps_only_the_lower_encoder_layers(tmp_path: Path, tiny_bert: Path) -> None:
    from transformers import AutoConfig

    from nlp.train.ner import train
    from nlp.train.loop import TrainingSetupError

    train_file = make_conll(tmp_path / "t.conll", 8, seed=3)
    result = train(train_file, train_file, NER_DEFAULTS.but(base=str(tiny_bert), epochs=1, out_dir=tmp_path / "m", device="cpu", progress=False, layers=1))
    assert AutoConfig.from_pretrained(tmp_path / "m").num_hidden_layers == 1
    assert "first 1 encoder layers" in (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    assert result["settings"]["layers"] == 1
    with pytest.raises(TrainingSetupError, match="--layers must be between 1 and 2"):
        train(train_file, train_file, NER_DEFAULTS.but(base=str(tiny_bert), epochs=1, out_dir=tmp_path / "m2", device="cpu", progress=False, layers=5))


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"base": "/nonexistent/model"}, "Cannot load base model '/nonexistent/model' (no such folder"),
        ({"device": "tpu"}, "Unknown device 'tpu'"),
        ({"epochs": 0}, "--epochs"),
    ],
)
def test_train_setup_errors(tmp_path: Path, tiny_bert: Path, arguments: dict, message: str) -> None:
    from nlp.train.ner import train

    data = make_conll(tmp_path / "t.conll", 4, seed=4)
    with pytest.raises(NerDataError) as caught:
        train(data, data, NER_DEFAULTS.but(**{"base": str(tiny_bert), "out_dir": tmp_path / "m", "progress": False, **arguments}))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_train_rejects_bad_data_before_loading_a_model(tmp_path: Path) -> None:
    from nlp.train.ner import train

    good = make_conll(tmp_path / "t.conll", 4, seed=5)
    with pytest.raises(NerDataError, match="line 1"):
        train(good, write(tmp_path / "dev.conll", "oops\n"), NER_DEFAULTS.but(base="/nonexistent", out_dir=tmp_path / "m", progress=False))


@pytest.mark.parametrize("module, command, options", [("nlp.train.ner", "train-ner", ["--max-length", "--seed"]), ("nlp.train.attribution", "train-quotes", ["--limit", "--seed"])])
def test_python_m_trainers_take_the_cli_commands_options(module: str, command: str, options: list[str]) -> None:
    # The shipped model cards record `python3 -m nlp.*_train ...`: it must take exactly what `presslens train-*` takes.
    import subprocess
    import sys

    shown = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, check=True).stdout
    assert f"python3 -m {module}" in shown
    assert CliRunner().invoke(app, [command, "--help"]).output.split("Options")[1].split() == shown.split("Options")[1].split()
    assert all(option in shown for option in options)


def test_the_recorded_command_is_the_one_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp.train.settings import recorded_command

    monkeypatch.setattr("sys.orig_argv", ["/usr/bin/python3", "-m", "nlp.train.ner", "--train", "a b.conll"])
    assert recorded_command() == "python3 -m nlp.train.ner --train 'a b.conll'"
    monkeypatch.setattr("sys.orig_argv", ["/venv/bin/python", "/venv/bin/presslens", "train-ner", "--epochs", "2"])
    monkeypatch.setattr("sys.argv", ["/venv/bin/presslens", "train-ner", "--epochs", "2"])
    assert recorded_command() == "presslens train-ner --epochs 2"
