"""The base dataset the other tests copy is itself valid, with known warnings."""

from .support import BASE_WARNINGS, validate, where


def test_base_dataset_is_valid_with_three_missing_cup_warnings(data_dir):
    report = validate(data_dir)
    assert report.errors == []
    assert {where(p) for p in report.warnings} == BASE_WARNINGS
    assert report.files_checked == 7
