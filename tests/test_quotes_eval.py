"""eval quotes: reading PolNeAR-style gold (text/ and attributions/), scoring soft and exact matches, the command."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from nlp.eval.quotes import read_gold, score_quotes


GOLD_TEXT = 'Headline\n\n"We will win," Smith said. Jones said the race was close.\n'


def write_gold(folder: Path) -> Path:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "a1.txt").write_text(GOLD_TEXT, encoding="utf-8")
    direct, indirect = GOLD_TEXT.index('"We'), GOLD_TEXT.index("the race")
    smith, jones = GOLD_TEXT.index("Smith"), GOLD_TEXT.index("Jones")
    lines = [
        f"T1\tContent {direct} {direct + 14}\t\"We will win,\"",
        f"T2\tSource {smith} {smith + 5}\tSmith",
        f"T3\tCue {smith + 6} {smith + 10}\tsaid",
        f"E1\tAttribution:T4 Content:T1 Source:T2 Cue:T3",
        f"T4\tAttribution {smith + 6} {smith + 10}\tsaid",
        f"T5\tContent {indirect} {indirect + 19}\tthe race was close",
        f"T6\tSource {jones} {jones + 5}\tJones",
        f"E2\tAttribution:T7 Content:T5 Source:T6",
        f"T7\tAttribution {jones + 6} {jones + 10}\tsaid",
    ]
    (folder / "attributions" / "a1_x.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "attributions" / "a1_y.ann").write_text("", encoding="utf-8")  # the second annotator is ignored
    return folder


def test_read_gold_uses_the_first_annotation_file(tmp_path):
    gold = read_gold(write_gold(tmp_path / "gold"))
    attributions = gold["a1"].attributions
    assert [attribution.kind for attribution in attributions] == ["direct", "indirect"]
    assert attributions[1].cue == []  # the event names no cue


def test_scores_soft_exact_kinds_and_source_accuracy(tmp_path):
    gold = read_gold(write_gold(tmp_path / "gold"))
    direct, smith = GOLD_TEXT.index('"We'), GOLD_TEXT.index("Smith")
    predicted = pd.DataFrame(
        [
            # exact once quotation marks and the comma are trimmed; right speaker and cue
            {"doc_id": "a1", "start": direct + 1, "end": direct + 12, "text": "We will win", "speaker": "Smith", "cue": "said", "speaker_start": smith, "speaker_end": smith + 5, "cue_start": smith + 6, "cue_end": smith + 10},
            # covers the gold indirect content and a little more: soft, not exact; wrong speaker
            {"doc_id": "a1", "start": GOLD_TEXT.index("said the"), "end": GOLD_TEXT.index("close") + 5, "text": "said the race was close", "speaker": "Headline", "cue": None, "speaker_start": 0, "speaker_end": 8, "cue_start": None, "cue_end": None},
            {"doc_id": "a1", "start": 0, "end": 8, "text": "Headline", "speaker": None, "cue": None, "speaker_start": None, "speaker_end": None, "cue_start": None, "cue_end": None},
        ]
    )
    scores = score_quotes(gold, predicted)
    assert scores.prf("soft", "all")[:2] == pytest.approx((200 / 3, 100.0))
    assert scores.prf("exact", "all")[1] == pytest.approx(50.0)
    assert scores.prf("exact", "indirect")[1] == 0.0
    assert (scores.source_correct, scores.pairs_with_source) == (1, 2)
    assert (scores.cue_correct, scores.pairs_with_cue) == (1, 1)
    assert {error["error"] for error in scores.errors["a1"]} == {"spurious", "wrong source", "boundary"}
    boundary = next(error for error in scores.errors["a1"] if error["error"] == "boundary")
    assert (boundary["content"], boundary["gold_content"], boundary["start_off"], boundary["end_off"]) == ("said the race was close", "the race was close", -5, 0)


def test_soft_match_leaves_out_the_speaker_and_cue_inside_a_resumed_quote(tmp_path):
    text = '"The risk," said Edward Leamer, an economist who directs the UCLA Anderson Forecast, "is jobs."'
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a1.txt").write_text(text, encoding="utf-8")
    second = text.index('"is')
    speaker, cue = text.index("Edward"), text.index("said")
    (tmp_path / "attributions" / "a1_x.ann").write_text(
        f"T1\tContent 0 11;{second} {len(text)}\t-\nT2\tSource {speaker} {second - 2}\t-\nT3\tCue {cue} {cue + 4}\t-\n"
        "E1\tAttribution:T3 Source:T2 Content:T1\n",
        encoding="utf-8",
    )
    predicted = pd.DataFrame(
        [{"doc_id": "a1", "start": 0, "end": len(text), "text": text, "speaker": text[speaker : second - 2], "cue": "said",
          "speaker_start": speaker, "speaker_end": second - 2, "cue_start": cue, "cue_end": cue + 4}]
    )
    assert score_quotes(read_gold(tmp_path), predicted).prf("soft", "direct")[2] == 100.0


def test_eval_quotes_command(tmp_path):
    gold = write_gold(tmp_path / "gold")
    command = ["eval", "quotes", "--gold", str(gold), "--out", str(tmp_path / "out"), "--ner", "spacy", "--workers", "1"]
    result = CliRunner().invoke(app, [*command, "--misses", str(tmp_path / "errors.jsonl")])
    assert result.exit_code == 0, result.output
    assert "soft" in result.output and "source accuracy" in result.output
    assert (tmp_path / "errors.jsonl").exists()
    assert not list((tmp_path / "out").glob("*errors*"))  # errors go only where the user names a file


def test_eval_quotes_on_a_folder_without_gold_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["eval", "quotes", "--gold", str(tmp_path)])
    assert result.exit_code == 2
    assert "text/ and attributions/" in result.output
