"""Fixtures of the data-layer tests."""

from __future__ import annotations

import pytest

from .support import copy_base


@pytest.fixture
def data_dir(tmp_path):
    """A private copy of tests/validation/base/ as tmp_path/data."""
    return copy_base(tmp_path)
