"""Every configuration problem at once, as the user sees it: `config check`, `run` and the other
commands name them all in one exit 78, one line each, sorted by key."""
from __future__ import annotations

import pytest


def break_config(installation) -> None:
    text = installation.config.read_text()
    text = text.replace('template = "Webshop"', 'template = "Webshop"\nlines = "fully"')
    text = text.replace('recognition = "smart"', 'recognition = "slim"\nname_treshold = 80')
    installation.config.write_text(text.replace("max_attempts = 3", "max_attempts = 0"))


EXPECTED = [
    "configuration error: profiles.shop1.customers.name_treshold: unknown setting (did you mean 'name_threshold'?)",
    "configuration error: profiles.shop1.customers.recognition: 'slim' is not one of customer_code, email, "
    "customer_code_or_email, email_and_postcode, customer_code_or_email_and_postcode, smart",
    "configuration error: profiles.shop1.max_attempts: 0 is out of range: expected a whole number from 1 to 100",
    "configuration error: profiles.shop1.sales.lines: 'fully' is not one of full, code_and_quantity, "
    "description_from_snelstart",
]


@pytest.mark.parametrize("command", [["config", "check"], ["run"], ["run", "--json"], ["status"], ["test-connection"]])
def test_every_problem_is_one_line_in_one_exit_78(installation, command):
    break_config(installation)
    result = installation.sconnect(*command)
    assert result.returncode == 78
    assert result.stderr.splitlines() == EXPECTED
    assert result.stdout == ""
