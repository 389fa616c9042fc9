"""Fixtures of the browser tests: one build per site, one server per site, one browser.

Debian's Chromium (/usr/bin/chromium) driven by Playwright; no browser is ever
downloaded. Without Chromium every browser test fails with the way to get it.
"""

from __future__ import annotations

import pytest

from .support import CHROMIUM, CHROMIUM_ARGS, FIXTURE_DATA, REPO, build, serve


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory):
    """The small fixture site with its attack record (local settings: links to index.html)."""
    return build(FIXTURE_DATA, tmp_path_factory.mktemp("browser-fixture") / "output")


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The real records of data/ (local settings: the site browsable from disk)."""
    return build(REPO / "data", tmp_path_factory.mktemp("browser-real") / "output")


@pytest.fixture(scope="session")
def public_build(tmp_path_factory):
    """The real records with the public settings (clean addresses, as published)."""
    return build(REPO / "data", tmp_path_factory.mktemp("browser-public") / "output",
                 settings="publishconf.py")


def _served(build_dir):
    server = serve(build_dir)
    try:
        yield server.served
    finally:
        server.stop()


@pytest.fixture(scope="session")
def fixture_site(fixture_build):
    yield from _served(fixture_build)


@pytest.fixture(scope="session")
def real_site(real_build):
    yield from _served(real_build)


@pytest.fixture(scope="session")
def public_site(public_build):
    yield from _served(public_build)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's Chromium; "
            "`.ci/run` installs it (apt-get install chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser context (no cache, no cookies), desktop width, Italian."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    yield ctx
    ctx.close()
