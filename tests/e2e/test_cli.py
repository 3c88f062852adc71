"""The command line as a user runs it: exit codes, one-line errors, JSON shapes, no secrets."""
from __future__ import annotations

import json
import shlex
import subprocess

import openpyxl

from installation import KEY, snelstart_section


def test_run_json_books_the_shop_and_a_rerun_books_nothing(installation):
    code, report = installation.run_json()
    assert code == 0
    assert (report["profile"], report["created"], report["failed"]) == ("shop1", 5, 0)
    assert {o["order"] for o in report["orders"]} == {"12", "13", "14", "15", "17"}  # 16 was abandoned
    created = report["orders"][0]
    assert set(created) >= {"order", "status", "sales_order", "customer", "customer_created"}
    code, again = installation.run_json()
    assert (code, again["created"], again["orders"]) == (0, 0, [])
    assert len(installation.sales_orders()) == 1 + 5  # the one already there, and five new


def test_a_failed_order_gives_exit_3_and_its_reason_while_the_others_are_booked(installation, shop):
    # An order on an article code nobody knows, in a profile that may not create articles:
    installation.config.write_text(installation.config.read_text().replace(
        '[profiles.shop1.articles]', '[profiles.shop1.articles]\nprocessing = "manual"'))
    installation.config.write_text(installation.config.read_text().replace(
        'default_article_code = "WEB"', 'default_article_code = "BESTAATNIET"'))
    code, report = installation.run_json()
    assert code == 3
    failed = [o for o in report["orders"] if o["status"] == "failed"]
    assert failed and all("\n" not in o["reason"] and "BESTAATNIET" in o["reason"] for o in failed)
    assert report["created"] >= 1


