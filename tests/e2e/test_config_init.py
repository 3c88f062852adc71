"""`sconnect config init`: a first configuration on a real terminal (a pty, driven by pexpect) and
from options for scripts — the template, revenue groups and articles chosen from what the
administration really has, a commented file that reads back, and test-connection at the end."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from infrastructure.config import load_config
from infrastructure.config.catalogue import SALES
from infrastructure.simulators.snelstart_b2b.server import B2BSimulator
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.snapshot import parse_snapshot_json
from installation import KEY, demo_text

pytestmark = pytest.mark.slow


class Folder:
    """An empty folder with the demo administration in it, and `sconnect` started there."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.config = folder / "config.toml"
        self.snapshot = parse_snapshot_json(demo_text("interfaces.demo", "administration.json"))
        EmbeddedAdministration.create(folder / "administration.sqlite", self.snapshot).close()
        # No state database or keyring of the user's: the data folder is the test's.
        self.env = {**os.environ, "SCONNECT_CONFIG": str(self.config), "XDG_DATA_HOME": str(folder / "data")}
        self.env.pop("SCONNECT_DEBUG", None)

    def sconnect(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "interfaces", *args], env={**self.env, **env}, cwd=self.folder,
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)

    def spawn(self, *args: str) -> pexpect.spawn:
        # NO_COLOR: the words as the user reads them, without the escape codes between them.
        return pexpect.spawn(sys.executable, ["-m", "interfaces", *args], env={**self.env, "NO_COLOR": "1"},
                             cwd=str(self.folder),
                             encoding="utf-8", timeout=60, dimensions=(50, 120))


@pytest.fixture
def folder(tmp_path) -> Folder:
    return Folder(tmp_path)


