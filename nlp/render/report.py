"""Report: one self-contained `report.html` from an out folder that `analyze` and `compare` wrote.

`write_report(out_dir)` reads the analyze tables (documents, entities, quotes,
claims) and the compare tables, and writes OUT/report.html: an overview, the
cross-article tables, three inline SVG plots (entity coverage heatmap, source
mix by group, claim spreads), and a page per article (shown with the browser's
:target, no script) where displaCy highlights entities and claims and quotes
are underlined. Nothing is fetched: no scripts, fonts or images from elsewhere.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pandas as pd
from spacy import displacy
from spacy.displacy.render import DEFAULT_LABEL_COLORS

from nlp.io.lookup import article_texts
from nlp.schemas import COMPARE_TABLES
from nlp.io.store import StoreError, read_table, replace_atomically

TOP_ROWS = 50  # rows of each table in the report; the files hold them all
FOLD_CHARS = 240  # a longer cell shows its start and opens to the whole text
HEATMAP_ENTITIES, HEATMAP_GROUPS, MIX_GROUPS, SPREAD_GROUPS = 25, 12, 20, 40
TYPE_COLOURS = {"person": "#4e79a7", "organization": "#f28e2b", "outlet": "#76b7b2", "anonymous": "#e15759", "document": "#59a14f", "unknown": "#bab0ac"}
DISPLACY_COLOURS = {"CLAIM": "#ffd54f"}
STATUS_ORDER = {"conflict": 0, "differ": 1}  # the report shows disagreements first

# The legend of the article pages: displaCy's colours for the common labels (CLAIM is ours), and the quote underline.
LEGEND_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "MONEY", "PERCENT", "CARDINAL", "CLAIM")
LEGEND = (
    '<p class="legend">'
    + "".join(
        f'<span style="background:{ {**DEFAULT_LABEL_COLORS, **DISPLACY_COLOURS}.get(label, "#ddd")};padding:0 .3em;border-radius:.3em">{label}</span>'
        for label in LEGEND_LABELS
    )
    + '<span class="quote">quote</span></p>'
)

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222;overflow-wrap:break-word}
table{border-collapse:collapse;margin:1em 0;font-size:.9em;display:block;max-width:100%;overflow-x:auto}td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
td{max-width:40em}svg{max-width:100%;height:auto}details summary{cursor:pointer}.back{font-size:.9em}.legend span{margin-right:.6em}
th{background:#f4f4f4}td.n{text-align:right}.conflict{color:#b00;font-weight:bold}.differ{color:#b60;font-weight:bold}
.article{display:none;border-top:2px solid #444;margin-top:2em}.article:target{display:block}
.article .entities{display:inline}.quote{display:inline;text-decoration:underline 2px #2a7;text-underline-offset:.3em;background:#eefaf2}
svg text{font-size:11px;font-family:system-ui,sans-serif}
"""


