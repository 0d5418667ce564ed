"""The judges' rules themselves: when a missing checker skips and when it fails."""

from __future__ import annotations

import pytest

from judges import in_ci, require


@pytest.mark.parametrize("value", ["true", "1", "True", "TRUE", "yes", "on", "github", " true "])
def test_any_true_ci_value_counts_as_ci(value):
    assert in_ci({"CI": value}) is True


@pytest.mark.parametrize("value", [None, "", "0", "false", "False", "no", "off"])
def test_unset_or_false_ci_is_a_developer_machine(value):
    assert in_ci({} if value is None else {"CI": value}) is False


def test_a_missing_judge_fails_under_ci_1(monkeypatch):
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match=r"^absent \(CI must install it: see \.ci/run\)$"):
        require(False, "absent")


def test_a_missing_judge_is_skipped_off_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"^absent$"):
        require(False, "absent")
    require(True, "present")  # nothing happens
