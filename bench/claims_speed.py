"""Speed of claim extraction against quantulum3, in one run on the same NewsQuant sentences.

Prints sentences/s of (1) quantulum3 (its no-classifier mode: the pickled
classifier does not load with current scikit-learn), (2) presslens's
`presslens_claims` component alone on already parsed sentences, and (3) the
whole presslens pipeline (spaCy parse + NER + claims) that `analyze` runs.
Each is timed over `--passes` passes and its fastest pass reported, so that one
pass slowed by another process on a shared machine does not decide the ratio
(both libraries keep caches warm after the first pass alike). The passes take
turns (quantulum3, presslens_claims, the pipeline, then again), so that a slow
spell of the machine falls on every library alike rather than on whichever
ran during it; the median of each round's own claims / quantulum3 ratio is
printed too. The garbage collector runs before each pass, so that a full
collection of the loaded models does not land inside one library's pass by
chance.

    .venv/bin/python bench/claims_speed.py [--gold FILE] [--ner spacy|hybrid] [--passes N]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import time
from pathlib import Path

from nlp.extract.claim_units import unit_registry
from nlp.extract.claims import extract_claims
from nlp.extract.pipeline import load_pipeline, resolve_model, resolve_ner

DEFAULT_GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "newsquant" / "newsquant-dev.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="NewsQuant JSON whose sentences are timed")
    parser.add_argument("--ner", default="spacy", help="recognizer for the whole-pipeline figure (default: spacy)")
    parser.add_argument("--passes", type=int, default=3, help="passes over the sentences per library; the fastest counts")
    args = parser.parse_args()
    try:
        import quantulum3.classifier
        from quantulum3 import parser as quantulum
    except ImportError:
        raise SystemExit("quantulum3 is not installed; `pip install -e .[bench]` first.") from None
    sentences = [record["text"] for record in json.loads(args.gold.read_text(encoding="utf-8"))]
    quantulum3.classifier.USE_CLF = False  # its pickled classifier fails to load with this scikit-learn
    print(f"{len(sentences)} sentences from {args.gold}; load average {os.getloadavg()[0]:.2f} at start")

    quantulum.parse(sentences[0])  # load its unit database before timing, as presslens's lexicons are below
    pipeline = load_pipeline(resolve_model(None), None, resolve_ner(args.ner))
    with pipeline.select_pipes(disable=["presslens_claims"]):
        parsed = list(pipeline.pipe(sentences))
    extract_claims(parsed[0])  # load the lexicons, unit names and unit-sense model before timing
    unit_registry()  # and pint's registry, which the first sentence with a measure would otherwise load in the loop
    jobs = {
        "quantulum3 (no classifier)": (sentences, quantulum.parse),
        "presslens_claims on parsed docs": (parsed, extract_claims),
        f"presslens pipeline, --ner {args.ner}": ([sentences], lambda batch: list(pipeline.pipe(batch))),
    }
    timings = {name: [] for name in jobs}
    for _ in range(args.passes):
        for name, (items, work) in jobs.items():
            timings[name].append(_timed_pass(items, work))
    rates = {name: _best_rate(passes, len(sentences)) for name, passes in timings.items()}
    for name, (wall, cpu) in rates.items():
        print(f"{name:40s} {wall:10,.0f} sentences/s wall {cpu:10,.0f} sentences/s CPU")
    baseline_wall, baseline_cpu = rates["quantulum3 (no classifier)"]
    for name, (wall, cpu) in list(rates.items())[1:]:
        print(f"{name} / quantulum3: {wall / baseline_wall:.1f}x wall, {cpu / baseline_cpu:.1f}x CPU")
    paired = [q_cpu / c_cpu for (_, q_cpu), (_, c_cpu) in zip(timings["quantulum3 (no classifier)"], timings["presslens_claims on parsed docs"])]
    print(f"presslens_claims / quantulum3, median of {len(paired)} rounds' own ratios: {statistics.median(paired):.1f}x CPU")
    print(f"load average {os.getloadavg()[0]:.2f} at end")


def _timed_pass(items: list, work) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one pass of `work` over `items`."""
    # A full collection of the heap (spaCy, pint, the models: far larger than one pass's garbage) would
    # otherwise fall inside some passes and not others, by the hash seed: collect it before each library's pass.
    gc.collect()
    started, started_cpu = time.perf_counter(), time.process_time()
    for item in items:
        work(item)
    return time.perf_counter() - started, time.process_time() - started_cpu


def _best_rate(passes: list[tuple[float, float]], count: int) -> tuple[float, float]:
    """(sentences per wall second, per CPU second) of the fastest pass."""
    return count / min(wall for wall, _ in passes), count / max(min(cpu for _, cpu in passes), 1e-9)


if __name__ == "__main__":
    main()
