import pytest

from site_helpers import FIXTURE_DATA, ROOT, build_site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """The small fixture site (tests/site/fixture_data), local settings."""
    return build_site(FIXTURE_DATA, tmp_path_factory.mktemp("fixture") / "output")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real records of data/, local settings (links to index.html, from disk)."""
    return build_site(ROOT / "data", tmp_path_factory.mktemp("real") / "output")


@pytest.fixture(scope="session")
def public_site(tmp_path_factory):
    """The real records with the public settings (clean addresses, canonical URLs)."""
    return build_site(ROOT / "data", tmp_path_factory.mktemp("public") / "output", settings="publishconf.py")