def script(folder: Folder, shop, *extra: str, **env: str) -> subprocess.CompletedProcess:
    return folder.sconnect("config", "init", "--non-interactive", "--shop-id", "1817700", "--kind", "embedded",
                           "--shop-url", shop.base_url, "--start-from", "2024-01-01", "--state", "state.sqlite",
                           *extra, **{"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY, **env})


def test_from_options_the_usual_answers_are_what_the_administration_has(folder, shop):
    result = script(folder, shop)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == f"written: {folder.config}"
    assert "FAIL" not in result.stdout and " OK  myShop" in result.stdout
    assert folder.config.stat().st_mode & 0o777 == 0o600
    profile = load_config(folder.config, {"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY}).profile()
    sales, articles = profile.settings.sales, profile.settings.articles
    assert sales.template == "Webshop"
    assert (sales.shipping_costs.article_code, sales.discount.article_code, sales.default_article_code) == (
        "VERZEND", "KORTING", "WEB")
    assert sales.payment_costs is None  # the demo administration has no usual article for it
    assert articles.revenue_group == {"21": "Omzet hoog", "9": "Omzet laag", "0": "Omzet nul"}
    assert profile.planning.interval_name == "15m"
    text = folder.config.read_text()
    assert text.startswith("# S-Connect configuration, made by `sconnect config init` on ")
    for setting in SALES:
        assert setting.comment.split(";")[0][:60] in " ".join(text.split())
    assert KEY not in text  # the key came from the environment and stays there
    run = folder.sconnect("run", "--json", SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY=KEY)
    assert run.returncode == 0 and json.loads(run.stdout)["created"] == 5


def test_every_answer_can_be_an_option(folder, shop):
    result = script(folder, shop, "--profile-id", "winkel", "--template", "2", "--revenue-group", "Omzet laag",
                    "--shipping-costs", "cost_type_1", "--payment-costs", "BETAAL", "--discount", "-",
                    "--default-article", "-", "--interval", "1h", "--description", "www.voorbeeld.nl",
                    SCONNECT_WINKEL_MYSHOP_PRIVATE_KEY=KEY)
    assert result.returncode == 0, result.stdout + result.stderr
    profile = load_config(folder.config, {}, need_secrets=False).profile("winkel")
    sales = profile.settings.sales
    assert (sales.template, sales.shipping_costs.mode.value, sales.payment_costs.article_code) == (
        "Zakelijk", "cost_type_1", "BETAAL")
    assert (sales.discount, sales.default_article_code) == (None, "")
    assert profile.settings.articles.revenue_group == {"*": "Omzet laag"}
    assert (profile.planning.interval_name, profile.description) == ("1h", "www.voorbeeld.nl")


@pytest.mark.parametrize("extra, line", [
    (["--template", "Bestaat niet"], "config init: --template: 'Bestaat niet' is not an active template of the "
                                     "administration; nothing written"),
    (["--discount", "GEENARTIKEL"], "config init: --discount: 'GEENARTIKEL' is not an active article of the "
                                    "administration; nothing written"),
    (["--revenue-group", "21=Omzet midden"], "config init: --revenue-group: 'Omzet midden' is not a revenue "
                                             "group of the administration; nothing written"),
    (["--interval", "20m"], "config init: --interval: '20m' is not one of off, 5m, 10m, 15m, 30m, 1h, 2h, 4h, "
                            "8h, 12h, 1d; nothing written"),
    (["--database", "elders.sqlite"], "config init: profiles.shop1.snelstart.database: "),
])
def test_a_bad_answer_is_one_line_and_nothing_is_written(folder, shop, extra, line):
    result = script(folder, shop, *extra)
    assert result.returncode == 78 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(line), result.stderr
    assert not folder.config.exists()


def test_what_has_no_usual_answer_must_be_given(folder):
    result = folder.sconnect("config", "init", "--non-interactive", "--kind", "sql")
    assert result.returncode == 2 and not folder.config.exists()
    assert result.stderr.strip() == "config init: also give --shop-id"
    result = folder.sconnect("config", "init", "--non-interactive", "--kind", "sql", "--shop-id", "1")
    assert result.stderr.strip() == "config init: also give --server, --database"


def test_an_existing_file_is_replaced_only_with_force(folder, shop):
    folder.config.write_text("# mine\n")
    refused = script(folder, shop)
    assert refused.returncode == 2 and folder.config.read_text() == "# mine\n"
    assert refused.stderr.strip() == (f"{folder.config} exists; nothing changed (`sconnect config init --force` "
                                      f"replaces it, keeping the old one as config.toml.bak)")
    assert script(folder, shop, "--force").returncode == 0
    assert (folder.folder / "config.toml.bak").read_text() == "# mine\n"
    assert "[profiles.shop1.sales]" in folder.config.read_text()


def test_on_snelstart_web_the_choices_come_from_the_api(folder, shop):
    with B2BSimulator(folder.snapshot, subscription_key="sub-9", client_key="client-9") as api:
        result = folder.sconnect("config", "init", "--non-interactive", "--shop-id", "1817700", "--kind", "b2b",
                                 "--b2b-url", api.base_url, "--token-url", api.token_url, "--shop-url", shop.base_url,
                                 "--template", "Zakelijk", "--payment-costs", "BETAAL", "--state", "state.sqlite",
                                 SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY=KEY, SCONNECT_SHOP1_SNELSTART_SUBSCRIPTION_KEY="sub-9",
                                 SCONNECT_SHOP1_SNELSTART_CLIENT_KEY="client-9")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Simulated administration" in result.stdout
    text = folder.config.read_text()
    assert "sub-9" not in text and "client-9" not in text
    profile = load_config(folder.config, {}, need_secrets=False).profile()
    assert (profile.settings.sales.template, profile.settings.sales.payment_costs.article_code) == ("Zakelijk", "BETAAL")


def answer(child: pexpect.spawn, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.sendline(text)


def test_on_a_terminal_every_question_is_asked_and_the_key_goes_to_the_keyring(folder, shop):
    keyring_file = folder.folder / "keyring.json"
    tests = str(Path(__file__).resolve().parents[1])
    folder.env.update({"PYTHON_KEYRING_BACKEND": "keyring_backend.FileKeyring", "SCONNECT_TEST_KEYRING": str(keyring_file),
                       "PYTHONPATH": os.pathsep.join(filter(None, [tests, folder.env.get("PYTHONPATH")]))})
    child = folder.spawn("config", "init")
    child.logfile_read = transcript = io.StringIO()  # everything the terminal showed
    answer(child, "myShop winkelnummer: ", "18177OO")  # a typo: asked again
    answer(child, "myShop winkelnummer: ", "1817700")
    answer(child, "myShop private key (privésleutel) (not shown as you type): ", KEY)
    answer(child, "Read orders changed from (a date, or an order number) [", "2024-01-01")
    answer(child, "myShop address [https://www.mijnwinkel.nl/RPC/]: ", shop.base_url)
    child.expect_exact("embedded")
    answer(child, "How S-Connect reaches SnelStart [b2b]: ", "5")
    answer(child, "The administration file [administration.sqlite]: ", "")
    child.expect_exact("the administration has 2 sales template(s) and 3 revenue group(s)")
    child.expect_exact("Zakelijk")
    answer(child, "Sales template (verkoopordersjabloon) for new orders [Webshop]: ", "")
    answer(child, "Revenue group of new articles at 21 % VAT [Omzet hoog]: ", "")
    answer(child, "Revenue group of new articles at 9 % VAT [Omzet laag]: ", "2")
    answer(child, "Revenue group of new articles at 0 % VAT [Omzet nul]: ", "-")
    answer(child, "Article for shipping costs (code, - for none) [VERZEND]: ", "")
    answer(child, "Article for payment costs (code, - for none) [-]: ", "BETAAL")
    answer(child, "Article for the voucher discount (code, - for none) [KORTING]: ", "GEENARTIKEL")
    child.expect_exact("'GEENARTIKEL' is not an active article of the administration")
    answer(child, "Article for the voucher discount (code, - for none) [KORTING]: ", "")
    answer(child, "Article for lines without an article code (code, - for none) [WEB]: ", "")
    answer(child, "Import orders every (off, 5m, 10m, 15m, 30m, 1h, 2h, 4h, 8h, 12h, 1d) [15m]: ", "30m")
    child.expect_exact("the keys typed are kept in the keyring (test keyring), not in the file")
    child.expect_exact(f"written: {folder.config}")
    child.expect(pexpect.EOF)
    child.close()
    shown = transcript.getvalue()
    assert child.exitstatus == 0, shown
    assert "'18177OO' is not a winkelnummer (digits only)" in shown
    assert KEY not in shown and "FAIL" not in shown and "OK" in shown
    assert json.loads(keyring_file.read_text())["sconnect"] == {"shop1.myshop.private_key": KEY}
    profile = load_config(folder.config, {}, need_secrets=False).profile()
    assert profile.settings.articles.revenue_group == {"21": "Omzet hoog", "9": "Omzet laag"}
    assert profile.settings.sales.payment_costs.article_code == "BETAAL"
    assert profile.planning.interval_name == "30m" and KEY not in folder.config.read_text()
    check = folder.sconnect("config", "check", **{"PYTHON_KEYRING_BACKEND": "keyring_backend.FileKeyring"})
    assert "shop1: myshop.private_key from the keyring" in check.stdout
