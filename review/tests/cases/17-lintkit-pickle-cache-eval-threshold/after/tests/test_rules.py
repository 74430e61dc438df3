import pytest

from lintkit.rules import Rule, RuleConfigError, rules_from_config


def test_defaults_apply():
    rules = {r.name: r for r in rules_from_config({})}
    assert rules["max-line-length"].threshold == 100.0


def test_long_lines_are_reported():
    rule = Rule("max-line-length", 10)
    findings = rule.check(["short", "x" * 11])
    assert [f.line for f in findings] == [2]


def test_negative_threshold_is_rejected():
    with pytest.raises(RuleConfigError):
        rules_from_config({"max-file-lines": {"threshold": -1}})


def test_unknown_rule_is_rejected():
    with pytest.raises(RuleConfigError, match="max-fun"):
        rules_from_config({"max-fun": {}})


def test_threshold_may_be_arithmetic():
    rules = {r.name: r for r in rules_from_config({"max-line-length": {"threshold": "80 * 1.25"}})}
    assert rules["max-line-length"].threshold == 100.0
