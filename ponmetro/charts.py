"""Chart specifications for Plotly, built as plain data.

Building a `plotly.graph_objects` figure costs several milliseconds per chart, so
the build never does: a chart is a dict in Plotly's JSON format (checked against
plotly's own validators in the tests), put in the page as JSON and drawn by one
static script. Amounts go in as exact decimal strings (Plotly reads numeric
strings on a linear axis), and every label is preformatted in Italian by
`formatting`, so a bar and its row in the data table say exactly the same thing.
Each chart carries its data table, shown without JavaScript.
"""

from __future__ import annotations

import orjson
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Any

from . import formatting
from .aggregate import Totals
from .model import AMOUNT_FIELDS, Importi

AMOUNT_LABELS = {
    "programmato": "Programmato",
    "ammesso_a_finanziamento": "Ammesso a finanziamento",
    "giuridicamente_vincolante": "Giuridicamente vincolante",
    "erogato": "Erogato",
}
# Bootstrap Italia's blue, then its dark orange for a second series (erogato):
# two blues (1.5:1 to each other) were told apart by shade alone, and on a phone,
# where the amounts beside the bars are left out, by nothing else. Blue against
# orange holds in every common colour-vision deficiency; each passes 3:1 against
# white, and white text on either passes 4.5:1.
COLORS = ["#0066CC", "#A66300", "#003366", "#5C6F82"]
PROGRESS_TITLE = "Dal programmato all'erogato"
# An empty plot with an axis from 0 to 5 € said nothing: the table and this note say it.
NOTHING_TO_DRAW = "Il grafico non è disegnato: nessuno di questi interventi riporta il programmato o l'erogato."
FONT = {"family": "Titillium Web, Geneva, Tahoma, sans-serif", "size": 14, "color": "#1A1A1A"}


@dataclass(frozen=True)
class Cell:
    """A table cell; `kind` tells the template how to format `value`."""

    value: Any
    kind: str = "testo"  # testo | eur | percentuale | numero
    href: str | None = None
    # A sum over only some of the group's records: (how many gave the amount, how many there are).
    of: tuple[int, int] | None = None


# The embed code's iframe height (Chart.embed_height) is written before any browser
# lays the embed page out, so it is estimated, for a phone 360 px wide (the
# narrowest in common use), from the texts that wrap there, as measured in
# Chromium: the page's title (about 27 characters a line) and the caption with
# its notes (about 42), 25 px a line; the toolbar, the folded table, the credit
# and the margins take 179 px, plus 16 to spare. A fixed 360 px under the chart
# cut off the credit of a project with a long title on a phone (by 217 px).
EMBED_FIXED = 195
EMBED_LINE = 25
EMBED_TITLE_CHARS = 27
EMBED_CAPTION_CHARS = 42


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str
    spec: dict
    header: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    heading: str = ""  # the title its embed page shows above it: its page's

    @property
    def drawable(self) -> bool:
        """Whether there is a bar to draw (groups none of which reports an amount have none)."""
        return bool(self.spec["data"])

    @property
    def embed_height(self) -> int:
        """The height, in pixels, of the iframe its embed code suggests: enough for
        the title, the chart, the source and the credit on a 360 px phone (wider
        screens wrap less and keep some room to spare)."""
        caption = len(self.caption) + sum(len(note) + 1 for note in self.notes)
        return (self.spec["layout"]["height"] + EMBED_FIXED
                + EMBED_LINE * (_lines(len(self.heading), EMBED_TITLE_CHARS) + _lines(caption, EMBED_CAPTION_CHARS)))

    @cached_property
    def spec_json(self) -> str:
        # Each chart is written twice (its page and its embed page): serialise once.
        return json_for_script(self.spec)


