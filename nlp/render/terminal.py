"""Rendering: what a person sees in the terminal.

`RichProgress` draws a run's progress bar (documents, words/s, errors, ETA);
`print_summary(result)` prints the end-of-run summary from `result.summary`;
`print_document(...)` prints one article with its quotes, entities and claims
highlighted, and a table of each. All take
plain data (DataFrames, dicts) and a rich `Console`; none computes results.
"""

from __future__ import annotations

import time

import pandas as pd
from rich.console import Console, Group
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from nlp.run.runner import Progress as RunProgress
from nlp.run.runner import RunResult
from nlp.schemas import TABLES

LABEL_STYLES = {
    "PERSON": "bold magenta",
    "ORG": "bold cyan",
    "GPE": "bold green",
    "LOC": "green",
    "FAC": "green",
    "NORP": "yellow",
    "DATE": "blue",
    "TIME": "blue",
    "MONEY": "bold yellow",
    "PERCENT": "bold yellow",
    "CARDINAL": "yellow",
    "QUANTITY": "yellow",
    "ORDINAL": "yellow",
}
CLAIM_STYLE = "bold black on yellow"
FAILURES_SHOWN = 10
QUOTE_STYLE = "italic green"
SPEAKER_STYLE = "bold underline"


class RichProgress(RunProgress):
    """A live progress bar for `analyze`; use as a context manager."""

    def __init__(self, console: Console) -> None:
        self.words = 0
        self.errors = 0
        self.started = time.perf_counter()
        self.bar = Progress(
            TextColumn("[bold]analyze"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("docs · {task.fields[rate]} words/s · {task.fields[errors]} errors"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task = self.bar.add_task("analyze", total=0, rate="-", errors=0)

    def __enter__(self) -> RichProgress:
        return self  # the bar starts with the first total, so an early error prints alone

    def __exit__(self, *exc_info) -> None:
        self.bar.stop()

    def add_total(self, count: int) -> None:
        if not self.bar.live.is_started:
            self.bar.start()
        self.bar.update(self.task, total=(self.bar.tasks[0].total or 0) + count)

    def advance(self, documents: int, words: int, errors: int) -> None:
        self.words += words
        self.errors += errors
        rate = self.words / max(time.perf_counter() - self.started, 1e-6)
        self.bar.update(self.task, advance=documents, rate=f"{rate:,.0f}", errors=self.errors)


def print_summary(result: RunResult, console: Console, out_dir: str) -> None:
    """Documents ok and failed, the failures by name, entities by label and the top entities,
    quotes by source type with the most-quoted speakers, and claims by unit."""
    counts = result.manifest["counts"]
    console.print(
        f"[bold]{counts['documents']}[/] documents: [green]{counts['ok']} ok[/], "
        f"[{'red' if counts['error'] else 'green'}]{counts['error']} failed[/] "
        f"({counts['processed']} processed, {counts['reused']} unchanged since the last run) "
        f"in {result.manifest['timings']['total_seconds']:.1f}s"
    )
    for redone in result.manifest.get("redone", []):
        console.print(f"  {redone['documents']} unchanged documents redone: {redone['because']}", markup=False, highlight=False, soft_wrap=True)
    failures = result.summary["failures"].head(FAILURES_SHOWN)
    for row in failures.itertuples(index=False):
        console.print(f"  ✗ {row.doc_id}: {row.error}", markup=False, highlight=False, soft_wrap=True)
    if counts["error"] > len(failures):
        console.print(f"  … and {counts['error'] - len(failures)} more (see the documents table, status = 'error')")
    _print_skipped(result.manifest.get("skipped", []), counts.get("skipped", 0), console)
    if not result.summary["entities_by_label"].empty:
        console.print(_entities_by_label(result.summary["entities_by_label"]))
        console.print(_top_entities(result.summary["top_entities"]))
    if not result.summary["quotes_by_speaker_type"].empty:
        console.print(_quote_sources(result.summary["quotes_by_speaker_type"]))
        if not result.summary["top_speakers"].empty:
            console.print(_most_quoted(result.summary["top_speakers"]))
    if not result.summary["claims_by_unit"].empty:
        console.print(_summary_table("Numeric claims by unit", result.summary["claims_by_unit"]))
    console.print(f"Tables in [bold]{escape(out_dir)}/[/]: {', '.join(TABLES)} (+ presslens.duckdb, manifest.json)")


def _print_skipped(skipped: list[dict], count: int, console: Console) -> None:
    """The inputs the run left out (a .pdf, a FIFO, a broken link, a symlink loop, an old out folder), and why."""
    if not count:
        return
    console.print(f"[yellow]Skipped {count} input{'s' if count != 1 else ''}[/] (not read):")
    for item in skipped[:FAILURES_SHOWN]:
        console.print(f"  - {item['path']}: {item['reason']}", markup=False, highlight=False, soft_wrap=True)
    if count > FAILURES_SHOWN:
        console.print(f"  … and {count - FAILURES_SHOWN} more (see manifest.json)")


def _quote_sources(by_type: pd.DataFrame) -> Group:
    """A line with the anonymous share ("Quotes: 40, 23.5% from anonymous sources"), then one row per source type."""
    anonymous = by_type.loc[by_type["speaker_type"] == "anonymous", "share"]
    share = float(anonymous.iloc[0]) if len(anonymous) else 0.0
    headline = Text(f"Quotes: {int(by_type['quotes'].sum()):,}, {share:.1f}% from anonymous sources", style="italic")
    table = Table(title="Quotes by source type", title_justify="left")
    for column in ("source type", "quotes", "share"):
        table.add_column(column, justify="left" if column == "source type" else "right")
    for row in by_type.itertuples(index=False):
        table.add_row(str(row.speaker_type), f"{row.quotes:,}", f"{row.share:.1f}%")
    return Group(headline, table)


def _most_quoted(top_speakers: pd.DataFrame) -> Table:
    table = Table(title="Most quoted", title_justify="left")
    for column in ("speaker", "type", "quotes", "documents"):
        table.add_column(column, justify="right" if column in ("quotes", "documents") else "left")
    for row in top_speakers.itertuples(index=False):
        table.add_row(Text(str(row.speaker)), str(row.speaker_type), f"{row.quotes:,}", f"{row.documents:,}")
    return table


def _summary_table(title: str, frame: pd.DataFrame) -> Table:
    table = Table(title=title, title_justify="left")
    for column in frame.columns:
        table.add_column(str(column), justify="right" if pd.api.types.is_numeric_dtype(frame[column]) else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*(f"{cell:,}" if isinstance(cell, int) else Text(str(cell)) for cell in row))
    return table


def _entities_by_label(by_label: pd.DataFrame) -> Table:
    table = Table(title="Entities by label", title_justify="left")
    table.add_column("label")
    table.add_column("mentions", justify="right")
    table.add_column("distinct", justify="right")
    for row in by_label.itertuples(index=False):
        table.add_row(Text(str(row.label), style=LABEL_STYLES.get(str(row.label), "")), f"{row.mentions:,}", f"{row.distinct_keys:,}")
    return table


def _top_entities(top: pd.DataFrame) -> Table:
    table = Table(title="Top entities in the corpus", title_justify="left")
    for column, justify in (("entity", "left"), ("type", "left"), ("documents", "right"), ("mentions", "right")):
        table.add_column(column, justify=justify)
    for row in top.itertuples(index=False):
        table.add_row(Text(str(row.canonical)), str(row.entity_key).split(":")[0], f"{row.documents:,}", f"{row.mentions:,}")
    return table


def print_document(text: str, document: pd.Series, rows: dict[str, pd.DataFrame], console: Console) -> None:
    """The article with quotes, entities and numeric claims highlighted, then a table of each."""
    entities, quotes, claims = rows["entities"], rows["quotes"], rows["claims"]
    console.rule(Text(str(document["doc_id"]), style="bold"))
    for column in ("title", "outlet", "published", "url", "authors"):
        if pd.notna(document.get(column)):
            console.print(Text.assemble((f"{column}: ", "dim"), str(document[column])))
    body = Text(text)
    for row in quotes.itertuples(index=False):  # first, so that entities and claims inside a quote stay visible
        body.stylize(QUOTE_STYLE, int(row.start), int(row.end))
        if pd.notna(row.speaker_start):
            body.stylize(SPEAKER_STYLE, int(row.speaker_start), int(row.speaker_end))
    for row in entities.itertuples(index=False):
        body.stylize(LABEL_STYLES.get(row.label, "underline"), int(row.start), int(row.end))
    for row in claims.itertuples(index=False):
        body.stylize(CLAIM_STYLE, int(row.start), int(row.end))
    console.print(body)
    console.print(_legend(entities["label"]))
    table = Table(title=f"{len(entities)} entities", title_justify="left")
    for column in ("text", "label", "sentence", "canonical", "entity_key"):
        table.add_column(column)
    for row in entities.itertuples(index=False):
        label = Text(row.label, style=LABEL_STYLES.get(row.label, ""))
        table.add_row(Text(row.text), label, str(row.sentence), Text(row.canonical), Text(row.entity_key))
    console.print(table)
    console.print(_quotes_table(quotes))
    console.print(_claims_table(claims))


def _legend(labels: pd.Series) -> Text:
    """What each highlight means: the entity labels in this article, quotes, speakers and claims."""
    parts: list[tuple[str, str] | str] = [("Legend: ", "dim")]
    for label in sorted(set(labels)):
        parts += [(label, LABEL_STYLES.get(label, "underline")), " "]
    parts += [("quote", QUOTE_STYLE), " ", ("speaker", SPEAKER_STYLE), " ", ("numeric claim", CLAIM_STYLE)]
    return Text.assemble(*parts)


def _quotes_table(quotes: pd.DataFrame) -> Table:
    table = Table(title=f"{len(quotes)} quotes", title_justify="left")
    for column in ("speaker", "→ resolved", "type", "cue", "kind", "content"):
        # The content is what the table is for: it wraps, never ellipsised, and takes the most room.
        table.add_column(column, overflow="fold", ratio=4 if column == "content" else 1, min_width=12 if column == "content" else None)
    for row in quotes.itertuples(index=False):
        resolved = "" if pd.isna(row.speaker_canonical) or row.speaker_canonical == row.speaker else str(row.speaker_canonical)
        cells = ["" if pd.isna(row.speaker) else str(row.speaker), resolved, str(row.speaker_type), "" if pd.isna(row.cue) else str(row.cue), str(row.kind)]
        table.add_row(*(Text(cell) for cell in cells), Text(str(row.text), style=QUOTE_STYLE))
    return table


def _claims_table(claims: pd.DataFrame) -> Table:
    table = Table(title=f"{len(claims)} numeric claims", title_justify="left")
    for column in ("claim", "value", "change", "unit", "quantity", "time", "source", "sentence"):
        # The value is never cut or wrapped; the other columns fold rather than lose characters.
        table.add_column(column, justify="right" if column in ("value", "sentence") else "left", no_wrap=column == "value", overflow="fold")
    for row in claims.itertuples(index=False):
        change = "" if pd.isna(row.change) else f"{row.change}" + ("" if pd.isna(row.factor) else f" ×{row.factor:g}")
        cells = [row.unit, row.quantity, row.time, row.source]
        table.add_row(
            Text(row.text, style=CLAIM_STYLE),
            _claim_value(row.qualifier, row.low, row.high),
            change,
            *(Text("" if pd.isna(cell) else str(cell)) for cell in cells),
            str(row.sentence),
        )
    return table


def _claim_value(qualifier: str, low: float, high: float) -> str:
    """ "> 1,200", "60,000–80,000", "~ 10,000–100,000": the value or range with its qualifier."""
    amount = f"{low:,.10g}" if low == high else f"{low:,.10g}–{high:,.10g}"
    return amount if qualifier == "=" else f"{qualifier} {amount}"


def quote_scores_table(scores, title: str) -> Table:
    """Soft and exact P/R/F1 by kind, with the source and cue accuracy of soft matches (a `QuoteScores`)."""
    table = Table(title=title, title_justify="left")
    for column in ("kind", "gold", "predicted", "soft P", "soft R", "soft F1", "exact P", "exact R", "exact F1"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind in ("all", "direct", "mixed", "indirect"):
        figures = [f"{value:.1f}" for match in ("soft", "exact") for value in scores.prf(match, kind)]
        table.add_row(kind, str(scores.gold[kind]), str(scores.predicted[kind]), *figures)
    table.caption = (
        f"source accuracy {scores.source_accuracy:.1f}% of {scores.pairs_with_source} soft matches · "
        f"cue accuracy {scores.cue_accuracy:.1f}% of {scores.pairs_with_cue}"
    )
    return table


COMPARE_ROWS = 10  # rows of each compare table printed; the files hold them all


def print_comparison(frames: dict[str, pd.DataFrame], claims: pd.DataFrame, group_by: str, console: Console) -> None:
    """`compare`'s view: stories, top entities and source mix by group, the strongest quote matches, then the
    claim groups whose outlets disagree, conflicts first, each outlet's sentence beside the others."""
    console.print(_stories_line(frames["stories"]))
    _one_group_hint(frames["coverage"], group_by, console)
    console.print(_top_entities_by_group(frames["coverage"], frames["entity_summary"], group_by))
    console.print(_source_mix_table(frames["source_mix"], group_by))
    matches = frames["quote_matches"]
    console.print(_quote_matches_table(matches) if len(matches) else "No quote matches across articles.")
    groups = frames["claim_groups"]
    if groups.empty:
        console.print("No claim groups: no quantity is reported by two or more articles of one story.")
    for status, title in (("conflict", "claim conflicts"), ("differ", "claim differences")):
        chosen = groups[groups["status"] == status]
        if len(chosen):
            console.print(_claim_groups_table(chosen, claims, f"{len(chosen):,} {title} (of {len(groups):,} claim groups)"))
    if len(groups):
        agree = int((groups["status"] == "agree").sum())
        console.print(f"{agree:,} claim groups agree; no conflicts." if agree == len(groups) else f"{agree:,} claim groups agree.")
    counts = ", ".join(f"{name} {len(frame):,}" for name, frame in frames.items())
    console.print(f"Tables written: {counts}")


def _one_group_hint(coverage: pd.DataFrame, group_by: str, console: Console) -> None:
    groups = coverage["group"].unique()
    if len(groups) == 1:
        console.print(
            f"[yellow]Hint:[/] every document is in one {escape(group_by)} group ({escape(str(groups[0]))}); "
            "compare by another field: --group-by story, event, or any documents column or meta key."
        )


def _stories_line(stories: pd.DataFrame) -> str:
    sizes = stories.groupby("story_id").size()
    return f"{len(sizes):,} stories, {int((sizes > 1).sum()):,} of them reported by two or more articles."


def _top_entities_by_group(coverage: pd.DataFrame, summary: pd.DataFrame, group_by: str, per_group: int = 5) -> Table:
    table = Table(title=f"Top entities by {group_by} (groups with the most mentions)", title_justify="left")
    table.add_column(group_by)
    table.add_column("entities (documents)")
    names = summary.set_index("entity_key")["canonical"] if len(summary) else pd.Series(dtype=str)
    totals = coverage.groupby("group")["n_mentions"].sum().sort_values(ascending=False)
    for group in totals.index[:COMPARE_ROWS]:
        rows = coverage[coverage["group"] == group].sort_values(["n_docs", "n_mentions"], ascending=False).head(per_group)
        cells = [f"{names.get(row.entity_key, row.entity_key)} ({row.n_docs})" for row in rows.itertuples()]
        table.add_row(Text(str(group)), Text(", ".join(cells)))
    return table


def _source_mix_table(source_mix: pd.DataFrame, group_by: str) -> Table:
    table = Table(title=f"Source mix by {group_by}: share of quotes by speaker type", title_justify="left")
    shares = source_mix.pivot_table(index="group", columns="speaker_type", values="share", fill_value=0.0)
    quotes = source_mix.groupby("group")["n_quotes"].sum()
    table.add_column(group_by)
    table.add_column("quotes", justify="right")
    for speaker_type in shares.columns:
        table.add_column(str(speaker_type), justify="right")
    for group in quotes.sort_values(ascending=False).index[:COMPARE_ROWS]:
        table.add_row(Text(str(group)), f"{quotes[group]:,}", *(f"{share:.0%}" for share in shares.loc[group]))
    return table


def _quote_matches_table(matches: pd.DataFrame) -> Table:
    table = Table(title=f"Strongest of {len(matches):,} quote matches across articles", title_justify="left")
    for column in ("match", "score", "speakers", "quote", "other article's quote"):
        table.add_column(column, justify="right" if column == "score" else "left")
    for row in matches.head(COMPARE_ROWS).itertuples():
        speakers = row.speaker_a if not row.different_speakers else f"{row.speaker_a} ≠ {row.speaker_b}"
        table.add_row(row.match, f"{row.score:.2f}", Text(speakers, style="bold red" if row.different_speakers else ""), Text(row.text_a, style=QUOTE_STYLE), Text(row.text_b, style=QUOTE_STYLE))
    return table


def _claim_groups_table(groups: pd.DataFrame, claims: pd.DataFrame, title: str) -> Table:
    """One section per claim group: its quantity and reason, then each member's outlet, figure and sentence."""
    table = Table(title=title, title_justify="left")
    for column in ("group", "quantity · reason", "outlet", "claim", "sentence"):
        table.add_column(column)
    by_id = claims.set_index("claim_id")
    for group in groups.head(COMPARE_ROWS * 3).itertuples():
        ids = [claim_id for claim_id in group.claim_ids if claim_id in by_id.index]
        quantity = "" if pd.isna(group.quantity) else str(group.quantity)
        for position, claim_id in enumerate(ids):
            claim = by_id.loc[claim_id]
            first = position == 0
            table.add_row(
                f"{group.claim_group}" if first else "",
                Text(f"{quantity} ({group.unit}) · {group.reason}" if first else ""),
                Text(str(claim.get("outlet") or claim["doc_id"])),
                Text(str(claim["text"]), style=CLAIM_STYLE),
                Text(str(claim["sentence_text"])),
                end_section=position == len(ids) - 1,
            )
    return table
