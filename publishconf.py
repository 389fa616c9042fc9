"""Pelican settings for the public build (`invoke preview`, `invoke publish`).

Clean permanent addresses (`/progetti/mi3-3-1-e/`), absolute canonical links and
feeds. Set PONMETRO_PUBLIC_URL in the environment to the site's real address.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F401,F403

PONMETRO_INDEX_LINKS = False
ARTICLE_URL = "notizie/{slug}/"
PAGE_URL = "{slug}/"
ARCHIVES_URL = "notizie/"