def _lines(chars: int, per_line: int) -> int:
    return max(1, -(-chars // per_line))


def json_for_script(data: Any) -> str:
    """JSON safe inside `<script type="application/json">`: no `</script>`, no `<!--`."""
    # orjson: the standard library's encoder was 3% of a whole build at 10,000 records.
    text = orjson.dumps(data, default=_default).decode()
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _layout(n_bars: int, *, legend: bool = False, title: str = "") -> dict:
    return {
        "separators": ",.",
        "font": FONT,
        "height": max(220, 70 + 46 * n_bars),
        "margin": {"l": 10, "r": 20, "t": 10, "b": 40},
        "xaxis": {"type": "linear", "rangemode": "tozero", "automargin": True,
                  "tickformat": ",.0f", "ticksuffix": " €", "fixedrange": True},
        "yaxis": {"type": "category", "automargin": True, "autorange": "reversed", "fixedrange": True},
        "barmode": "group",
        "showlegend": legend,
        "legend": {"orientation": "h", "y": -0.2},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "hoverlabel": {"font": {"family": FONT["family"]}},
    }


def _bar(name: str, labels: list[str], values: list[Decimal | None], texts: list[str], color: str) -> dict:
    present = [(label, value, text) for label, value, text in zip(labels, values, texts) if value is not None]
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": [p[0] for p in present],
        "x": [format(p[1], "f") for p in present],
        "text": [p[2] for p in present],
        "customdata": [p[2] for p in present],
        "textposition": "auto",
        "hovertemplate": "%{y}: %{customdata}<extra>" + name + "</extra>",
        "marker": {"color": color},
    }


def progress_chart(chart_id: str, importi: Importi, caption: str, heading: str = "") -> Chart | None:
    """The financial progress of one project: programmato -> ... -> erogato."""
    if importi.is_empty():
        return None
    base = importi.programmato
    labels, values, texts, rows = [], [], [], []
    for name in AMOUNT_FIELDS:
        value = getattr(importi, name)
        share = value / base if value is not None and base else None
        label = AMOUNT_LABELS[name]
        text = formatting.eur(value)
        if share is not None and name != "programmato":
            text += f" ({formatting.percent(share)})"
        labels.append(label)
        values.append(value)
        texts.append(text)
        rows.append([Cell(label), Cell(value, "eur"), Cell(share if name != "programmato" else None, "percentuale")])
    spec = {"data": [_bar("Importo", labels, values, texts, COLORS[0])], "layout": _layout(len(labels))}
    return Chart(
        id=chart_id,
        title=PROGRESS_TITLE,
        caption=caption,
        spec=spec,
        header=["Voce", "Importo", "% del programmato"],
        rows=rows,
        notes=["Un importo non disponibile (n.d.) non è zero: la fonte non lo riporta."],
        heading=heading,
    )


def totals_chart(
    chart_id: str,
    title: str,
    caption: str,
    groups: list[tuple[str, str | None, Totals]],
    group_header: str,
    heading: str = "",
) -> Chart | None:
    """Programmato and erogato per group (cities of an axis, axes of a city, ...)."""
    groups = [g for g in groups if g[2].count]
    if not groups:
        return None
    labels = [label for label, _, _ in groups]
    data = []
    for index, name in enumerate(("programmato", "erogato")):
        values = [totals.get(name) for _, _, totals in groups]
        # A bar of 0,00 € over 1 record of 4 read as nothing spent: the bar says of how many.
        texts = [formatting.eur(v) + _partial_text(totals, name) for v, (_, _, totals) in zip(values, groups)]
        if any(v is not None for v in values):
            data.append(_bar(AMOUNT_LABELS[name], labels, values, texts, COLORS[index]))
    rows = [
        [
            Cell(label, href=href),
            Cell(totals.count, "numero"),
            Cell(totals.get("programmato"), "eur", of=_partial(totals, "programmato")),
            Cell(totals.get("erogato"), "eur", of=_partial(totals, "erogato")),
            Cell(totals.share_of_programmato("erogato"), "percentuale"),
        ]
        for label, href, totals in groups
    ]
    spec = {"data": data, "layout": _layout(len(labels) * max(1, len(data)), legend=len(data) > 1)}
    return Chart(
        id=chart_id,
        title=title,
        caption=caption,
        spec=spec,
        header=[group_header, "Interventi", "Programmato", "Erogato", "% erogato"],
        rows=rows,
        notes=["Le somme comprendono solo gli interventi che riportano l'importo (tra parentesi quanti, quando "
               "non sono tutti); la % erogato, solo quelli che riportano sia il programmato sia l'erogato."]
        + ([] if data else [NOTHING_TO_DRAW]),
        heading=heading,
    )


def _partial(totals: Totals, name: str) -> tuple[int, int] | None:
    return (totals.known[name], totals.count) if totals.is_partial(name) else None


def _partial_text(totals: Totals, name: str) -> str:
    of = _partial(totals, name)
    return f" ({of[0]} su {of[1]})" if of else ""
