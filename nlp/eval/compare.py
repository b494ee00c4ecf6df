"""Scoring `compare`'s claim groups and quote matches against a hand-made gold.

`evaluate_compare(gold_path, out_dir)` reads a gold JSONL (one line per item
that two or more articles report; only file names, character offsets, values
and verdicts) and the tables that `analyze` and `compare` wrote to `out_dir`,
and returns one score row per gold split (tuning, check, all):

Gold lines: `{"kind": "quantity", "event", "split", "item", "verdict":
same|differ|conflict, "mentions": [{"file", "start", "end", "value"}]}` and
`{"kind": "statement", "event", "split", "speakers": [names], "mentions":
[{"file", "start", "end"}]}`, where `speakers` (optional) lists the names the
statement's speaker goes by ("Rail Accident Investigation Branch", "RAIB").

- grouped: share of gold quantities whose claims from two or more of its
  documents sit in one claim group;
- flagged: share of gold quantities judged `differ` or `conflict` whose best
  group (the one holding most of its documents) is not `agree`;
- status_exact: share of grouped gold quantities whose best group has the gold
  verdict's status (same → agree);
- group_precision: share of claim groups holding gold claims of two or more
  documents whose gold claims all belong to one gold quantity;
- noise: share of claim groups in the gold's events holding no gold claim (an
  upper bound: a real quantity the gold left out counts as noise);
- statements_paired: share of gold statements with a quote match between two
  of its documents; pair_precision: share of quote matches touching gold
  statements at both ends whose two quotes are one statement; named_right:
  share of those right pairs, of statements with `speakers`, whose two sides
  both carry the statement's speaker (an entity key, else the resolved name,
  whose name words are within one of the speaker's names or hold one).

`gold_doc_ids(documents)` and `gold_items_of(rows, items, kind, doc_ids)` tie
the tables' claims or quotes to the gold items whose mentions they overlap
(bench/compare_conversions.py uses them too).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd

from nlp.eval.entities import GoldDataError
from nlp.io.store import StoreError, read_table

ENTITY_KEY = re.compile(r"^[a-z]+:(\S+)$")  # "person:francois-hollande": a speaker resolved to an entity
VERDICT_STATUS = {"same": "agree", "differ": "differ", "conflict": "conflict"}


def read_gold(path: Path) -> list[dict]:
    """The gold items of a JSONL file; GoldDataError with the line number when one is malformed."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise GoldDataError(f"Cannot read the gold file {path}: {error}") from None
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            assert item["kind"] in ("quantity", "statement") and all({"file", "start", "end"} <= set(m) for m in item["mentions"])
        except (json.JSONDecodeError, AssertionError, KeyError, TypeError):
            raise GoldDataError(f"{path}:{number}: not a gold item (kind, mentions with file, start, end)") from None
        items.append(item)
    return items


def gold_doc_ids(documents: pd.DataFrame) -> dict[str, str]:
    """File name -> doc_id, for gold mentions named by their file."""
    names = {Path(str(path)).name: doc_id for path, doc_id in zip(documents["path"], documents["doc_id"])}
    names.update({str(doc_id): doc_id for doc_id in documents["doc_id"]})
    return names