def test_history_status_and_log(installation, tmp_path):
    installation.run_json()
    history = json.loads(installation.sconnect("history", "--json", check=True).stdout)
    assert {h["order"] for h in history} == {"12", "13", "14", "15", "17"}
    assert all(h["state"] == "booked" and h["sales_order"] for h in history)
    status = json.loads(installation.sconnect("status", "--json", check=True).stdout)["profiles"]
    assert status[0]["profile"] == "shop1" and status[0]["state"] == "ready"
    assert status[0]["last_run"]["created"] == 5
    assert "Gereed" in installation.sconnect("status", check=True).stdout
    log = installation.sconnect("log", "--detailed", check=True).stdout
    assert "booked: verkooporder" in log and "customer:" in log
    xlsx = tmp_path / "log.xlsx"
    installation.sconnect("log", "export", str(xlsx), check=True)
    rows = list(openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("time", "profile") and len(rows) > 5
    assert "removed" in installation.sconnect("log", "clear", check=True).stdout
    assert json.loads(installation.sconnect("log", "--json", check=True).stdout) == []


def test_secrets_never_appear_in_output_log_or_state(installation):
    outputs = [installation.sconnect(*args) for args in
               (["run", "--json"], ["history", "--json"], ["log", "--detailed"], ["config", "check", "--json"],
                ["status", "--json"])]
    for result in outputs:
        assert KEY not in result.stdout and KEY not in result.stderr
    for file in installation.folder.iterdir():
        assert KEY.encode() not in file.read_bytes(), file.name
    assert "***" in outputs[3].stdout


def test_a_bad_configuration_value_is_one_line_naming_the_key_exit_78(installation):
    installation.config.write_text(installation.config.read_text().replace(
        'recipes = "when_always"', 'lines = "fully"'))
    result = installation.sconnect("run")
    assert result.returncode == 78
    assert result.stderr.strip().splitlines() == [
        "configuration error: profiles.shop1.sales.lines: 'fully' is not one of full, code_and_quantity, "
        "description_from_snelstart"]
    assert "Traceback" not in result.stderr


def test_an_unknown_setting_is_refused_naming_it(installation):
    installation.config.write_text(installation.config.read_text().replace(
        'template = "Webshop"', 'template = "Webshop"\ntempalte = "x"'))
    result = installation.sconnect("config", "check")
    assert result.returncode == 78 and "profiles.shop1.sales.tempalte" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unreachable_shop_is_exit_75_in_one_line(installation, shop):
    shop.stop()
    result = installation.sconnect("run")
    assert result.returncode == 75, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    status = json.loads(installation.sconnect("status", "--json", check=True).stdout)["profiles"]
    assert status[0]["last_run"]["error"]


def test_a_usage_error_is_exit_2(installation):
    assert installation.sconnect("run", "--no-such-option").returncode == 2


def test_embedded_dump_and_load_round_trip(installation, tmp_path):
    installation.run_json()
    dumped = installation.sconnect("embedded", "dump", check=True).stdout
    snapshot = json.loads(dumped)
    assert len(snapshot["verkooporders"]) == 6
    file = tmp_path / "snap.json"
    file.write_text(dumped)
    installation.sconnect("embedded", "load", str(file), check=True)
    assert installation.sconnect("embedded", "dump", check=True).stdout == dumped
    snapshot["relaties"][0]["vestigingsAdres"]["postcode"] = 1234
    file.write_text(json.dumps(snapshot))
    bad = installation.sconnect("embedded", "load", str(file))
    assert bad.returncode != 0 and "relaties[0].vestigingsAdres.postcode" in bad.stderr
    assert installation.sconnect("embedded", "dump", check=True).stdout == dumped  # nothing half-loaded


def test_test_connection_reports_each_part(installation, shop):
    result = installation.sconnect("test-connection", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {c["part"]: c for c in json.loads(result.stdout)}
    assert checks["myShop"]["ok"] and "5 orders" in checks["myShop"]["message"]
    assert checks["SnelStart read"]["ok"] and checks["SnelStart write"]["ok"]
    assert checks["profiles.shop1.sales.shipping_costs"]["message"] == "article VERZEND: Verzendkosten"


def test_test_connection_names_a_setting_that_points_at_nothing(installation):
    installation.config.write_text(installation.config.read_text().replace(
        'template = "Webshop"', 'template = "Winkel"'))
    result = installation.sconnect("test-connection")
    assert result.returncode == 78
    assert "profiles.shop1.sales.template: 'Winkel' not found in SnelStart" in " ".join(result.stdout.split())


def test_test_connection_with_a_wrong_key_says_what_to_check(installation):
    installation.env["SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY"] = "not-the-key-at-all"
    result = installation.sconnect("test-connection", "--json")
    assert result.returncode == 78  # a setting to fix, not an outage
    shop = json.loads(result.stdout)[0]
    assert not shop["ok"] and "not-the-key-at-all" not in result.stdout + result.stderr


def test_explain_shows_why_the_customer_was_chosen_and_writes_nothing(installation):
    before = installation.snapshot()  # contents, not bytes: SQLite may checkpoint its log on close
    result = installation.sconnect("explain", "12", "--json", check=True)
    data = json.loads(result.stdout)
    assert data["customer"]["relation"] == 1001 and not data["customer"]["new"]
    assert "inkoop@devries.nl" in data["customer"]["explanation"]
    assert data["plan"]["payment_reference"] == "12" and data["plan"]["lines"]
    assert data["history"] is None
    assert installation.snapshot() == before
    text = installation.sconnect("explain", "13", check=True).stdout
    assert "new customer" in text
    installation.run_json()
    again = json.loads(installation.sconnect("explain", "12", "--json", check=True).stdout)
    assert again["history"]["state"] == "booked"


def test_the_signing_recipe_is_a_setting_and_test_connection_names_one_that_works(installation):
    installation.config.write_text(installation.config.read_text().replace(
        'base_url = ', 'signing = "no_module_in_hash"\nbase_url = '))
    run = installation.sconnect("run")
    assert run.returncode == 78, run.stderr
    assert "privésleutel" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    check = installation.sconnect("test-connection", "--json")
    shop = json.loads(check.stdout)[0]
    assert not shop["ok"] and "'default'" in shop["message"]


def test_an_sql_profile_on_a_machine_without_its_driver_says_so_in_one_line(installation):
    # SnelStart desktop (sql) reads over ODBC with Microsoft's SQL Server driver: a machine
    # without it says which driver and how to get it, in one line (docs/classic.md).
    config = installation.config.read_text()
    assert snelstart_section(installation.kind) in config
    installation.config.write_text(config.replace(
        snelstart_section(installation.kind), 'kind = "sql"\nserver = "srv"\ndatabase = "Administratie"\n'
                                              'odbc_driver = "No Such SQL Server Driver"')
        .replace('payment_costs = "cost_type_1"', 'payment_costs = { line = "BETAAL" }'))
    result = installation.sconnect("run")
    assert result.returncode == 78
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("configuration error: the ODBC driver 'No Such SQL Server Driver' is not installed; ")


def test_schedule_once_runs_a_due_profile_and_plans_the_next_run(installation):
    installation.config.write_text(installation.config.read_text() +
                                   '\n[profiles.shop1.planning]\ninterval = "15m"\nnext_run = "2024-01-01T00:00:00"\n')
    result = installation.sconnect("schedule", "--once", check=True)
    assert "shop1: booked 5" in result.stdout
    status = json.loads(installation.sconnect("status", "--json", check=True).stdout)["profiles"][0]
    assert status["interval"] == "15m" and status["next_run"] > "2025"
    again = installation.sconnect("schedule", "--once", check=True)
    assert "created" not in again.stdout  # not due again before the next quarter


def test_schedule_once_with_planning_off_says_so_and_how_to_run_now(installation):
    result = installation.sconnect("schedule", "--once", check=True)
    line = result.stdout.strip()
    assert line.startswith("nothing to run: no profile has planned runs (planning.interval is off in ")
    run_now = line.rsplit("run a profile now with: ", 1)[1]
    assert shlex.split(run_now)[1:] == ["--config", str(installation.config), "run"]


def test_an_order_that_fails_too_often_is_held_until_released_then_booked_once(installation):
    original = installation.config.read_text()
    installation.config.write_text(original.replace(
        '[profiles.shop1.articles]', '[profiles.shop1.articles]\nprocessing = "manual"').replace(
        'default_article_code = "WEB"', 'default_article_code = "BESTAATNIET"'))
    reports = [installation.run_json()[1] for _ in range(3)]  # max_attempts = 3
    failed = sorted(o["order"] for o in reports[0]["orders"] if o["status"] == "failed")
    assert failed and all(o.get("held") for o in reports[2]["orders"])
    assert reports[2]["held"]["orders"] == failed
    installation.config.write_text(original)  # the user fixes the setting …
    # … held orders wait for the user, and every run says so: exit 3, which, and the command.
    code, report = installation.run_json()
    assert (code, report["orders"]) == (3, [])
    assert (report["held"]["count"], report["held"]["orders"]) == (len(failed), failed)
    release = report["held"]["release"]
    assert release.split()[-len(failed):] == failed and str(installation.config) in release
    text = installation.sconnect("run")
    assert text.returncode == 3 and release in " ".join(text.stdout.split())
    assert f"{len(failed)} orders held ({', '.join(failed)})" in text.stdout
    status = json.loads(installation.sconnect("status", "--json", check=True).stdout)["profiles"][0]
    assert status["held"] == {"count": len(failed), "orders": failed, "release": release}
    assert release in " ".join(installation.sconnect("status", check=True).stdout.split())
    released = subprocess.run(shlex.split(release), env=installation.env, capture_output=True, text=True)
    assert released.returncode == 0, released.stderr  # the command runs as printed
    assert all(f"order {n} released" in released.stdout for n in failed)
    missing = installation.sconnect("retry", "12345")
    assert missing.returncode == 2 and missing.stderr.strip() == "order 12345 is not in the history; nothing to release"
    code, report = installation.run_json()
    assert code == 0 and sorted(o["order"] for o in report["orders"] if o["status"] == "created") == failed
    assert report["held"] == {"count": 0, "orders": []}
    refs = [o.payment_reference for o in installation.sales_orders()]
    assert all(refs.count(n) == 1 for n in failed)
    again = installation.sconnect("retry", failed[0])
    assert again.returncode == 2 and "is booked, not held" in again.stderr


def test_test_connection_when_the_shop_is_down_is_exit_75(installation, shop):
    shop.stop()
    assert installation.sconnect("test-connection").returncode == 75


def test_looking_at_history_status_and_log_needs_no_shop_key(installation):
    installation.run_json()
    del installation.env["SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY"]
    for args in (["history"], ["status"], ["log"], ["embedded", "dump"]):
        assert installation.sconnect(*args).returncode == 0, args
    run = installation.sconnect("run")
    assert run.returncode == 78 and "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY" in run.stderr


def test_bad_log_options_are_usage_errors(installation, tmp_path):
    assert installation.sconnect("log", "--since", "gisteren").returncode == 2
    assert installation.sconnect("log", "export", str(tmp_path / "log.csv")).returncode == 2


def test_a_planned_profile_that_never_ran_shows_its_first_run(installation):
    installation.config.write_text(installation.config.read_text() + '\n[profiles.shop1.planning]\ninterval = "15m"\n')
    status = json.loads(installation.sconnect("status", "--json", check=True).stdout)["profiles"][0]
    assert (status["interval"], status["next_run"], status["due"]) == ("15m", None, True)
    assert "first run when the scheduler starts" in installation.sconnect("status", check=True).stdout


def test_a_missing_administration_file_is_a_configuration_error_not_an_empty_administration(installation):
    installation.admin_file.unlink()
    result = installation.sconnect("run")
    assert result.returncode == 78 and "does not exist" in result.stderr



def test_which_order_statuses_are_imported_is_a_setting(installation):
    installation.config.write_text(installation.config.read_text().replace(
        'base_url = ', 'skip_statuses = ["aborted", "cancelled", "Shipped"]\nbase_url = '))
    code, report = installation.run_json()
    assert code == 0 and {o["order"] for o in report["orders"]} == {"12", "13", "14", "17"}  # 15 is shipped


def test_embedded_load_says_which_items_it_gave_an_id(installation, tmp_path):
    snapshot = json.loads(installation.sconnect("embedded", "dump", check=True).stdout)
    del snapshot["verkoopordersjablonen"][0]["id"]
    for order in snapshot["verkooporders"]:
        order.pop("verkoopordersjabloon", None)  # (they referred to it by the id now gone)
    file = tmp_path / "zonder-id.json"
    file.write_text(json.dumps(snapshot))
    loaded = installation.sconnect("embedded", "load", str(file), check=True)
    assert ("note: 1 in verkoopordersjablonen without an id (verkoopordersjablonen[0]); S-Connect gave it one, "
            "shown by `embedded dump`") in loaded.stderr
    given = json.loads(installation.sconnect("embedded", "dump", check=True).stdout)["verkoopordersjablonen"][0]
    assert given["id"] and given["omschrijving"] == "Webshop"
