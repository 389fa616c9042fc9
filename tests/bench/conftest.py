"""Shared fixtures of the benchmark tests: a small synthetic data folder, made once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_helpers import SEED, SMALL_N  # noqa: E402

from bench import synthetic  # noqa: E402


@pytest.fixture(scope="session")
def small_data(tmp_path_factory) -> Path:
    return synthetic.write_data_dir(tmp_path_factory.mktemp("synthetic") / "data", SMALL_N, SEED)
