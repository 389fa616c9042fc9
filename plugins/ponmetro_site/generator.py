"""The Pelican generator: validated records in, pages out through Pelican's writer."""

from __future__ import annotations

import datetime as dt
import heapq
import html
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from ponmetro.dataset import load_dataset, require_valid
from ponmetro.exports import (
    ExportConfigError, catalogue_gaps, fragments, global_files, group_files, project_files,
)
from ponmetro.exports.paths import axis_file, city_file, download_path, project_file
from ponmetro.formatting import iso
from ponmetro.pages import build_site_model, previous_addresses, render_units
from ponmetro.parallel import RESULT_PARTS_PER_JOB, forks, part_of, run_parts
from ponmetro.problems import display_path
from ponmetro.project_memo import ProjectMemo
from ponmetro.redirects import load_redirects
from ponmetro.urls import Urls

from . import content_checks
from .incremental import BuildState, write_if_changed, write_new
from .macro_memo import MacroMemo
from .security import CSP_POLICY
from .settings import ConfigError, SiteSettings
from .template_context import plain_globals, template_context

logger = logging.getLogger(__name__)

# Front-end files served by the site itself (never a CDN): source in the npm
# folder -> path in the output.
VENDOR_FILES = {
    "plotly.js-basic-dist-min/plotly-basic.min.js": "theme/vendor/plotly-basic.min.js",
    "@fontsource/titillium-web/files/titillium-web-latin-400-normal.woff2":
        "theme/fonts/titillium-web-latin-400-normal.woff2",
    "@fontsource/titillium-web/files/titillium-web-latin-600-normal.woff2":
        "theme/fonts/titillium-web-latin-600-normal.woff2",
    "@fontsource/titillium-web/files/titillium-web-latin-700-normal.woff2":
        "theme/fonts/titillium-web-latin-700-normal.woff2",
}


# The pages are rendered in this many parts per worker, each taken by the first
# free worker (parallel.run_parts): at 10,000 records a part is about 0.4 s of work.
RENDER_PARTS_PER_WORKER = 32

PROJECTS_FEED = "feeds/progetti.atom.xml"
NOT_FOUND = "404.html"
FEED_SIZE = 100
# URLs in one sitemap file: the protocol's limit (sitemaps.org). Past it, search
# engines refuse the file; a site with more pages (about 50,000 records) gets
# sitemap-1.xml, sitemap-2.xml, ... and sitemap.xml becomes their index.
SITEMAP_LIMIT = 50_000
ROME = ZoneInfo("Europe/Rome")


@dataclass
class FeedEntry:
    """A project as Pelican's feed writer reads an article."""

    title: str
    url: str
    date: dt.datetime
    summary: str
    content: str
    author: str  # an entry without one had an empty <name/>: the site publishes the records

    @classmethod
    def of(cls, row, page, author: str) -> "FeedEntry":
        updated = dt.datetime.combine(row.updated, dt.time(0, 0), tzinfo=ROME)
        text = html.escape(page.description)
        return cls(row.title, page.path, updated, text, f"<p>{text}</p>", author)

    def get_content(self, site_url: str) -> str:
        return self.content


def save_rows(path: Path, key: str, rows: dict) -> None:
    try:
        fragments.save_cached(path, key, rows)
    except OSError as exc:
        # Better no cache than an old one: the record cache, saved after the
        # build, will no longer list this build's edits as changed.
        logger.warning("righe dei file scaricabili non salvate in %s: %s", path, exc)
        path.unlink(missing_ok=True)


