"""The Pelican generator: validated records in, pages out through Pelican's writer."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

from ponmetro.dataset import load_dataset, require_valid
from ponmetro.pages import build_site_model
from ponmetro.urls import Urls

from .security import CSP_POLICY
from .settings import ConfigError, SiteSettings

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


class InterventiGenerator(Generator):
    """Writes the project, axis, city and action pages and the lists."""

    def generate_context(self):
        self.site_settings = SiteSettings.from_pelican(self.settings)
        root = Path(self.settings.get("PONMETRO_ROOT") or self.site_settings.data_dir.parent)
        # The same validation as `ponmetro validate`; any error stops the build here,
        # before Pelican writes a single page.
        dataset = self.settings.get("PONMETRO_DATASET") or load_dataset(self.site_settings.data_dir, root)
        require_valid(dataset)
        self.urls = Urls(self.site_settings.public_url, self.site_settings.index_links)
        self.site = build_site_model(dataset, self.urls)
        self.context["ponmetro"] = self.site
        self.context["ponmetro_settings"] = self.site_settings
        self.context["urls"] = self.urls
        self.context["CSP_POLICY"] = CSP_POLICY
        self._check_news()

    def _check_news(self) -> None:
        problems = []
        for article in self.context.get("articles", []):
            problems += self.site.news_problems(article.relative_source_path, article.metadata)
        if problems:
            raise ConfigError("notizie con metadati errati:\n" + "\n".join(problems))

    def generate_output(self, writer):
        relative = self.settings.get("RELATIVE_URLS", True)
        for page in self.site.pages:
            writer.write_file(
                page.save_as,
                self.get_template(page.template),
                self.context,
                relative_urls=relative,
                vista=page,
                **page.values,
            )
        self._copy_vendor_files()

    def _copy_vendor_files(self) -> None:
        vendor = self.site_settings.vendor_dir
        for source, target in VENDOR_FILES.items():
            src = vendor / source
            if not src.exists():
                raise FileNotFoundError(
                    f"{src} mancante: eseguire `make site` (installa i pacchetti npm con `npm ci`)"
                )
            dst = Path(self.output_path) / target
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