def gold_items_of(rows: pd.DataFrame, items: list[dict], kind: str, doc_ids: dict[str, str]) -> pd.Series:
    """For each row (claim or quote), the index of the gold item of `kind` whose mention its span overlaps (-1: none)."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for index, item in enumerate(items):
        if item["kind"] == kind:
            for mention in item["mentions"]:
                doc_id = doc_ids.get(mention["file"])
                if doc_id is not None:
                    spans.setdefault(doc_id, []).append((mention["start"], mention["end"], index))
    tags = []
    for doc_id, start, end in zip(rows["doc_id"], rows["start"], rows["end"]):
        hits = [index for low, high, index in spans.get(doc_id, []) if low < end and start < high]
        tags.append(hits[0] if hits else -1)
    return pd.Series(tags, index=rows.index, dtype=int)


def evaluate_compare(gold_path: Path, out_dir: Path) -> pd.DataFrame:
    """Score rows (split, counts and shares) of the compare tables in `out_dir` against the gold."""
    items = read_gold(gold_path)
    try:
        documents, claims, quotes = (read_table(out_dir, name) for name in ("documents", "claims", "quotes"))
        groups, matches = (read_table(out_dir, name) for name in ("claim_groups", "quote_matches"))
    except StoreError:
        raise StoreError(f"No compare tables in {out_dir}; run `presslens analyze` and `presslens compare` there first.") from None
    doc_ids = gold_doc_ids(documents)
    claims = claims.assign(item=gold_items_of(claims, items, "quantity", doc_ids))
    quotes = quotes.assign(item=gold_items_of(quotes, items, "statement", doc_ids))
    gold_docs = {doc_ids[m["file"]] for item in items for m in item["mentions"] if m["file"] in doc_ids}
    event_docs = {event: {doc_ids.get(m["file"]) for item in items if item["event"] == event for m in item["mentions"]} for event in {i["event"] for i in items}}
    rows = []
    for split in sorted({item.get("split", "all") for item in items}) + ["all"]:
        chosen = [index for index, item in enumerate(items) if split == "all" or item.get("split") == split]
        events = {items[index]["event"] for index in chosen}
        docs = set().union(*(event_docs[event] for event in events)) & gold_docs
        rows.append({"split": split, "events": len(events), **_claim_scores(items, chosen, claims, groups, docs), **_quote_scores(items, chosen, quotes, matches)})
    return pd.DataFrame(rows)


def _claim_scores(items: list[dict], chosen: list[int], claims: pd.DataFrame, groups: pd.DataFrame, docs: set[str]) -> dict:
    quantities = [index for index in chosen if items[index]["kind"] == "quantity"]
    member = claims.set_index("claim_id")
    exploded = groups[["claim_group", "status", "claim_ids"]].explode("claim_ids").rename(columns={"claim_ids": "claim_id"})
    exploded = exploded.join(member[["doc_id", "item"]], on="claim_id")
    in_scope = exploded[exploded["doc_id"].isin(docs)]
    grouped = flagged = differing = exact = 0
    for index in quantities:
        hits = in_scope[in_scope["item"] == index]
        best = hits.groupby("claim_group")["doc_id"].nunique().sort_values(ascending=False)
        is_grouped = len(best) > 0 and best.iloc[0] >= 2
        status = hits[hits["claim_group"] == best.index[0]]["status"].iloc[0] if is_grouped else "agree"
        grouped += is_grouped
        exact += is_grouped and status == VERDICT_STATUS[items[index]["verdict"]]
        if items[index]["verdict"] != "same":
            differing += 1
            flagged += status != "agree"
    judged = correct = noise = 0
    for _, members in in_scope.groupby("claim_group"):
        gold_members = members[members["item"] >= 0]
        if gold_members.empty:
            noise += 1
        elif gold_members["doc_id"].nunique() >= 2:
            judged += 1
            correct += gold_members["item"].nunique() == 1
    n_groups = in_scope["claim_group"].nunique()
    return {
        "quantities": len(quantities),
        "grouped": _share(grouped, len(quantities)),
        "differing": differing,
        "flagged": _share(flagged, differing),
        "status_exact": _share(exact, grouped),
        "groups": n_groups,
        "group_precision": _share(correct, judged),
        "noise": _share(noise, n_groups),
    }


def _quote_scores(items: list[dict], chosen: list[int], quotes: pd.DataFrame, matches: pd.DataFrame) -> dict:
    statements = {index for index in chosen if items[index]["kind"] == "statement"}
    item_of = quotes.set_index("quote_id")["item"]
    pairs = pd.DataFrame({"a": matches["quote_id_a"].map(item_of), "b": matches["quote_id_b"].map(item_of)}).fillna(-1)
    touching = pairs[pairs["a"].isin(statements) | pairs["b"].isin(statements)]
    both = touching[(touching["a"] >= 0) & (touching["b"] >= 0)]
    paired = {int(a) for a, b in zip(pairs["a"], pairs["b"]) if a == b and a in statements}
    right = matches.assign(item=pairs["a"])[(pairs["a"] == pairs["b"]) & pairs["a"].isin(statements)]
    right = right[right["item"].map(lambda item: bool(items[int(item)].get("speakers"))).astype(bool)]  # a mask, even with no rows
    named = [all(is_named(speaker, items[int(item)]["speakers"]) for speaker in sides) for item, *sides in zip(right["item"], right["speaker_a"], right["speaker_b"])]
    return {
        "statements": len(statements),
        "statements_paired": _share(len(paired), len(statements)),
        "pair_precision": _share(int((both["a"] == both["b"]).sum()), len(both)),
        "named_right": _share(sum(named), len(named)),
    }


def _name_words(name: str) -> frozenset[str]:
    """Lower-case ASCII words of a name or an entity key ("person:francois-hollande" -> francois, hollande)."""
    key = ENTITY_KEY.match(name)
    text = key.group(1) if key else name
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return frozenset(re.findall(r"[a-z0-9]+", folded))


def is_named(speaker, names: list[str]) -> bool:
    """Whether a quote's speaker id names the gold speaker: its name words within one of `names`, or holding one."""
    words = _name_words(str(speaker)) if isinstance(speaker, str) else frozenset()
    return bool(words) and any(words <= _name_words(name) or _name_words(name) <= words for name in names)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None
