"""`myshop.columns`: a copy of the column table, edited to match a real myShop export
(docs/myshop.md), checked when the configuration is read."""
from __future__ import annotations

from importlib import resources

import pytest
from config_files import toml_text

from domain.errors import ConfigurationError

TABLE = resources.files("infrastructure.myshop").joinpath("columns.toml").read_text("utf-8")


def test_without_the_setting_the_shipped_table_is_used(cfg):
    assert cfg.load(toml_text()).profiles["shop1"].myshop.columns is None


def test_a_copy_next_to_the_configuration_is_found_by_a_relative_path(cfg, tmp_path):
    (tmp_path / "mijn-kolommen.toml").write_text(TABLE.replace('total = ["total"]', 'total = ["total", "Totaal"]'))
    config = cfg.load(toml_text(myshop={"columns": '"mijn-kolommen.toml"'}))
    assert config.profiles["shop1"].myshop.columns == tmp_path / "mijn-kolommen.toml"


@pytest.mark.parametrize("content, words", [
    (None, "profiles.shop1.myshop.columns: cannot read"),
    (TABLE.replace('total = ["total"]', 'totaal = ["total"]'), "[order] totaal is not one of S-Connect's fields"),
])
def test_a_table_that_cannot_work_is_a_configuration_error_naming_the_setting(cfg, tmp_path, content, words):
    if content is not None:
        (tmp_path / "kolommen.toml").write_text(content)
    with pytest.raises(ConfigurationError) as caught:
        cfg.load(toml_text(myshop={"columns": '"kolommen.toml"'}))
    assert str(caught.value).startswith("profiles.shop1.myshop.columns") and words in str(caught.value)
    assert "\n" not in str(caught.value)
