"""Shared fixtures: small article folders written by the tests, one analysis of the shipped corpus, a pipeline, a quote finder and the embedder.

Loading the spaCy pipeline costs seconds per process, so the corpus is analysed
once per session (`corpus_out`) and the small folders keep every other run cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from nlp.comparison.embed import Embedder
from nlp.extract.pipeline import load_pipeline, resolve_model
from nlp.run.runner import Progress, RunOptions, run

CORPUS_DIR = Path(__file__).parent.parent / "corpus"

# Four short articles with people, organisations and places that spaCy's small model finds.
ARTICLES: dict[str, str] = {
    "biden_merkel.txt": (
        "Biden meets Merkel in Berlin\n\n"
        "President Joe Biden met Angela Merkel in Berlin on Tuesday. "
        "Biden said the talks were productive. Merkel thanked the United States for its support.\n"
    ),
    "apple_india.txt": (
        "Apple to open stores in India\n\n"
        "Apple reported record sales on Thursday. Tim Cook told analysts in California that "
        "Apple would open three stores in India. Cook said demand was strong.\n"
    ),
    "un_summit.txt": (
        "Climate summit in Geneva\n\n"
        "The United Nations held a climate summit in Geneva. Antonio Guterres said the "
        "United Nations needs $2 billion. Guterres met Emmanuel Macron after the talks.\n"
    ),
    "nasa_moon.txt": (
        "NASA plans a Moon mission\n\n"
        "NASA announced on Monday that Bill Nelson will lead a new Moon program. "
        "Nelson said astronauts from Canada and Japan will join the crew.\n"
    ),
}

WriteArticles = Callable[..., Path]


def _write_articles(folder: Path, texts: Mapping[str, str | bytes] = ARTICLES) -> Path:
    """Write `texts` (file name -> str or raw bytes) into `folder`, creating it; returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in texts.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def write_articles() -> WriteArticles:
    """The article writer, for tests that need their own folder contents (any scope may use it)."""
    return _write_articles


@pytest.fixture(scope="session")
def article_texts() -> dict[str, str]:
    """A copy of the small articles' texts by file name."""
    return dict(ARTICLES)


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A fresh folder holding the four small articles."""
    return _write_articles(tmp_path / "articles")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The sample corpus shipped with the repository."""
    assert CORPUS_DIR.is_dir(), f"missing {CORPUS_DIR}"
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """The out folder of one analysis of corpus/ (workers=1, every table format); do not modify it."""
    out = tmp_path_factory.mktemp("corpus-out")
    run([corpus_dir], RunOptions(out=out, workers=1, formats=("parquet", "csv", "jsonl")))
    return out


def generated_articles(count: int) -> dict[str, str]:
    """`count` short articles (file name -> text) with people, places and an organisation."""
    people = ["Anna Schmidt", "Pedro Alvarez", "Mary Johnson", "Kenji Watanabe", "Olga Petrova"]
    cities = ["Hamburg", "Madrid", "Chicago", "Osaka", "Kyiv"]
    texts = {}
    for i in range(count):
        person, city = people[i % len(people)], cities[i // len(people) % len(cities)]
        surname = person.split()[-1]
        texts[f"story{i:03d}.txt"] = (
            f"Council vote {i} in {city}\n\n"
            f"Mayor {person} visited {city} on Monday. {surname} said the council approved {i + 3} new homes. "
            f"The company Siemens will build them with help from the European Union.\n"
        )
    return texts


def wait_for_first_part(parts_dir: Path, process: subprocess.Popen, timeout: float) -> None:
    """Return once a run has stored its first batch; fail if `process` exits first or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if parts_dir.is_dir() and any(not part.name.startswith(".") for part in parts_dir.iterdir()):
            return
        if process.poll() is not None:
            pytest.fail(f"presslens exited ({process.returncode}) before writing a part")
        time.sleep(0.01)
    pytest.fail(f"no part folder in {parts_dir} after {timeout}s")


def sorted_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in a canonical order (doc_id, then start where there is one), for comparing runs."""
    keys = ["doc_id", "start"] if "start" in frame.columns else ["doc_id"]
    return frame.sort_values(keys).reset_index(drop=True)


def assert_every_document_once(tables: dict[str, pd.DataFrame], doc_ids: Iterable[str]) -> None:
    """Each of `doc_ids` has exactly one documents row, all ok, and no table has a row twice."""
    documents = tables["documents"]
    assert sorted(documents["doc_id"]) == sorted(doc_ids)
    assert (documents["status"] == "ok").all(), documents.loc[documents["status"] != "ok", ["doc_id", "error"]]
    for name, frame in tables.items():
        if name != "documents":
            keys = [column for column in ("doc_id", "start", "end") if column in frame.columns]
            assert not frame.duplicated(keys).any(), name


class KillOneWorker(Progress):
    """Progress that SIGKILLs one worker process of the run as soon as the first batch is saved.

    Process-pool workers and a LocalCluster's Dask workers are both spawned
    children of this process (Dask's nannies live in it); the one with the
    largest memory has loaded spaCy, so it is a worker and not a helper process.
    """

    def __init__(self) -> None:
        self.killed: int | None = None

    def advance(self, documents: int, words: int, errors: int) -> None:
        if self.killed is None:
            workers = [child for child in psutil.Process().children() if "spawn_main" in " ".join(child.cmdline())]
            victim = max(workers, key=lambda process: process.memory_info().rss)
            victim.send_signal(signal.SIGKILL)
            self.killed = victim.pid


@pytest.fixture(scope="session")
def quotes_of():
    """Text -> the document's quotes (spaCy's own recognizer keeps this fast)."""
    pipeline = load_pipeline(resolve_model(None), None, "spacy")

    def run(text: str):
        doc = pipeline(text)
        for quote in doc._.quotes:
            assert doc.text[quote.start : quote.end] == quote.text
            if quote.speaker is not None:
                assert doc.text[quote.speaker_start : quote.speaker_end] == quote.speaker
            if quote.cue is not None:
                assert doc.text[quote.cue_start : quote.cue_end] == quote.cue
        return doc._.quotes

    return run


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The sentence embedder compare uses, on one thread."""
    return Embedder(threads=1)


@pytest.fixture(scope="session")
def pipeline():
    """The default pipeline (the shipped recognizer, rule quotes); loaded once per process."""
    return load_pipeline(resolve_model(None))
