"""`presslens report`: one self-contained HTML file; where Chromium is installed, it renders without console errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_compare import _write_news_please
from typer.testing import CliRunner

from cli import app
from nlp.comparison.compare import compare, write_compare_tables
from nlp.comparison.embed import Embedder
from nlp.run.runner import RunOptions, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Collects script errors and console.error calls into the DOM, which --dump-dom then shows.
ERROR_HOOK = (
    "<script>function presslensError(m){document.documentElement.setAttribute('data-errors',"
    "(document.documentElement.getAttribute('data-errors')||'')+String(m)+'|')}"
    "window.addEventListener('error',function(e){presslensError(e.message||'resource failed')},true);"
    "var presslensConsoleError=console.error;console.error=function(){presslensError([].join.call(arguments,' '));presslensConsoleError.apply(console,arguments)};</script>"
)
RENDERED_MARK = (
    "<script>document.documentElement.setAttribute('data-rendered',document.querySelectorAll('svg,section.article').length);"
    "document.documentElement.setAttribute('data-overflow',document.documentElement.scrollWidth>window.innerWidth)</script>"
)


@pytest.fixture(scope="module")
def reported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    out = folder / "out"
    run([_write_news_please(folder / "articles")], RunOptions(out=out, workers=1))
    write_compare_tables(compare(out, "outlet", Embedder(threads=1)), out)
    result = CliRunner().invoke(app, ["report", str(out)])
    assert result.exit_code == 0, result.output
    return out / "report.html"


def test_report_is_one_self_contained_file(reported):
    html = reported.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src=|<link[^>]*href=)["']?(https?:)?//""", html)  # nothing fetched from elsewhere (links to articles are fine)
    assert html.count("<svg") == 3  # coverage heatmap, source mix, claim spreads


def test_report_has_the_overview_tables_and_a_page_per_article(reported):
    html = reported.read_text(encoding="utf-8")
    for heading in ("Overview", "Entity coverage", "Source mix", "Quote matches", "Claim groups", "Conflicts", "Articles"):
        assert heading in html
    assert html.count('<section class="article"') == 4
    assert 'id="doc-a1-json"' in html and 'href="#doc-a1-json"' in html


def test_article_pages_highlight_entities_claims_and_quotes_with_displacy(reported):
    html = reported.read_text(encoding="utf-8")
    page = html[html.index('id="doc-a2-json"') :]
    page = page[: page.index("</section>")]
    assert re.search(r'<mark class="entity[ "][^>]*>\s*Angela Merkel', page)
    assert re.search(r'<mark class="entity[ "][^>]*>\s*97,000\s*<span[^>]*>CLAIM', page)
    assert re.search(r'<div class="quote">.*We will not accept any new tariffs', page, re.S)


def test_report_without_compare_tables_is_one_error_line(tmp_path, write_articles):
    run([write_articles(tmp_path / "articles", {"a.txt": "Rain in Hamburg.\n\nHeavy rain fell in Hamburg."})], RunOptions(out=tmp_path / "out", workers=1))
    result = CliRunner().invoke(app, ["report", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "run `presslens compare" in result.output


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium); the browser check is skipped")
def test_report_renders_in_headless_chromium_without_console_errors(reported, tmp_path):
    html = reported.read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("<head>", "<head>" + ERROR_HOOK, 1).replace("</body>", RENDERED_MARK + "</body>", 1), encoding="utf-8")
    command = [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", "--window-size=800,1000", "--enable-logging=stderr", "--v=0", "--dump-dom", probe.as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    dom = result.stdout
    assert 'data-rendered="7"' in dom, result.stderr[-2000:]  # 3 plots + 4 article pages
    assert 'data-overflow="false"' in dom  # nothing wider than an 800 px window
    errors = re.search(r'<html[^>]*data-errors="([^"]*)"', dom)
    assert errors is None, errors.group(1)
    assert "Uncaught" not in result.stderr


def test_displacy_styles_become_classes():
    from nlp.render.report import _styles_as_classes

    html, css = _styles_as_classes('<mark class="entity" style="background: #ddd">A</mark><span style="font-size: 0.8em">B</span><mark style="background: #ddd">C</mark>')
    assert html == '<mark class="entity s0">A</mark><span class="s1">B</span><mark class="s0">C</mark>'
    assert css == ".s0{background: #ddd}.s1{font-size: 0.8em}"


def test_article_pages_link_back_show_a_legend_and_link_their_url(reported):
    html = reported.read_text(encoding="utf-8")
    assert 'id="articles"' in html
    page = html[html.index('id="doc-a2-json"') :]
    page = page[: page.index("</section>")]
    assert 'href="#articles"' in page
    assert 'class="legend"' in page and ">CLAIM<" in page and ">PERSON<" in page
    if "http" in page:
        assert re.search(r'<a href="https?://[^"]+" rel="noreferrer">', page)


def test_long_cells_are_folded():
    import pandas as pd

    from nlp.render.report import FOLD_CHARS, _html_table

    html = _html_table(pd.DataFrame({"text": ["short", "x" * (FOLD_CHARS + 1)]}))
    assert html.count("<details>") == 1 and "<td>short</td>" in html


def test_cross_article_tables_name_articles_by_outlet_and_title_and_show_conflicts_first(reported):
    html = reported.read_text(encoding="utf-8")
    across = html[html.index("Across articles") : html.index('id="articles"')]
    assert across.index("Claim groups") < across.index("Entity coverage")
    assert "<th>doc_<wbr>id_<wbr>a</th>" not in across
    if "Conflicts:" in across:
        conflicts = across[across.index("Conflicts:") :]
        assert re.search(r'<a href="#doc-a\d-json"><b>[^<]+ · [^<]+</b></a>', conflicts[: conflicts.index("</table>")])
    assert "nan" not in re.sub(r"<[^>]+>", " ", across).split()