class InterventiGenerator(Generator):
    """Writes the project, axis, city and action pages and the lists."""

    _sitemap_files: tuple[str, ...] = ()  # what _write_sitemap wrote

    def generate_context(self):
        self.site_settings = SiteSettings.from_pelican(self.settings)
        self._vendor_sources()  # a missing file stops the build now, not after every page is written
        root = Path(self.settings.get("PONMETRO_ROOT") or self.site_settings.data_dir.parent)
        # The same validation as `ponmetro validate`; any error stops the build here,
        # before Pelican writes a single page.
        dataset = self.settings.get("PONMETRO_DATASET") or load_dataset(self.site_settings.data_dir, root)
        require_valid(dataset)
        self.urls = Urls(self.site_settings.public_url, self.site_settings.index_links)
        self.export_config = self.site_settings.export_config()
        gaps = catalogue_gaps(self.export_config, dataset.records)
        for gap in gaps:
            logger.warning("catalogo DCAT-AP_IT: %s", gap)
        with self._timed("exports"):
            try:
                # Forked render workers inherit these rows for the project, axis and city files.
                self.export_rows = self._export_rows(dataset)
                self.downloads = global_files(
                    dataset, self.export_config, strict_catalogue=self.site_settings.strict_catalogue,
                    rows=self.export_rows)
            except ExportConfigError as exc:
                raise ConfigError(str(exc)) from None
        projects_memo, macros = self._memos()
        self.env.globals.update(ricorda=macros, ricorda_righe=macros.each)
        with self._timed("aggregate"):
            self.site = build_site_model(
                dataset, self.urls,
                download_sizes={name: len(content) for name, content in self.downloads.items()},
                licence=self.export_config.licence.title,
                memo=projects_memo,
                catalogue_complete=not gaps,
                # Well-formed entries only; RedirectsGenerator stops the build if any is wrong.
                moved=previous_addresses(
                    (entry for _, entry in load_redirects(self.site_settings.data_dir, root).entries), self.urls),
            )
        self.context["ponmetro"] = self.site
        self.context["ponmetro_settings"] = self.site_settings
        self.context["urls"] = self.urls
        self.context["CSP_POLICY"] = CSP_POLICY
        self._check_content(root)

    def _export_rows(self, dataset) -> dict[str, fragments.RecordRows]:
        """Each record's CSV lines and JSON, by slug: computed once, in parallel, for every file.

        An incremental build keeps them in PONMETRO_ROWS_CACHE and computes again
        only those of the records it read again (the plan's `changed`); a change
        of configuration, reference tables or code discards the whole cache.
        """
        reference, config = dataset.reference, self.export_config
        cache = self.settings.get("PONMETRO_ROWS_CACHE")
        plan = self.settings.get("PONMETRO_PLAN")
        key = fragments.fingerprint(reference, config) if cache else ""
        kept: dict[str, fragments.RecordRows] = {}
        if cache and plan is not None and not plan.full:
            # A long-running process (build.py's keep_warm) hands over its rows in memory.
            in_memory = self.settings.get("PONMETRO_ROWS_WARM")
            cached = in_memory[1] if in_memory and in_memory[0] == key else fragments.load_cached(cache, key)
            kept = {slug: row for slug, row in cached.items() if slug not in plan.changed}
        todo = [item for item in dataset.records if item.slug not in kept]

        def compute_part(part: int, n_parts: int) -> list[fragments.RecordRows]:
            return [fragments.record_rows(item, reference, config) for item in part_of(todo, part, n_parts)]

        fresh = {row.slug: row for rows in run_parts(len(todo), compute_part, here=True,
                                                      parts_per_job=RESULT_PARTS_PER_JOB)
                 for row in rows}
        # Only the records of this build: rows cached for records since removed are dropped.
        rows = {item.slug: kept.get(item.slug) or fresh[item.slug] for item in dataset.records}
        changed = bool(fresh) or kept.keys() != rows.keys()
        if cache and self.settings.get("PONMETRO_KEEP_WARM"):
            self.settings["PONMETRO_ROWS_OUT"] = ((key, rows), changed)  # build.py keeps them if the build succeeds
        elif cache and changed:
            save_rows(Path(cache), key, rows)
        return rows

    def _memos(self) -> tuple[ProjectMemo | None, MacroMemo]:
        """What a process that stays up (build.py's keep_warm) remembers of its last build's pages.

        The projects' rows and pages (`ponmetro.project_memo`) and the rows of the
        project tables (`ricorda` in the templates, `macro_memo`). Reused only under
        the same site key (reference tables, settings, theme and code); build.py
        keeps them for the next build if this one succeeds. Other builds remember
        nothing: `ricorda` just calls the macro.
        """
        plan = self.settings.get("PONMETRO_PLAN")
        if not self.settings.get("PONMETRO_KEEP_WARM") or plan is None:
            return None, MacroMemo(remember=False)
        kept = self.settings.get("PONMETRO_PAGES_WARM")
        if kept is not None and all(memo.context == plan.site_key for memo in kept):
            projects, macros = kept[0], kept[1].next_build()
        else:
            projects, macros = ProjectMemo(plan.site_key), MacroMemo(plan.site_key)
        self.settings["PONMETRO_PAGES_OUT"] = (projects, macros)
        return projects, macros

    @contextmanager
    def _timed(self, stage: str):
        """Time of a stage, for the build's summary and PONMETRO_TIMINGS (bench/)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            timings = self.settings.setdefault("PONMETRO_TIMINGS_OUT", {})
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started

    def _check_content(self, root: Path) -> None:
        """The news items and pages of content/: each readable, titled, dated if news,
        with known cities and axes, or the build stops (content_checks.py)."""
        base = Path(self.path)
        news = [base / folder for folder in self.settings.get("ARTICLE_PATHS", [])]
        problems = [problem.format() for problem in content_checks.not_markdown(base, root)]
        # Every file Pelican read as a news item or page; those it could not read are there too, as None.
        generated = self.context.get("generated_content", {})
        for source in sorted(generated):
            path = base / source
            shown = display_path(path, root)
            found = content_checks.check_file(path, shown, self.site.dataset.reference,
                                              news=any(path.is_relative_to(folder) for folder in news))
            if not found and generated[source] is None:
                found = content_checks.refused_by_pelican(shown, partial(self.readers.read_file, self.path, source))
            problems += [problem.format() for problem in found if problem.is_error]
            for problem in found:
                if not problem.is_error:
                    logger.warning("%s", problem.format().replace("avviso: ", "", 1))
        taken = {page.save_as: "da una pagina del sito fatta dai dati" for page in self.site.pages}
        taken[self.settings.get("INDEX_SAVE_AS", "index.html")] = "dalla pagina iniziale"
        taken[self.settings.get("ARCHIVES_SAVE_AS", "archives.html")] = "dall'elenco delle notizie"
        problems += [problem.format() for problem in content_checks.address_clashes(generated, base, root, taken)]
        if problems:
            raise ConfigError("notizie o pagine da correggere:\n" + "\n".join(problems))

    def generate_output(self, writer):
        relative = self.settings.get("RELATIVE_URLS", True)
        plan = self.settings.get("PONMETRO_PLAN")  # set by an incremental build
        pages = self.site.pages if plan is None else plan.dirty(self.site.pages)
        changed = None if plan is None or plan.full else plan.changed
        dirty = {p.save_as for p in pages}
        units = render_units(pages)  # a page and its charts' embed pages, in one worker
        page_templates = {self.get_template(name) for name in {page.template for page in self.site.pages}}
        plain_globals(page_templates)
        context = template_context(self.context, self.env, {template.name for template in page_templates})
        # With few pages to write (an edit, rebuilt by a process that stays up) no worker
        # is forked, and a thread writes the 40 MB of downloads while the pages render:
        # writing them took 0.1 to 0.2 s on this machine's disk, and the build waited.
        # Never beside forked workers (a fork copies only the thread that calls it): the
        # executor starts its thread only when a task is submitted.
        with ThreadPoolExecutor(1, thread_name_prefix="scaricabili") as background:
            downloads = None if forks(len(units)) else background.submit(self._write_downloads)

            def render_part(part: int, n_parts: int) -> int:
                # Runs in a forked worker per core, a small part at a time: part 0 also
                # writes the site-wide downloads, 1.2 s more at 10,000 records, which in
                # two equal halves left one core idle while the other finished.
                for unit in part_of(units, part, n_parts):
                    for page in unit:
                        writer.write_file(
                            page.save_as,
                            self.get_template(page.template),
                            context,
                            relative_urls=relative,
                            vista=page,
                            **page.values,
                        )
                    for page in unit:
                        page.forget()  # a worker would otherwise hold every page it wrote until it ends
                return self._write_data_files(part, n_parts, changed, dirty, downloads=downloads is None)

            with self._timed("render_write"):
                run_parts(len(units), render_part, parts_per_job=RENDER_PARTS_PER_WORKER,
                          niceness=self.settings.get("PONMETRO_RENDER_NICENESS", 0))
            with self._timed("feeds_sitemap_static"):
                self._write_projects_feed(writer)
                if self.site_settings.public_url:
                    self._write_sitemap(writer)
                    self._write_not_found(writer, plan)
                self._copy_theme_static()
                self._copy_vendor_files()
            self._record_state(plan)
            if downloads is not None:
                downloads.result()  # raises here what writing them raised

    def _record_state(self, plan) -> None:
        """Remember what this build wrote (build.py removes what it no longer writes)."""
        files = {p.save_as for p in self.site.pages} | set(self._data_file_paths()) | set(VENDOR_FILES.values())
        files |= set(self.theme_static_files())
        files |= {PROJECTS_FEED, *self._sitemap_files}
        if self.site_settings.public_url:
            files |= {"robots.txt", NOT_FOUND}
        state = BuildState(
            site_key=plan.site_key if plan else "",
            pages={p.save_as: p.sources for p in self.site.pages},
            files=frozenset(files),
            search_behind=plan.search_behind if plan else frozenset(),
        )
        self.settings["PONMETRO_STATE_OUT"] = state

    def _write_projects_feed(self, writer) -> None:
        """Atom feed of new and updated projects, by their last-update date.

        Pelican's writer does the feed; projects are not Pelican articles, so each
        goes in through a small object with the attributes the writer reads.
        """
        rows, pages = self.site.rows, self.site.project_pages
        # Only the newest become entries: escaping every description to keep 100 cost 0.1 s at 10,000.
        newest = heapq.nlargest(FEED_SIZE, rows.values(), key=lambda row: (row.updated, pages[row.slug].path))
        author = self.settings.get("AUTHOR") or self.settings["SITENAME"]
        entries = [FeedEntry.of(row, pages[row.slug], author) for row in newest]
        writer.write_feed(
            entries, self.context, PROJECTS_FEED, feed_type="atom",
            feed_title="Progetti nuovi e aggiornati",
        )

    def _write_sitemap(self, writer) -> None:
        # No Pelican machinery knows pages that are not articles or pages, so the
        # sitemap is one small template listing both kinds.
        entries = [(self.urls.absolute(p.path), p.updated) for p in self.site.pages if p.kind != "embed"]
        entries.append((self.urls.absolute(""), self.site.release_date))
        for content in [*self.context.get("articles", []), *self.context.get("pages", [])]:
            path = content.url.removesuffix("index.html")
            entries.append((self.urls.absolute(path), getattr(content, "date", None) and content.date.date()))
        entries.append((self.urls.absolute("notizie/"), None))
        entries.sort(key=lambda e: e[0])
        template = self.env.get_template("sitemap.xml")
        parts = [entries[start:start + SITEMAP_LIMIT] for start in range(0, len(entries), SITEMAP_LIMIT)]
        if len(parts) <= 1:
            writer.write_file("sitemap.xml", template, self.context, relative_urls=False, voci_sitemap=entries)
            self._sitemap_files = ("sitemap.xml",)
        else:
            names = [f"sitemap-{number}.xml" for number in range(1, len(parts) + 1)]
            for name, part in zip(names, parts):
                writer.write_file(name, template, self.context, relative_urls=False, voci_sitemap=part)
            index = [(self.urls.absolute(name), max((iso(day) for _, day in part if day), default=""))
                     for name, part in zip(names, parts)]
            writer.write_file("sitemap.xml", template, self.context, relative_urls=False, parti_sitemap=index)
            self._sitemap_files = ("sitemap.xml", *names)
        write_if_changed(
            Path(self.output_path) / "robots.txt",
            f"User-agent: *\nAllow: /\nSitemap: {self.urls.absolute('sitemap.xml')}\n".encode(),
        )

    def _write_not_found(self, writer, plan) -> None:
        """404.html, what a static host shows for an address the site does not have
        (GitHub Pages, Netlify and Cloudflare Pages find it by this name; nginx with
        `error_page 404 /404.html`): without it, a reader who follows a mistyped or
        very old link gets the host's own page, in English.

        It is served at the address that was asked for, where a relative link would
        lead nowhere, so its links are absolute, to the public address. It shows no
        record: an update in place leaves it as it is.
        """
        if plan is not None and not plan.full:
            return
        writer.write_file(NOT_FOUND, self.get_template("non_trovata"), self.context, relative_urls=False,
                          SITEURL=self.site_settings.public_url.rstrip("/"))

    def _write_downloads(self) -> int:
        return self._write({download_path(name): content for name, content in self.downloads.items()})

    def _write(self, files: dict[str, bytes]) -> int:
        output = Path(self.output_path)
        # Without a plan the build writes into a new, empty folder (build.py's staging).
        write = write_new if self.settings.get("PONMETRO_PLAN") is None else write_if_changed
        return sum(write(output / path, content) for path, content in files.items())

    def _write_data_files(self, part: int = 0, n_parts: int = 1, changed: set[str] | None = None,
                          dirty_pages: set[str] | None = None, downloads: bool = True) -> int:
        """The open-data downloads (unless `downloads` is False) and the files next to
        each project, axis and city page.

        In an incremental build only the files of changed records and of the axis
        and city pages that show them are built again (the downloads always are).
        """
        dataset, config = self.site.dataset, self.export_config
        files: dict[str, bytes] = {}
        if part == 0:
            if downloads:
                files.update({download_path(name): content for name, content in self.downloads.items()})
            ref = dataset.reference
            axes = [axis for axis in ref.axes
                    if dirty_pages is None or self.urls.save_as(self.urls.axis(axis.numero)) in dirty_pages]
            cities = [city for city in ref.cities
                      if dirty_pages is None or self.urls.save_as(self.urls.city(city.slug)) in dirty_pages]
            files.update(group_files(dataset, config, rows=self.export_rows, axes=axes, cities=cities))
        for item in part_of(dataset.records, part, n_parts):
            if changed is None or item.slug in changed:
                files.update(project_files(dataset, item, config, rows=self.export_rows))
        return self._write(files)

    def _data_file_paths(self):
        ref = self.site.dataset.reference
        yield from (download_path(name) for name in self.downloads)
        yield from (axis_file(axis.numero) for axis in ref.axes)
        yield from (city_file(city.slug) for city in ref.cities)
        for item in self.site.dataset.records:
            yield project_file(item.slug, "json")
            yield project_file(item.slug, "csv")

    def _copy_theme_static(self) -> None:
        """The theme's CSS, scripts and images, into theme/ of the output.

        Pelican's own copy rewrites every file on every build; this one writes a
        file only when it differs, so that an incremental build leaves it alone.
        """
        source = Path(self.theme) / "static"
        target = Path(self.output_path) / self.settings.get("THEME_STATIC_DIR", "theme")
        for path in sorted(source.rglob("*")):
            if path.is_file():
                write_if_changed(target / path.relative_to(source), path.read_bytes())

    def theme_static_files(self) -> list[str]:
        source = Path(self.theme) / "static"
        prefix = self.settings.get("THEME_STATIC_DIR", "theme")
        return [f"{prefix}/{p.relative_to(source).as_posix()}" for p in sorted(source.rglob("*")) if p.is_file()]

    def _vendor_sources(self) -> list[tuple[Path, str]]:
        """The files the site serves from npm's packages (plotly.js, the fonts), with
        where they go; a missing one is a set-up to complete, said in one sentence."""
        found = [(self.site_settings.vendor_dir / source, target) for source, target in VENDOR_FILES.items()]
        for src, _ in found:
            if not src.is_file():
                raise ConfigError(f"manca {src}, un file dei pacchetti npm del sito: eseguire `make site`, "
                                  "che li installa (`npm ci`)")
        return found

    def _copy_vendor_files(self) -> None:
        for src, target in self._vendor_sources():
            dst = Path(self.output_path) / target
            if dst.exists() and dst.stat().st_size == src.stat().st_size:
                continue  # an incremental build leaves it as it is
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
