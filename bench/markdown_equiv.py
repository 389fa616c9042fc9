"""The same records as Markdown pages, for plain Pelican and for Hugo.

The baselines of the benchmark are the two usual ways to publish these records:
one Markdown file per intervention, rendered by Pelican's default theme or by
Hugo with a minimal layout. Each page carries every field of the YAML record, with
the same text: the short fields in the front matter and again, visibly, in the
body (a list of the data and a table of the amounts), the long ones (description,
objectives, actions, sources, notes) as Markdown sections. List pages: every
project (paginated), one page per city and per axis.

    python -m bench.markdown_equiv --data bench/out/data-n1000-s1 \
        --pelican bench/out/pelican-n1000-s1 --hugo bench/out/hugo-n1000-s1

Hugo and this Markdown live only in bench/: the site itself never uses them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

# Every value stays the text written in the file (like ponmetro.strict_yaml);
# libyaml's C loader, because the baseline should not be slowed by the reader.
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
PAGE_SIZE = 50  # list pages, the same in Pelican and Hugo

SCALAR_FIELDS = [  # (key, label shown on the page)
    ("codice", "Codice progetto"), ("citta", "Città"), ("asse", "Asse"), ("priorita", "Priorità"),
    ("azione", "Azione"), ("ambito", "Ambito"), ("soggetto_attuatore", "Soggetto attuatore"),
    ("cup", "CUP"), ("rup", "R.U.P."), ("data_inizio", "Data di inizio"), ("data_fine", "Data di fine"),
    ("stato", "Stato"), ("aggiornato_il", "Aggiornato il"),
]
AMOUNT_LABELS = [
    ("programmato", "Importo programmato"), ("ammesso_a_finanziamento", "Importo ammesso a finanziamento"),
    ("giuridicamente_vincolante", "Importo giuridicamente vincolante"), ("erogato", "Importo erogato"),
]
TEXT_SECTIONS = [
    ("descrizione", "Descrizione"), ("destinatari", "Destinatari"),
    ("obiettivo_generale", "Obiettivo generale"), ("pilastro_sociale", "Pilastro europeo dei diritti sociali"),
]


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    city: str
    axis_label: str
    date: str  # ISO day, for the tools that sort by date
    fields: dict  # every field of the record, as written
    body: str  # Markdown


def read_records(data_dir: Path):
    """(slug, record) for every record of a data folder, values as written."""
    for path in sorted((data_dir / "interventi").glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            yield path.stem, yaml.load(handle, Loader=_LOADER)


def axis_names(data_dir: Path) -> dict[str, str]:
    with open(data_dir / "assi.yaml", encoding="utf-8") as handle:
        axes = yaml.load(handle, Loader=_LOADER)["assi"]
    return {axis["numero"]: axis["nome"] for axis in axes}


def _iso_day(text: str) -> str:
    # aggiornato_il is always a day: 22-11-2026 or 2026-11-22.
    parts = text.replace("/", "-").split("-")
    return text if len(parts[0]) == 4 else f"{parts[2]}-{parts[1]}-{parts[0]}"


def make_page(slug: str, record: dict, axes: dict[str, str]) -> Page:
    title = record.get("titolo") or f"Intervento {record['codice']}"
    axis = record["asse"]
    lines = ["## Dati dell'intervento", ""]
    for key, label in SCALAR_FIELDS:
        value = record.get(key)
        if key == "asse":
            value = f"{axis} - {axes.get(axis, '')}"
        if value:
            lines.append(f"- **{label}:** {value}")
    amounts = record.get("importi") or {}
    lines += ["", "## Avanzamento finanziario", ""]
    if amounts:
        lines += ["| Voce | Importo |", "|---|---|"]
        lines += [f"| {label} | {amounts[key]} |" for key, label in AMOUNT_LABELS if amounts.get(key)]
    else:
        lines.append("Le fonti non riportano gli importi.")
    for key, label in TEXT_SECTIONS:
        if record.get(key):
            lines += ["", f"## {label}", "", record[key].strip()]
    if record.get("azioni"):
        lines += ["", "## Azioni", ""] + [f"- {item}" for item in record["azioni"]]
    if record.get("documenti"):
        lines += ["", "## Documenti", ""] + [f"- [{d['titolo']}]({d['url']})" for d in record["documenti"]]
    lines += ["", "## Fonti", ""]
    for source in record["fonti"]:
        name = f"[{source['titolo']}]({source['url']})" if source.get("url") else source["titolo"]
        lines.append(f"- {name} (consultata il {source['consultata_il']})")
    if record.get("note"):
        lines += ["", "## Note", ""] + [f"- {note}" for note in record["note"]]
    return Page(slug, title, record["citta"], f"Asse {axis}", _iso_day(record["aggiornato_il"]),
                record, "\n".join(lines) + "\n")


def _fresh(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


# --- Pelican --------------------------------------------------------------------------

PELICANCONF = '''"""Plain Pelican on the synthetic records: the baseline of bench/run.py."""
AUTHOR = "PON Metro Aperto (benchmark)"
SITENAME = "PON Metro 2014-2020 (benchmark Pelican)"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "it"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"
# The same addresses as the site: progetti/<slug>/, citta/<slug>/, assi/<slug>/.
ARTICLE_URL = "progetti/{slug}/"
ARTICLE_SAVE_AS = "progetti/{slug}/index.html"
CATEGORY_URL = "citta/{slug}/"
CATEGORY_SAVE_AS = "citta/{slug}/index.html"
CATEGORIES_SAVE_AS = "citta/index.html"
TAG_URL = "assi/{slug}/"
TAG_SAVE_AS = "assi/{slug}/index.html"
TAGS_SAVE_AS = "assi/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DEFAULT_PAGINATION = @PAGE_SIZE@
# Cold builds: no content cache, no feeds (Hugo's RSS is off too).
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DELETE_OUTPUT_DIRECTORY = True
'''


def _pelican_meta(value: str) -> str:
    # Markdown's meta extension reads one line per key.
    return " ".join(str(value).split())


def write_pelican(pages: list[Page], out: Path) -> Path:
    _fresh(out)
    content = out / "content"
    content.mkdir()
    (out / "pelicanconf.py").write_text(PELICANCONF.replace("@PAGE_SIZE@", str(PAGE_SIZE)), encoding="utf-8")
    for page in pages:
        head = [f"Title: {_pelican_meta(page.title)}", f"Date: {page.date}", f"Slug: {page.slug}",
                f"Category: {page.city}", f"Tags: {page.axis_label}"]
        for key, _ in SCALAR_FIELDS:
            if page.fields.get(key) and key not in ("citta",):
                head.append(f"{key.replace('_', '')}: {_pelican_meta(page.fields[key])}")
        (content / f"{page.slug}.md").write_text("\n".join(head) + "\n\n" + page.body, encoding="utf-8")
    return out


# --- Hugo ---------------------------------------------------------------------------

HUGO_TOML = '''# Hugo on the synthetic records: the baseline of bench/run.py (Debian hugo 0.111).
baseURL = "/"
languageCode = "it"
title = "PON Metro 2014-2020 (benchmark Hugo)"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
paginate = @PAGE_SIZE@
relativeURLs = true

[taxonomies]
citta = "citta"
asse = "assi"
'''

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "css/sito.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "progetti/" | relURL }}">Progetti</a> <a href="{{ "citta/" | relURL }}">Città</a> <a href="{{ "assi/" | relURL }}">Assi</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ range .GetTerms "citta" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ range .GetTerms "assi" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.codice }} ({{ . }}){{ end }}</li>
{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ len (where site.RegularPages "Section" "progetti") }} interventi.</p>
<ul>
{{ range site.Taxonomies.citta.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
}
HUGO_CSS = "body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}table{border-collapse:collapse}\n"


def write_hugo(pages: list[Page], out: Path) -> Path:
    _fresh(out)
    (out / "hugo.toml").write_text(HUGO_TOML.replace("@PAGE_SIZE@", str(PAGE_SIZE)), encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = out / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "static" / "css").mkdir(parents=True)
    (out / "static" / "css" / "sito.css").write_text(HUGO_CSS, encoding="utf-8")
    content = out / "content" / "progetti"
    content.mkdir(parents=True)
    (content / "_index.md").write_text('---\ntitle: "Tutti i progetti"\n---\n', encoding="utf-8")
    for page in pages:
        front = {"title": page.title, "date": page.date, "slug": page.slug,
                 "citta": [page.city], "assi": [page.axis_label]}
        for key, _ in SCALAR_FIELDS:
            if page.fields.get(key) and key != "citta":
                front[key] = page.fields[key]
        if page.fields.get("importi"):
            front["importi"] = page.fields["importi"]
        # JSON strings are valid YAML flow scalars, and much faster to write than yaml.dump.
        head = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items())
        (content / f"{page.slug}.md").write_text(f"---\n{head}\n---\n\n{page.body}", encoding="utf-8")
    return out


def write_all(data_dir: Path, pelican_dir: Path | None, hugo_dir: Path | None) -> int:
    axes = axis_names(data_dir)
    pages = [make_page(slug, record, axes) for slug, record in read_records(data_dir)]
    if pelican_dir:
        write_pelican(pages, pelican_dir)
    if hugo_dir:
        write_hugo(pages, hugo_dir)
    return len(pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.markdown_equiv",
                                     description="Le schede come pagine Markdown per Pelican e Hugo")
    parser.add_argument("--data", type=Path, required=True, help="cartella dei dati (es. sintetici)")
    parser.add_argument("--pelican", type=Path, help="cartella del sito Pelican da creare")
    parser.add_argument("--hugo", type=Path, help="cartella del sito Hugo da creare")
    args = parser.parse_args(argv)
    if not (args.pelican or args.hugo):
        parser.error("indicare --pelican, --hugo o entrambi")
    n = write_all(args.data, args.pelican, args.hugo)
    print(f"{n} pagine Markdown scritte" + "".join(f" in {p}" for p in (args.pelican, args.hugo) if p))
    return 0


if __name__ == "__main__":
    sys.exit(main())
