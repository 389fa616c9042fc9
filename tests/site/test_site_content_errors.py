"""A news item or page of content/ that Pelican cannot read, or that lacks what the
site needs, stops the build with its line and reason (Pelican alone skipped it
and published the site without it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_helpers import ROOT

NEWS = "notizie/2019-12-13-quartieri-connessi.md"


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


def edit(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode(encoding, errors="replace"))


def build_with(content: Path, tmp_path: Path):
    """A build that must fail: the earlier site in its output stays untouched."""
    output = tmp_path / "output"
    output.mkdir(exist_ok=True)
    (output / "index.html").write_text("il sito di prima", encoding="utf-8")
    result = build_with_output(content, output)
    assert (output / "index.html").read_text(encoding="utf-8") == "il sito di prima"  # untouched
    return result


def build_with_output(content: Path, output: Path):
    from ponmetro_site.build import build

    return build(ROOT / "pelicanconf.py", output_dir=output, report=lambda text: None,
                 overrides={"PATH": str(content), "PONMETRO_CACHE_DIR": str(output.parent / "cache")})


def problems(result) -> list[str]:
    assert not result.ok
    head, *lines = result.message.splitlines()
    assert head == "Sito NON costruito: notizie o pagine da correggere:"
    return lines


def test_an_impossible_date_is_an_error_at_its_line(content, tmp_path):
    edit(content / NEWS, "Date: 2019-12-13", "Date: 2019-13-45")
    assert problems(build_with(content, tmp_path)) == [
        f"{content / NEWS}:2:7: Date: data '2019-13-45' non valida: scriverla come AAAA-MM-GG (es. 2019-12-13)"]


@pytest.mark.parametrize("written, message", [
    # Pelican's date parser would take 01/02/2019 as 2 January: the Italian reading is spelt out.
    ("01/02/2019", "data '01/02/2019' con il giorno prima del mese: Pelican potrebbe leggerla all'americana; "
                   "scriverla come AAAA-MM-GG (2019-02-01)"),
    ("13-12-2019", "data '13-12-2019' con il giorno prima del mese: Pelican potrebbe leggerla all'americana; "
                   "scriverla come AAAA-MM-GG (2019-12-13)"),
    ("31/02/2019", "data '31/02/2019' non valida: scriverla come AAAA-MM-GG (es. 2019-12-13)"),
])
def test_a_day_first_date_is_refused_with_its_italian_reading(content, tmp_path, written, message):
    edit(content / NEWS, "Date: 2019-12-13", f"Date: {written}")
    assert problems(build_with(content, tmp_path)) == [f"{content / NEWS}:2:7: Date: {message}"]


def test_a_file_saved_in_latin_1_is_an_error_at_its_first_such_byte(content, tmp_path):
    edit(content / NEWS, "Summary: Venerdì", "Summary: Venerdì", encoding="latin-1")  # as a Windows editor saves it
    lines = problems(build_with(content, tmp_path))
    assert lines == [f"{content / NEWS}:6:16: byte 0xec non valido in UTF-8 (forse 'ì' in Windows-1252/Latin-1): "
                     "salvare il file in UTF-8"]


def test_a_page_without_a_title_is_an_error(content, tmp_path):
    page = content / "pagine" / "note-legali.md"
    title = next(line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("Title:"))
    edit(page, title, "Title:")
    line = page.read_text(encoding="utf-8").splitlines().index("Title:") + 1
    assert problems(build_with(content, tmp_path)) == [
        f"{page}:{line}:1: Title: titolo mancante: ogni notizia e pagina ne ha bisogno"]


def test_unknown_cities_and_axes_of_a_news_item_are_errors_at_their_lines(content, tmp_path):
    edit(content / NEWS, "Citta: Milano", "Citta: Milano, Torinoo")
    edit(content / NEWS, "Assi: 1, 3, 4", "Assi: 1, 9")
    lines = problems(build_with(content, tmp_path))
    assert lines[0].startswith(f"{content / NEWS}:4:1: Citta: città 'Torinoo' sconosciuta: forse 'Torino'?")
    assert lines[1] == f"{content / NEWS}:5:1: Assi: asse '9' inesistente (gli assi vanno da 1 a 8)"
    assert len(lines) == 2


def test_axes_written_as_pages_write_them_get_the_numbers_to_write(content, tmp_path):
    edit(content / NEWS, "Assi: 1, 3, 4", "Assi: Asse 1, III, 3 e 4")
    assert problems(build_with(content, tmp_path)) == [
        f"{content / NEWS}:5:1: Assi: asse 'Asse 1' non valido: scrivere solo il numero (1)",
        f"{content / NEWS}:5:1: Assi: asse 'III' non valido: scrivere solo il numero (3)",
        f"{content / NEWS}:5:1: Assi: assi '3 e 4' da separare con virgole (3, 4)",
    ]


def test_a_slug_that_is_not_an_address_and_a_misspelt_key_are_errors(content, tmp_path):
    # Pelican published "notizie/Quartieri Connessi, Milano/", and kept "Fontee" as a key of its own.
    edit(content / NEWS, "Slug: quartieri-connessi-milano", "Slug: Quartieri Connessi, Milano")
    edit(content / NEWS, "Fonte: ", "Fontee: ")
    page = content / "pagine" / "note-legali.md"
    edit(page, "Title:", "Titolo:")  # in Italian, as the rest of the site
    assert problems(build_with(content, tmp_path)) == [
        f"{content / NEWS}:3:1: Slug: slug 'Quartieri Connessi, Milano' non valido: solo lettere minuscole, "
        "cifre e trattini (forse 'quartieri-connessi-milano'?)",
        f"{content / NEWS}:7:1: Fontee: campo 'Fontee' sconosciuto: forse 'Fonte'?",
        f"{page}:1:1: Title: titolo mancante: ogni notizia e pagina ne ha bisogno",
        f"{page}:1:1: Titolo: campo 'Titolo' sconosciuto: forse 'Title'?",
    ]


def test_every_file_that_cannot_be_read_is_listed_in_one_run(content, tmp_path):
    edit(content / NEWS, "Date: 2019-12-13", "Date: ieri")
    second = content / "notizie" / "altra.md"
    second.write_bytes(b"Title: Altra notizia\nDate: 2020-01-10\n\nPerch\xe9 no.\n")
    lines = problems(build_with(content, tmp_path))
    assert [line.split(": ", 1)[0] for line in lines] == [f"{content / NEWS}:2:7", f"{second}:4:6"]


def test_pelicans_own_line_for_an_unread_file_gives_way_to_the_builds(caplog):
    import logging

    from ponmetro_site.build import configure_logging
    from ponmetro_site.content_checks import _UnreadContentFilter

    configure_logging()
    configure_logging()  # once is enough: called again, it adds nothing
    pelican = logging.getLogger("pelican.generators")
    assert sum(isinstance(f, _UnreadContentFilter) for f in pelican.filters) == 1
    with caplog.at_level(logging.WARNING):
        pelican.error("Could not process %s", NEWS)
        pelican.error("another error, kept: %s", NEWS)
        # A file without Title: Pelican's contents say so in their own words.
        logging.getLogger("pelican.contents").error(
            "Skipping %s: could not find information about '%s'", NEWS, "title")
    assert [r.getMessage() for r in caplog.records] == [f"another error, kept: {NEWS}"]


def test_a_news_item_without_title_or_date_is_named_with_what_it_lacks(content, tmp_path):
    no_title = content / "notizie" / "senza-titolo.md"
    no_title.write_text("Date: 2020-01-10\nSlug: senza-titolo\n\nTesto.\n", encoding="utf-8")
    no_date = content / "notizie" / "senza-data.md"
    no_date.write_text("Title: Senza data\nSlug: senza-data\n\nTesto.\n", encoding="utf-8")
    assert problems(build_with(content, tmp_path)) == [
        f"{no_date}:1:1: Date: data mancante: una notizia ha la sua data, AAAA-MM-GG",
        f"{no_title}:1:1: Title: titolo mancante: ogni notizia e pagina ne ha bisogno",
    ]


def test_invoke_validate_lists_the_same_problems_with_their_places(content, tmp_path):
    import subprocess
    import sys

    edit(content / NEWS, "Date: 2019-12-13", "Date: 2019-13-45")
    edit(content / NEWS, "Citta: Milano", "Citta: Milan")
    done = subprocess.run([sys.executable, "-m", "invoke", "validate", "--content", str(content), "--github"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error")]
    assert errors[0] == (f"::error file={content / NEWS},line=2,col=7::Date: data '2019-13-45' non valida: "
                         "scriverla come AAAA-MM-GG (es. 2019-12-13)")
    assert errors[1].startswith(f"::error file={content / NEWS},line=4,col=1::Citta: città 'Milan' sconosciuta")
    assert len(errors) == 2
    assert "Could not process" not in done.stdout + done.stderr


def test_a_news_item_or_page_at_an_address_already_used_is_named_with_its_slug_line(content, tmp_path):
    # Pelican wrote the first and stopped on the second with "Failed to overwrite ...":
    # an "unexpected error", with no file.
    shutil.copy(content / NEWS, content / "notizie" / "copia.md")
    (content / "pagine" / "progetti.md").write_text("Title: I progetti\nSlug: progetti\n\nTesto.\n", encoding="utf-8")
    (content / "pagine" / "notizie.md").write_text("Title: Le notizie\nSlug: notizie\n\nTesto.\n", encoding="utf-8")
    assert problems(build_with(content, tmp_path)) == [
        f"{content / 'notizie' / 'copia.md'}:3:1: Slug: l'indirizzo notizie/quartieri-connessi-milano/index.html "
        f"è già usato da {content / NEWS}: dare a questa notizia o pagina uno slug diverso",
        f"{content / 'pagine' / 'notizie.md'}:2:1: Slug: l'indirizzo notizie/index.html è già usato dall'elenco "
        "delle notizie: dare a questa notizia o pagina uno slug diverso",
        f"{content / 'pagine' / 'progetti.md'}:2:1: Slug: l'indirizzo progetti/index.html è già usato da una "
        "pagina del sito fatta dai dati: dare a questa notizia o pagina uno slug diverso",
    ]


def test_html_and_images_the_site_would_not_show_are_errors_at_their_lines(content, tmp_path):
    # Pelican publishes raw HTML as written; the site's Content-Security-Policy then
    # blocks each of these in the reader's browser: a broken image, a blank frame.
    news = content / NEWS
    text = news.read_text(encoding="utf-8")
    body = text.index("\n\n") + 2
    first = text[:body].count("\n") + 1
    news.write_text(text[:body] + (
        "Il cantiere ![foto del cantiere](https://www.comune.milano.it/foto.jpg) in una foto.\n"
        "<script>alert(1)</script>\n"
        "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n"
        "<p style=\"color:red\" onclick=\"alert(2)\">rosso</p>\n"
        "[apri](javascript:apri) e <a href=\"data:text/html,x\">questo</a> <img src=\"cantiere.jpg\">\n"
        "\n") + text[body:], encoding="utf-8")
    edit(news, "Summary: Venerdì", "Summary: <b onclick=\"alert(4)\">Venerdì</b>")
    summary = text[:body].splitlines().index(next(l for l in text.splitlines() if l.startswith("Summary:"))) + 1
    where = f"{news}:{{}}:{{}}: "
    assert problems(build_with(content, tmp_path)) == [
        where.format(summary, 10) + "attributi di <b> non ammessi: 'onclick' (stili, classi e gestori di eventi "
        "non vengono pubblicati); scrivere il testo in Markdown",
        where.format(first, 13) + "immagine 'https://www.comune.milano.it/foto.jpg' non pubblicabile: i testi "
        "del sito non hanno immagini (il sito non carica nulla da altri siti); descriverla nel testo, o "
        "mettere un collegamento alla pagina che la mostra",
        where.format(first + 1, 1) + "HTML <script> non ammesso: scrivere il testo in Markdown (script, stili, "
        "moduli e contenuti incorporati da altri siti non vengono pubblicati)",
        where.format(first + 2, 1) + "HTML <iframe> non ammesso: scrivere il testo in Markdown (script, stili, "
        "moduli e contenuti incorporati da altri siti non vengono pubblicati)",
        where.format(first + 3, 1) + "attributi di <p> non ammessi: 'style', 'onclick' (stili, classi e gestori "
        "di eventi non vengono pubblicati); scrivere il testo in Markdown",
        where.format(first + 4, 8) + "collegamento 'javascript:apri' non ammesso: solo indirizzi http, https, "
        "mailto o del sito stesso",
        where.format(first + 4, 27) + "collegamento 'data:text/html,x' non ammesso: solo indirizzi http, https, "
        "mailto o del sito stesso",
        where.format(first + 4, 65) + "immagine 'cantiere.jpg' non pubblicabile: i testi del sito non hanno "
        "immagini (il sito non carica nulla da altri siti); descriverla nel testo, o mettere un collegamento "
        "alla pagina che la mostra",
    ]


def test_markdown_and_the_html_of_plain_text_are_not_mistaken_for_html(content, tmp_path):
    news = content / NEWS
    news.write_text(news.read_text(encoding="utf-8") + (
        "\n## Per saperne di più\n\n"
        "Scrivere a <pon.metro@comune.milano.it> o leggere <https://www.comune.milano.it/pon-metro>;"
        " i [dati](../../dati/) e la [sezione](#inizio). Se a < b e c > d, 3 <5.\n\n"
        "Il codice `<script>` resta testo, come \\<questo>, e così:\n\n"
        "```html\n<iframe src=\"https://example.org\"></iframe>\n<img src=\"x.png\">\n```\n\n"
        "<abbr title=\"Programma Operativo Nazionale\">PON</abbr> Metro<br>\n"
        "<!-- una nota per chi scrive -->\n\n"
        "| Asse | Importo |\n|---|---:|\n| 1 | 10 € |\n"), encoding="utf-8")
    output = tmp_path / "output"
    result = build_with_output(content, output)
    assert result.ok, result.message
    page = (output / "notizie/quartieri-connessi-milano/index.html").read_text(encoding="utf-8")
    assert "<abbr title=\"Programma Operativo Nazionale\">PON</abbr>" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_pages_not_in_markdown_are_errors_and_never_read(content, tmp_path):
    # Pelican would publish a reStructuredText page, and docutils would put in it any
    # file of the machine that builds the site; an HTML page would go out as written.
    secret = tmp_path / "segreto.txt"
    secret.write_text("SEGRETO-123", encoding="utf-8")
    (content / "pagine/segreti.rst").write_text(
        f"Segreti\n#######\n\n:slug: segreti\n\n.. include:: {secret}\n", encoding="utf-8")
    (content / "pagine/pagina.html").write_text(
        "<html><head><title>Pagina</title></head><body><script>alert(1)</script></body></html>\n",
        encoding="utf-8")
    (content / "pagine/.appunti.txt").write_text("nascosto: non è una pagina", encoding="utf-8")
    from ponmetro_site.content_checks import NOT_MARKDOWN

    assert problems(build_with(content, tmp_path)) == [
        f"{content / 'pagine/pagina.html'}:1:1: {NOT_MARKDOWN}",
        f"{content / 'pagine/segreti.rst'}:1:1: {NOT_MARKDOWN}",
    ]
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p != secret and p.suffix != ".rst"
                and b"SEGRETO-123" in p.read_bytes()]


def test_pelican_reads_content_as_markdown_only_whatever_the_settings_say():
    from pelican import signals
    from pelican.readers import HTMLReader, Readers, RstReader
    from pelican.settings import DEFAULT_CONFIG

    from ponmetro_site.content_checks import markdown_only

    signals.readers_init.connect(markdown_only)  # as the plugin does; connecting twice keeps one
    readers = Readers({**DEFAULT_CONFIG, "READERS": {"rst": RstReader, "html": HTMLReader}})
    assert sorted(readers.readers) == ["markdown", "md", "mdown", "mkd"]


def test_a_news_item_that_is_a_symbolic_link_is_an_error_and_never_published(content, tmp_path):
    secret = tmp_path / "fuori.md"
    secret.write_text("Title: Segreto\nDate: 2020-01-01\n\nAWS_SECRET=abc123\n", encoding="utf-8")
    (content / "notizie/segreto.md").symlink_to(secret)
    result = build_with(content, tmp_path)
    assert problems(result) == [
        f"{content / 'notizie/segreto.md'}:1:1: impossibile leggere il file: è un collegamento simbolico, che non "
        "viene seguito: un collegamento può portare a file fuori dal progetto; mettere qui il file vero e proprio"]
    assert "abc123" not in result.message
    assert not [p for p in (tmp_path / "output").rglob("*") if p.is_file() and b"abc123" in p.read_bytes()]


@pytest.mark.parametrize("written, message", [
    # Pelican's own keys: a draft ended in an internal error, "Lang: en" moved the page to
    # /prova-en.html, "Url:" sent the lists and the feed elsewhere, "Save_as:" out of the site.
    *[(key, "non ammesso: deciderebbe se e dove Pelican pubblica la pagina, che il sito mette sempre al suo "
            "indirizzo (dallo Slug); toglierlo")
      for key in ("Status: draft", "Status: bozza", "Template: progetto", "Lang: en",
                  "Url: http://evil.example/", "Save_as: ../../fuori.html", "Translation: true")],
    *[(key, "sconosciuto: i campi di notizie e pagine sono Title, Date, Modified, Slug, Summary, Citta, Assi e "
            "Fonte (docs/data-format.md)") for key in ("Tags: a, b", "Foto: cantiere.jpg")],
])
def test_keys_other_than_the_sites_are_errors_at_their_line(content, tmp_path, caplog, written, message):
    from ponmetro_site.content_checks import hide_pelicans_unread_line

    hide_pelicans_unread_line()  # as the command does
    edit(content / NEWS, "Slug: quartieri-connessi-milano\n", f"Slug: quartieri-connessi-milano\n{written}\n")
    key = written.split(":")[0]
    assert problems(build_with(content, tmp_path)) == [f"{content / NEWS}:4:1: {key}: campo '{key}' {message}"]
    assert not [r for r in caplog.records if r.name.startswith("pelican")]  # no line of Pelican's, in English


def test_an_address_at_a_domain_for_examples_is_a_warning_and_the_site_builds(content, tmp_path, caplog):
    # The accessibility statement's contact was accessibilita@ponmetroaperto.example: no mail arrives there.
    news = content / NEWS
    news.write_text(news.read_text(encoding="utf-8") + (
        "\nScrivere a [info@comune.example](mailto:info@comune.example) o vedere https://www.example.org/pagina;"
        " il sito https://www.comune.milano.it/ e l'indirizzo urp@comune.milano.it sono veri.\n"), encoding="utf-8")
    line = news.read_text(encoding="utf-8").splitlines().index(next(
        l for l in news.read_text(encoding="utf-8").splitlines() if l.startswith("Scrivere a"))) + 1
    result = build_with_output(content, tmp_path / "output")
    assert result.ok, result.message
    warned = [r.getMessage() for r in caplog.records if r.getMessage().startswith(f"{news}:")]
    assert warned == [
        f"{news}:{line}:18: indirizzo di prova 'comune.example': i domini riservati agli esempi (RFC 2606) non "
        "ricevono posta né rispondono; sostituirlo con quello vero",
        f"{news}:{line}:79: indirizzo di prova 'www.example.org': i domini riservati agli esempi (RFC 2606) non "
        "ricevono posta né rispondono; sostituirlo con quello vero",
    ]
