"""Pelican settings for a local build (`make site`): output/ browsable from disk.

publishconf.py adds what the public build needs on top of these.
"""

import os
from pathlib import Path

from ponmetro.formatting import JINJA_FILTERS as _PONMETRO_FILTERS

ROOT = Path(__file__).resolve().parent

SITENAME = "PON Metro Aperto"
SITESUBTITLE = "I dati degli interventi del PON Metro 2014-2020, aperti e verificabili"
AUTHOR = "PON Metro Aperto"
DEFAULT_LANG = "it"
LOCALE = ("it_IT.UTF-8", "it_IT", "C.UTF-8", "C")
TIMEZONE = "Europe/Rome"

PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "theme")
THEME_STATIC_DIR = "theme"
# The theme's static files are copied by the plugin, which skips unchanged ones
# (generator._copy_theme_static): Pelican's copy would rewrite them every time.
THEME_STATIC_PATHS = []
STATIC_PATHS = []

PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["ponmetro_site"]

# Links relative to each page: the site works under any sub-path and from disk.
RELATIVE_URLS = True

# The interventions (plugins/ponmetro_site/settings.py documents each setting).
PONMETRO_DATA = str(ROOT / "data")
PONMETRO_ROOT = str(ROOT)
PONMETRO_VENDOR_DIR = str(ROOT / "node_modules")
# The permanent public address: canonical links, citations, downloads and the
# sitemap use it even in a local build (the environment may override it).
PONMETRO_PUBLIC_URL = os.environ.get("PONMETRO_PUBLIC_URL", "https://pon-metro-aperto.github.io/pon-metro-aperto/")
PONMETRO_INDEX_LINKS = True
# Absolute for feeds (Pelican's feed writer joins links to SITEURL); pages stay
# relative, because RELATIVE_URLS rewrites SITEURL for each page it writes.
SITEURL = PONMETRO_PUBLIC_URL.rstrip("/")
FEED_DOMAIN = SITEURL
PONMETRO_REPORT_URL = "https://github.com/pon-metro-aperto/pon-metro-aperto/issues/new"
PONMETRO_CUP_URL = "https://opencoesione.gov.it/it/progetti/?q={cup}"
# The publisher of the data (DCAT-AP_IT). Unknown until an administration adopts
# the site: left empty, the catalogue omits them and the build lists the gaps.
PONMETRO_PUBLISHER_NAME = os.environ.get("PONMETRO_PUBLISHER_NAME", "")
PONMETRO_PUBLISHER_IPA = os.environ.get("PONMETRO_PUBLISHER_IPA", "")
PONMETRO_CONTACT_NAME = os.environ.get("PONMETRO_CONTACT_NAME", "")
PONMETRO_CONTACT_EMAIL = os.environ.get("PONMETRO_CONTACT_EMAIL", "")
PONMETRO_STRICT_CATALOGUE = False

# auto_reload off: each build makes a new environment that reads the templates once;
# with it on, Jinja stat()ed every extended, imported and included template at
# every page (four times per project page).
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": [],
                     "auto_reload": False}
JINJA_FILTERS = dict(_PONMETRO_FILTERS)

# News articles and content pages, at addresses in Italian.
ARTICLE_PATHS = ["notizie"]
PAGE_PATHS = ["pagine"]
ARTICLE_URL = "notizie/{slug}/index.html"
ARTICLE_SAVE_AS = "notizie/{slug}/index.html"
PAGE_URL = "{slug}/index.html"
PAGE_SAVE_AS = "{slug}/index.html"
ARCHIVES_URL = "notizie/index.html"
ARCHIVES_SAVE_AS = "notizie/index.html"
DIRECT_TEMPLATES = ["index", "archives"]
INDEX_SAVE_AS = "index.html"
DEFAULT_PAGINATION = False
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
SLUGIFY_SOURCE = "basename"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"

FEED_ALL_ATOM = "feeds/notizie.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Reproducible output: nothing depends on when or where the build ran.
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