def write_report(out_dir: Path) -> Path:
    """Write OUT/report.html and return its path; StoreError when analyze or compare has not run there."""
    documents = read_table(out_dir, "documents")
    tables = {name: read_table(out_dir, name) for name in ("entities", "quotes", "claims")}
    try:
        compared = {name: read_table(out_dir, name) for name in COMPARE_TABLES}
    except StoreError:
        raise StoreError(f"No compare tables in {out_dir}; run `presslens compare {out_dir}` first.") from None
    body = [
        f"<h1>presslens report: {escape(str(out_dir))}</h1>",
        _overview(documents, tables),
        _cross_article_section(compared, tables["claims"].merge(documents[["doc_id", "outlet", "title"]], on="doc_id", how="left"), documents),
        _articles_section(documents, tables, article_texts(out_dir)),
    ]
    html = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>presslens report</title><style>{STYLE}</style></head><body>{"".join(body)}</body></html>'
    target = out_dir / "report.html"
    replace_atomically(target, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return target


def _overview(documents: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> str:
    ok = documents[documents["status"] == "ok"]
    dates = ok["published"].dropna().astype(str)
    span = f"{dates.min()[:10]} to {dates.max()[:10]}" if len(dates) else "no dates"
    facts = {
        "documents": f"{len(documents):,} ({len(ok):,} analysed)",
        "outlets": f"{ok['outlet'].nunique():,}",
        "published": span,
        "entity mentions": f"{len(tables['entities']):,}",
        "quotes": f"{len(tables['quotes']):,}",
        "numeric claims": f"{len(tables['claims']):,}",
    }
    rows = "".join(f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>" for name, value in facts.items())
    outlets = ok["outlet"].fillna("(none)").value_counts().head(TOP_ROWS).rename_axis("outlet").reset_index(name="documents")
    return f"<h2>Overview</h2><table>{rows}</table><h3>Documents by outlet</h3>{_html_table(outlets)}"


def _cross_article_section(compared: dict[str, pd.DataFrame], claims: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The compare tables, disagreements first; articles are named by outlet and title and link to their pages."""
    summary = compared["entity_summary"]
    groups = compared["claim_groups"]
    matches = _with_articles(compared["quote_matches"], documents, ("a", "b"))
    matches = matches[["match", "score", "speaker_a", "speaker_b", "different_speakers", "text_a", "text_b", "article_a", "article_b", "doc_id_a", "doc_id_b"]]
    return "".join(
        [
            "<h2>Across articles</h2>",
            f"<h3>Claim groups ({len(groups):,} in {compared['stories']['story_id'].nunique():,} stories)</h3>",
            _claim_disagreements(groups, claims, "conflict", "Conflicts: incompatible figures"),
            _claim_disagreements(groups, claims, "differ", "Differences: compatible figures, or updates"),
            _claim_spreads(groups.sort_values("status", key=lambda status: status.map(STATUS_ORDER).fillna(len(STATUS_ORDER)), kind="stable")),
            "<h3>Entity coverage</h3>",
            _coverage_heatmap(compared["coverage"], summary),
            _html_table(summary.drop(columns="entity_key").head(TOP_ROWS)),  # the key repeats the canonical name
            "<h3>Source mix</h3>",
            _source_mix_bars(compared["source_mix"]),
            "<h3>Most quoted speakers</h3>",
            _html_table(compared["speakers"].head(TOP_ROWS)),
            f"<h3>Quote matches ({len(matches):,})</h3>",
            _html_table(matches.head(TOP_ROWS), links={"article_a": "doc_id_a", "article_b": "doc_id_b"}),
        ]
    )


def _with_articles(frame: pd.DataFrame, documents: pd.DataFrame, sides: tuple[str, ...]) -> pd.DataFrame:
    """`frame` with an `article_<side>` column (outlet · title) beside each `doc_id_<side>`."""
    names = {doc.doc_id: _article_name(doc.outlet, doc.title, doc.doc_id) for doc in documents.itertuples()}
    return frame.assign(**{f"article_{side}": frame[f"doc_id_{side}"].map(lambda doc_id: names.get(doc_id, doc_id)) for side in sides})


def _article_name(outlet, title, doc_id: str) -> str:
    """How the report names an article: its outlet and title, the doc_id where both are missing."""
    named = [str(value) for value in (outlet, title) if not _missing(value) and str(value)]
    return " · ".join(named) or str(doc_id)


def _html_table(frame: pd.DataFrame, links: dict[str, str] | None = None) -> str:
    """The frame as an HTML table; each column in `links` links to the article page of the doc_id
    in the column it names, and those doc_id columns are not shown."""
    if frame.empty:
        return "<p><em>none</em></p>"
    links = links or {}
    anchors = {column: frame[doc_column].astype(str).map(_anchor).tolist() for column, doc_column in links.items()}
    frame = frame.drop(columns=list(links.values()))
    # A header breaks at its underscores, never inside a word.
    head = "".join(f"<th>{escape(str(column)).replace('_', '_<wbr>')}</th>" for column in frame.columns)
    rows = []
    for number, record in enumerate(frame.itertuples(index=False)):
        cells = []
        for column, value in zip(frame.columns, record):
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            text = "" if _missing(value) else (f"{value:,.4g}" if isinstance(value, float) else str(value))
            text = f'<a href="#{anchors[column][number]}">{escape(text)}</a>' if column in anchors else _folded(text)
            cells.append(f'<td class="n">{text}</td>' if numeric else f"<td>{text}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _folded(text: str) -> str:
    """A cell's text, escaped; a long one folded: its start shown, the rest a click away."""
    if len(text) <= FOLD_CHARS:
        return escape(text)
    return f"<details><summary>{escape(text[: FOLD_CHARS // 2])}…</summary>{escape(text)}</details>"


def _missing(value) -> bool:
    return pd.api.types.is_scalar(value) and pd.isna(value)


def _anchor(doc_id: str) -> str:
    return "doc-" + "".join(char if char.isalnum() else "-" for char in doc_id)


def _coverage_heatmap(coverage: pd.DataFrame, summary: pd.DataFrame) -> str:
    """Documents mentioning each of the most widely covered entities, in each of the largest groups."""
    if coverage.empty:
        return "<p><em>no entities</em></p>"
    entities = summary.sort_values(["n_outlets", "n_docs"], ascending=False)["entity_key"].head(HEATMAP_ENTITIES).tolist()
    groups = coverage.groupby("group")["n_docs"].sum().sort_values(ascending=False).index[:HEATMAP_GROUPS].tolist()
    grid = coverage.pivot_table(index="entity_key", columns="group", values="n_docs", fill_value=0).reindex(index=entities, columns=groups, fill_value=0)
    names = summary.set_index("entity_key")["canonical"]
    cell, left, top = 22, 170, 120
    peak = max(int(grid.to_numpy().max()), 1)
    parts = []
    for column, group in enumerate(groups):
        x = left + column * cell + cell / 2
        parts.append(f'<text transform="translate({x},{top - 6}) rotate(-50)">{escape(_short(group, 22))}</text>')
    for row, key in enumerate(entities):
        y = top + row * cell
        parts.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(_short(str(names.get(key, key)), 26))}</text>')
        for column, group in enumerate(groups):
            count = int(grid.loc[key, group])
            colour = _coverage_colour(count, peak)
            parts.append(
                f'<rect x="{left + column * cell}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{colour}"><title>{escape(str(key))} · {escape(group)}: {count} documents</title></rect>'
            )
    scale_y = top + len(entities) * cell + 12
    parts.append(f'<text x="{left - 6}" y="{scale_y + 12}" text-anchor="end">documents</text>')
    for step, count in enumerate(sorted({0, max(peak // 2, 1), peak})):
        x = left + step * 2 * cell
        parts.append(f'<rect x="{x}" y="{scale_y}" width="{cell - 1}" height="{cell - 1}" fill="{_coverage_colour(count, peak)}" stroke="#ccc"/><text x="{x + cell + 2}" y="{scale_y + 15}">{count}</text>')
    width, height = max(left + len(groups) * cell, left + 6 * cell) + 10, scale_y + cell + 10
    return _svg(width, height, parts, "Documents mentioning each entity, by group")


def _coverage_colour(count: int, peak: int) -> str:
    shade = 1 - 0.85 * count / peak
    return f"rgb({int(255 * shade)},{int(255 * shade)},255)"


def _source_mix_bars(source_mix: pd.DataFrame) -> str:
    """A stacked bar per group: its quotes' shares by speaker type."""
    if source_mix.empty:
        return "<p><em>no quotes</em></p>"
    totals = source_mix.groupby("group")["n_quotes"].sum().sort_values(ascending=False).head(MIX_GROUPS)
    left, bar, width = 170, 18, 400
    parts = []
    for row, group in enumerate(totals.index):
        y, x = 40 + row * (bar + 4), left
        parts.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{escape(_short(str(group), 26))} ({totals[group]})</text>')
        for share in source_mix[source_mix["group"] == group].itertuples():
            span = share.share * width
            colour = TYPE_COLOURS.get(share.speaker_type, "#999")
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{span:.1f}" height="{bar}" fill="{colour}"><title>{escape(share.speaker_type)}: {share.share:.0%}</title></rect>')
            x += span
    # The legend in two rows of three, so each name has room within the bars' width.
    for position, (speaker_type, colour) in enumerate(TYPE_COLOURS.items()):
        x, y = left + (position % 3) * (width // 3), 4 + (position // 3) * 16
        parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}"/><text x="{x + 14}" y="{y + 9}">{speaker_type}</text>')
    return _svg(left + width + 20, 46 + len(totals) * (bar + 4), parts, "Share of quotes by speaker type")


def _claim_spreads(groups: pd.DataFrame) -> str:
    """A line per claim group from its smallest to its largest value, as a share of the largest; conflicts red, differences orange."""
    if groups.empty:
        return "<p><em>no claim groups</em></p>"
    shown = groups.head(SPREAD_GROUPS)
    left, width, step = 260, 400, 16
    parts = [f'<line x1="{left}" y1="10" x2="{left}" y2="{20 + len(shown) * step}" stroke="#ccc"/>']
    for row, group in enumerate(shown.itertuples()):
        y = 22 + row * step
        colour = {"conflict": "#c00", "differ": "#e90"}.get(group.status, "#2a7")
        start = left + (group.min / group.max if group.max else 1) * width
        label = f"{group.quantity if isinstance(group.quantity, str) else ''} ({group.unit})"
        parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{escape(_short(label, 40))}</text>')
        parts.append(
            f'<line x1="{start:.1f}" y1="{y}" x2="{left + width}" y2="{y}" stroke="{colour}" stroke-width="4"><title>{group.min:,.10g} to {group.max:,.10g}: {group.status}</title></line>'
        )
    parts.append(f'<text x="{left}" y="{34 + len(shown) * step}">0</text><text x="{left + width}" y="{34 + len(shown) * step}" text-anchor="end">largest value</text>')
    return _svg(left + width + 20, 44 + len(shown) * step, parts, "Claim groups: smallest value as a share of the largest (red: conflict, orange: differ)")


def _svg(width: float, height: float, parts: list[str], title: str) -> str:
    return f'<figure><svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(title)}">{"".join(parts)}</svg><figcaption>{escape(title)}</figcaption></figure>'


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _claim_disagreements(groups: pd.DataFrame, claims: pd.DataFrame, status: str, title: str) -> str:
    """A table of the groups with `status`: each group's reason, then its members' outlets and sentences side by side."""
    chosen = groups[groups["status"] == status]
    if chosen.empty:
        return f"<p>No claim groups with status {status}.</p>"
    by_id = claims.set_index("claim_id")
    rows = []
    for group in chosen.itertuples():
        members = [by_id.loc[claim_id] for claim_id in _ids(group.claim_ids) if claim_id in by_id.index]
        cells = "".join(
            f'<td><a href="#{_anchor(str(m["doc_id"]))}"><b>{escape(_article_name(m.get("outlet"), m.get("title"), m["doc_id"]))}</b></a>: '
            f"<mark>{escape(str(m['text']))}</mark><br>{escape(str(m['sentence_text']))}</td>"
            for m in members
        )
        rows.append(f"<tr><td>{group.claim_group}</td><td>{escape(str(group.reason))}</td>{cells}</tr>")
    return f'<h4 class="{status}">{escape(title)} ({len(chosen):,})</h4><table><tr><th>group</th><th>reason</th><th colspan="9">each outlet\'s claim and sentence</th></tr>{"".join(rows)}</table>'


def _ids(value) -> list[str]:
    """claim_ids as read back: a list from Parquet or JSONL, its JSON-like text from CSV."""
    if isinstance(value, str):
        return json.loads(value.replace("'", '"'))
    return list(value)


def _articles_section(documents: pd.DataFrame, tables: dict[str, pd.DataFrame], texts: dict[str, str]) -> str:
    ok = documents[documents["status"] == "ok"].sort_values(["outlet", "published"], na_position="last")
    rows = {name: dict(tuple(frame.groupby("doc_id"))) for name, frame in tables.items()}
    index = "".join(f'<li><a href="#{_anchor(doc.doc_id)}">{escape(_article_name(None, doc.title, doc.doc_id))}</a>{"" if _missing(doc.outlet) else " · " + escape(str(doc.outlet))}</li>' for doc in ok.itertuples())
    pages = [_article_page(doc, texts.get(doc.doc_id), *(rows[name].get(doc.doc_id, tables[name].iloc[:0]) for name in ("entities", "quotes", "claims"))) for doc in ok.itertuples()]
    pages_html, css = _styles_as_classes("".join(pages))
    return f'<style>{css}</style><h2 id="articles">Articles</h2><p>Choose an article to show it below.</p><ol>{index}</ol>{pages_html}'


INLINE_STYLE = re.compile(r'(<[a-z]+)((?: class="[^"]*")?) style="([^"]*)"')


def _styles_as_classes(html: str) -> tuple[str, str]:
    """displaCy writes the same long style attribute on every mark; one class per distinct style
    cut the news_cluster report from 12 MB to 5.5 MB. Returns the markup and the CSS of the classes."""
    classes: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        name = classes.setdefault(match.group(3), f"s{len(classes)}")
        existing = match.group(2)[len(' class="') : -1] if match.group(2) else ""
        return f'{match.group(1)} class="{(existing + " " + name).strip()}"'

    html = INLINE_STYLE.sub(replace, html)
    return html, "".join(f".{name}{{{style}}}" for style, name in classes.items())


def _article_page(doc, text: str | None, entities: pd.DataFrame, quotes: pd.DataFrame, claims: pd.DataFrame) -> str:
    body = "<p><em>No text stored for this article; run `presslens analyze` again.</em></p>" if text is None else _highlighted(text, entities, quotes, claims)
    meta = " · ".join(escape(str(value)) for value in (doc.outlet, doc.published) if not _missing(value))
    if not _missing(doc.url):
        meta += " · " + _link(str(doc.url))
    quote_rows = quotes[["speaker", "speaker_canonical", "speaker_type", "cue", "kind", "text"]]
    claim_rows = claims[["text", "value", "qualifier", "unit", "quantity", "time", "source"]]
    return (
        f'<section class="article" id="{_anchor(doc.doc_id)}"><p class="back"><a href="#articles">↑ all articles</a></p>'
        f"<h3>{escape(_article_name(None, doc.title, doc.doc_id))}</h3><p>{meta}</p>{LEGEND}"
        f"<div>{body}</div><h4>Quotes</h4>{_html_table(quote_rows)}<h4>Claims</h4>{_html_table(claim_rows)}</section>"
    )


def _link(url: str) -> str:
    """The URL as a link when it is a web address (a javascript: or file: URL stays text)."""
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{escape(url, quote=True)}" rel="noreferrer">{escape(url)}</a>'
    return escape(url)


def _highlighted(text: str, entities: pd.DataFrame, quotes: pd.DataFrame, claims: pd.DataFrame) -> str:
    """displaCy's entity markup of the text (claims over the entities they overlap), quotes underlined around it."""
    marks = [(int(row.start), int(row.end), "CLAIM") for row in claims.itertuples()]
    marks += [(int(row.start), int(row.end), str(row.label)) for row in entities.itertuples() if not any(s < row.end and row.start < e for s, e, _ in marks)]
    marks.sort()
    quote_spans = _merged((int(row.start), int(row.end)) for row in quotes.itertuples())
    pieces, position = [], 0
    for start, end in quote_spans:
        pieces.append(_displacy(text, position, start, marks))
        pieces.append(f'<div class="quote">{_displacy(text, start, end, marks)}</div>')
        position = end
    pieces.append(_displacy(text, position, len(text), marks))
    return "".join(pieces)


def _merged(spans) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _displacy(text: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> str:
    """displaCy's markup of text[start:end] with the marks that lie wholly inside it."""
    ents = [{"start": s - start, "end": e - start, "label": label} for s, e, label in marks if start <= s and e <= end]
    return displacy.render({"text": text[start:end], "ents": ents}, style="ent", manual=True, options={"colors": DISPLACY_COLOURS})
