import json

import pytest

from backup.config import Config, ConfigError, load_config


def test_missing_file_means_defaults(tmp_path):
    assert load_config(tmp_path / "nope.json") == Config()


def test_sources_are_paths(tmp_path):
    path = tmp_path / "backup.json"
    path.write_text(json.dumps({"sources": ["/srv/a", "/srv/b"], "keep": 3}))
    config = load_config(path)
    assert [str(p) for p in config.sources] == ["/srv/a", "/srv/b"]
    assert config.keep == 3


def test_invalid_json_is_a_config_error(tmp_path):
    path = tmp_path / "backup.json"
    path.write_text("{ not json")
    with pytest.raises(ConfigError, match="invalid JSON"):
        load_config(path)


def test_keep_must_be_positive(tmp_path):
    path = tmp_path / "backup.json"
    path.write_text(json.dumps({"keep": 0}))
    with pytest.raises(ConfigError):
        load_config(path)
