"""Fixtures of the export tests: the real dataset, the synthetic one, a full configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from export_samples import REAL_DATA, SITE, SYNTHETIC_RECORDS, load_valid, make_data_dir
from ponmetro.dataset import Dataset
from ponmetro.exports import ExportConfig, write_downloads


@pytest.fixture(scope="session")
def real_dataset() -> Dataset:
    return load_valid(REAL_DATA)


@pytest.fixture(scope="session")
def synthetic_dataset(tmp_path_factory) -> Dataset:
    return load_valid(make_data_dir(tmp_path_factory.mktemp("synthetic"), SYNTHETIC_RECORDS))


@pytest.fixture(scope="session")
def config() -> ExportConfig:
    return ExportConfig(
        site_url=SITE,
        publisher_name="Ente di prova",
        publisher_ipa="ente_prova",
        contact_name="Ufficio dati aperti",
        contact_email="dati@example.it",
    )


@pytest.fixture(params=["real", "synthetic"])
def any_dataset(request, real_dataset, synthetic_dataset) -> Dataset:
    return real_dataset if request.param == "real" else synthetic_dataset


@pytest.fixture
def written(tmp_path, any_dataset, config) -> tuple[Dataset, Path]:
    """The global files of either dataset, written into a fresh folder."""
    folder = tmp_path / "dati"
    write_downloads(folder, any_dataset, config)
    return any_dataset, folder
