"""Descriptions: Markdown rendered, attacks removed, headings below the page's own."""

from ponmetro.markdown_text import render

ATTACKS = """\
Testo **vero**.

<script>window.x=1</script>

<img src=x onerror="window.x=2">

<p style="color:red" onclick="x()">stile</p>

[js](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://example.org/a)
<a href="JaVaScRiPt:alert(1)">maiuscole</a>

# Titolo
"""


def test_attacks_do_not_survive():
    html = str(render(ATTACKS))
    lowered = html.lower()
    for bad in ("<script", "onerror", "onclick", "style=", "javascript:", "data:", "<img", "<h1", "<h2"):
        assert bad not in lowered, bad
    assert "<strong>vero</strong>" in html
    assert '<a href="https://example.org/a" rel="nofollow noopener noreferrer">ok</a>' in html
    assert "<h3>Titolo</h3>" in html


def test_lists_tables_and_empty():
    html = str(render("- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n"))
    assert "<ul>" in html and "<li>a</li>" in html and "<table" in html
    # in a region of its own that scrolls sideways on a phone, as the site's tables do
    assert ('<div class="tabella-scorre" tabindex="0" role="region" aria-label="Tabella della descrizione">'
            '<table class="tabella">') in html and html.count("</table></div>") == 1
    written = str(render("Si scrive `<table>` oppure <table>."))
    assert "tabella-scorre" not in written and "&lt;table&gt;" in written
    assert str(render(None)) == "" and str(render("")) == ""


def test_headings_shift_two_levels_and_stop_at_h6():
    html = str(render("# a\n\n## b\n\n##### e\n\n###### f"))
    assert "<h3>a</h3>" in html and "<h4>b</h4>" in html and html.count("<h6>") == 2
