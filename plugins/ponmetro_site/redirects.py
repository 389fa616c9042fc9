"""Old addresses that moved: a page at each, leading to the new address.

`RedirectsGenerator` runs after `InterventiGenerator` (both are registered by
`get_generators`). It reads `data/redirects.yaml` (`ponmetro.redirects`), checks
every entry against the pages this build will write, and stops the build with the
maintainer's `path:line:column: field: message` problems if any entry is wrong.
Each old address then gets a small page (theme/templates/reindirizzamento.html):
a meta refresh (the Content-Security-Policy forbids inline scripts), a canonical
link to the new page, a visible link and `noindex`. What moves with a renamed
project page moves too, without entries of its own: its embeddable charts get a
redirect page, its downloads a copy at the old address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import Generator

from ponmetro.problems import DataInvalid, Report
from ponmetro.redirects import LoadedRedirects, Reindirizzamento, derived_moves, validate_redirects
from ponmetro.site_tree import address_of
from ponmetro.urls import Urls

from .incremental import write_if_changed
from .settings import SiteSettings

TEMPLATE = "reindirizzamento"


class RedirectsGenerator(Generator):
    """Writes one redirect page per entry of data/redirects.yaml."""

    def generate_context(self):
        site_settings = SiteSettings.from_pelican(self.settings)
        root = Path(self.settings.get("PONMETRO_ROOT") or site_settings.data_dir.parent)
        pages = planned_pages(self.context, self.settings)
        self.redirects = validate_redirects(site_settings.data_dir, root, pages)
        raise_if_invalid(self.redirects)

    def generate_output(self, writer):
        relative = self.settings.get("RELATIVE_URLS", True)
        template = self.get_template(TEMPLATE)
        output = Path(self.output_path)
        entries = [entry for _, entry in self.redirects.entries]
        written: set[str] = set()
        for entry in entries:
            # The target was written by the generators that ran before this one.
            if not (output / Urls.save_as(entry.a)).is_file():  # pragma: no cover - checked above
                raise RuntimeError(f"reindirizzamento verso {entry.a}: pagina non scritta")
            self._write_page(writer, template, relative, entry)
            written.add(Urls.save_as(entry.da))
        # What moves with a renamed project page: its downloads and its embeddable charts.
        # The files of the new site are those the interventions' generator listed
        # (an incremental build's folder still holds the previous build's copies).
        state = self.settings.get("PONMETRO_STATE_OUT")
        site_files = state.files if state is not None else {
            p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
        for move in derived_moves(entries, site_files):
            written.add(move.old)
            if move.new.endswith("/index.html"):
                moved = Reindirizzamento.model_construct(
                    da=address_of(move.old), a=address_of(move.new), motivo=move.entry.motivo, dal=move.entry.dal)
                self._write_page(writer, template, relative, moved)
            else:
                # A download cannot be redirected by a page on a static host: the old
                # address keeps answering with the current file.
                write_if_changed(output / move.old, (output / move.new).read_bytes())
        # An incremental build removes what the previous build wrote and this one did
        # not (build.py, after every generator): the redirect files are on that list.
        if state is not None and written:
            state.files = state.files | written

    def _write_page(self, writer, template, relative, entry) -> None:
        writer.write_file(
            Urls.save_as(entry.da), template, self.context, relative_urls=relative, reindirizzamento=entry,
        )


def raise_if_invalid(redirects: LoadedRedirects) -> None:
    if not redirects.ok:
        report = Report()
        report.files_checked = 1
        report.extend(redirects.problems)
        raise DataInvalid(report)


def planned_pages(context: dict[str, Any], settings: dict[str, Any]) -> set[str]:
    """The address of every page the build writes, from what the generators that
    ran before know: the interventions' pages, Pelican's articles and pages, and
    the direct templates (home page, news archive)."""
    pages: set[str] = set()
    site = context.get("ponmetro")
    if site is not None:
        pages.update(page.path for page in site.pages)
    for key in ("articles", "translations", "hidden_articles", "pages", "hidden_pages", "hidden_translations"):
        for content in context.get(key, []) or []:
            save_as = getattr(content, "save_as", "")
            if save_as:
                pages.add(address_of(save_as))
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            pages.add(address_of(save_as))
    return pages


def known_pages(settings_file: Path | str, dataset, overrides: dict | None = None) -> set[str]:
    """The pages a build with these settings would write, without building:
    for `invoke validate`, which checks the redirects' targets before any build."""
    from pelican.generators import ArticlesGenerator, PagesGenerator
    from pelican.settings import read_settings

    from ponmetro.pages import build_site_model

    settings = read_settings(str(settings_file), override=dict(overrides or {}))
    site_settings = SiteSettings.from_pelican(settings)
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={},
                   localsiteurl=settings["SITEURL"])
    context["ponmetro"] = build_site_model(dataset, Urls(site_settings.public_url, site_settings.index_links))
    for cls in (ArticlesGenerator, PagesGenerator):
        generator = cls(context=context, settings=settings, path=settings["PATH"],
                        theme=settings["THEME"], output_path=settings["OUTPUT_PATH"])
        generator.generate_context()
    return planned_pages(context, settings)
