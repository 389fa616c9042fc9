"""Docs and code in step (as Datasette does): every setting is documented."""

from pathlib import Path

from ponmetro_site.settings import SETTINGS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_plugin_setting_is_documented_and_only_those():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    documented = {line.split("`")[1] for line in text.splitlines() if line.startswith("| `PONMETRO_")}
    assert documented == set(SETTINGS)


def test_pelicanconf_sets_every_plugin_setting():
    text = (DOCS.parent / "pelicanconf.py").read_text(encoding="utf-8")
    for name in SETTINGS:
        if name not in {"PONMETRO_SEARCH", "PONMETRO_SEARCH_WORDS"}:  # good defaults, no need to set them
            assert f"{name} =" in text, name
