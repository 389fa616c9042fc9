import pytest

from publish_helpers import NO_SEARCH, PUBLISHCONF, build_quietly, copy_fixture


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    """The fixture data built once with the public settings (no search index)."""
    tmp = tmp_path_factory.mktemp("build")
    data = copy_fixture(tmp)
    result, messages = build_quietly(data, tmp / "output", PUBLISHCONF, **NO_SEARCH)
    assert result.ok, result.message + messages
    return tmp / "output"
