"""Customer data stays private, as a user sees it: what the history and the run summaries keep
(no e-mail address, no name), `sconnect forget`, the log line when an old state file is made
private, and URL settings that carry a password."""
from __future__ import annotations

import json
import os
import sqlite3
import stat

CHANGED = "20240305120000"
SHARED_MAILBOX = "info@bakker-familie.nl"  # relations 1004 and 1005 in the demo administration


def _ambiguous_order(shop) -> None:
    shop.add_order(50, change_time=CHANGED, email=SHARED_MAILBOX, billing_firstname="Pieter",
                   billing_lastname="Bakkerman", billing_street="Oudegracht", billing_housenumber="231",
                   billing_postcode="3511 NK", billing_city="Utrecht", phone="0612398765")


def _stored_text(installation) -> str:
    con = sqlite3.connect(installation.folder / "state.sqlite")
    try:
        rows = con.execute("SELECT last_error, warnings FROM processed_order").fetchall()
        rows += con.execute("SELECT summary, '' FROM run").fetchall()
    finally:
        con.close()
    return "\n".join(str(value) for row in rows for value in row)


def _state_bytes(installation) -> bytes:
    return b"".join(p.read_bytes() for p in installation.folder.iterdir() if p.name.startswith("state.sqlite"))


def test_the_history_and_the_run_summaries_keep_no_e_mail_address_or_name(installation, shop):
    _ambiguous_order(shop)
    code, report = installation.run_json()
    assert code == 3
    failed = next(o for o in report["orders"] if o["order"] == "50")
    assert SHARED_MAILBOX in failed["reason"] and "1004" in failed["reason"]  # the run shows it all
    history = {h["order"]: h for h in json.loads(installation.sconnect("history", "--json", check=True).stdout)}
    note = history["50"]["last_error"]
    assert "ambiguous customer" in note and "1004" in note and "1005" in note and "<e-mail address>" in note
    stored = _stored_text(installation)
    for identifier in (SHARED_MAILBOX, "Bakkerman", "Pieter", "devries.nl", "Oudegracht"):
        assert identifier not in stored, identifier
    assert '"created": 5' in stored  # the summary keeps its counts


def test_forget_an_address_removes_it_from_every_byte_of_the_state_store(installation, shop):
    _ambiguous_order(shop)
    installation.run_json()
    detailed = installation.sconnect("log", "--detailed", check=True).stdout
    assert SHARED_MAILBOX in detailed
    result = installation.sconnect("forget", "--email", SHARED_MAILBOX.upper(), check=True)
    assert "order 50" in result.stdout and "SnelStart" in result.stdout
    detailed = installation.sconnect("log", "--detailed", check=True).stdout
    assert "bakker-familie" not in detailed and "Bakkerman" not in detailed and "order 50" not in detailed
    assert "order 12:" in detailed  # the other customers' entries stay
    history = {h["order"]: h for h in json.loads(installation.sconnect("history", "--json", check=True).stdout)}
    assert history["50"]["state"] == "failed" and history["50"]["last_error"] is None
    raw = _state_bytes(installation)
    assert b"bakker-familie" not in raw and b"Bakkerman" not in raw and b"Oudegracht" not in raw


def test_forget_a_booked_order_keeps_what_makes_it_booked_once(installation, shop):
    installation.run_json()
    booked = {h["order"]: h for h in json.loads(installation.sconnect("history", "--json", check=True).stdout)}
    assert "inkoop@devries.nl" in installation.sconnect("log", "--detailed", check=True).stdout
    result = installation.sconnect("forget", "--order", "12", check=True)
    assert "order 12" in result.stdout
    log = installation.sconnect("log", "--detailed", "--json", check=True).stdout
    assert all(entry["order"] != "12" for entry in json.loads(log))
    after = {h["order"]: h for h in json.loads(installation.sconnect("history", "--json", check=True).stdout)}
    assert after["12"]["state"] == "booked" and after["12"]["sales_order"] == booked["12"]["sales_order"]
    assert "on request (sconnect forget): 1 order and" in installation.sconnect("log", check=True).stdout  # not whom
    shop.update_order("1817700_00012", change_time="20240306120000")  # the shop sends it again
    code, again = installation.run_json()
    assert code == 0 and again["created"] == 0
    assert installation.sconnect("forget", "--order", "99", check=True).stdout.count("nothing") == 1


def test_forget_needs_an_address_or_an_order(installation):
    result = installation.sconnect("forget")
    assert result.returncode == 2 and "--email" in result.stderr and "--order" in result.stderr


def test_an_old_state_file_open_to_others_is_made_private_and_the_log_says_so(installation):
    installation.run_json()
    state = installation.folder / "state.sqlite"
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o600
    os.chmod(state, 0o644)  # as an S-Connect before this change left it
    installation.sconnect("history", check=True)  # a command that writes nothing else
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o600
    log = installation.sconnect("log", check=True).stdout
    assert f"{state} could be read by other users of this computer (0644); made 0600" in log


def test_a_password_in_a_url_setting_is_never_shown(installation, shop):
    secret_url = shop.base_url.replace("http://", "http://anne:Geheim-W8w00rd@").replace("/RPC/", "/wrong/")
    installation.config.write_text(installation.config.read_text().replace(shop.base_url, secret_url))
    outputs = [installation.sconnect(*args) for args in
               (["run"], ["run", "--json"], ["test-connection"], ["test-connection", "--json"],
                ["config", "check", "--json"], ["config", "check"], ["log", "--detailed"])]
    assert outputs[0].returncode == 78  # the wrong path: a configuration error naming the address
    for result in outputs:
        assert "Geheim-W8w00rd" not in result.stdout + result.stderr
        assert "anne:" not in result.stdout + result.stderr
    shown = shop.base_url.replace("/RPC/", "/wrong/")
    assert shown in outputs[0].stderr
    config = json.loads(outputs[4].stdout)
    assert config["profiles"]["shop1"]["myshop"]["base_url"] == shown
    assert b"Geheim-W8w00rd" not in _state_bytes(installation)
