"""`sconnect forget` against a real state file: an address is matched whole (forgetting
"an@x.nl" leaves "jan@x.nl"'s orders alone), and what the bookkeeper reads says which forgotten
orders a later run reads from the shop again and which SnelStart relation holds the person."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from application.forget import forget
from application.ports import AdministrationIdentity
from domain.customer import Relation, RelationAddress
from infrastructure.clock import FixedClock
from infrastructure.snelstart.b2b import relation_copy
from infrastructure.state import SqliteStateStore
from interfaces.cli import app
from profiles import config_text, profile

NOW = datetime.now().replace(microsecond=0)  # the CLI purges the log against the real clock


def _fill(store: SqliteStateStore) -> None:
    run = store.start_run("shop1", NOW)
    store.claim("shop1", "12", "a12", "h12", None)
    store.record_booked("shop1", "12", 7, 1001, Decimal("10.00"), Decimal("10.00"))
    store.record_failed("shop1", "13", "a13", "relation 1002 is inactive in SnelStart", 5)
    store.claim("shop1", "14", "a14", "h14", None)
    store.record_booked("shop1", "14", 8, 1003, Decimal("5.00"), Decimal("5.00"))
    for number, text in (("12", "customer: e-mail an@x.nl (relation e-mail): relation 1001 (Anna Klant)"),
                         ("13", "customer: e-mail An@X.nl: relation 1002 is inactive"),
                         ("14", "customer: e-mail jan@x.nl (relation e-mail): relation 1003 (Jan Klant)"),
                         ("", "mail to an@x.nl. bounced")):
        store.log("shop1", run, number, "detailed", text, NOW)
    store.flush_log()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text(config_text(profile("shop1")), encoding="utf-8")
    (tmp_path / "administration.sqlite").write_bytes(b"")
    monkeypatch.setenv("SCONNECT_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("COLUMNS", "100")
    with SqliteStateStore(tmp_path / "state.sqlite", clock=FixedClock(NOW)) as store:
        _fill(store)
    return tmp_path


def test_an_address_is_matched_whole_and_in_any_case(folder):
    with SqliteStateStore(folder / "state.sqlite", clock=FixedClock(NOW)) as store:
        done = forget(store, "shop1", email="an@x.nl")
        assert done.numbers == ("12", "13") and done.log_entries == 3
        assert [o.order_number for o in done.not_booked] == ["13"] and done.relations == (1001,)
        left = [entry.message for entry in store.log_entries("shop1", detailed=True)]
        assert left == ["customer: e-mail jan@x.nl (relation e-mail): relation 1003 (Jan Klant)"]
        assert store.get("shop1", "12").sales_order == 7 and store.get("shop1", "13").last_error == ""
        assert store.get("shop1", "14").state.value == "booked"


def test_the_bookkeeper_reads_what_was_forgotten_what_comes_back_and_where_snelstart_has_it(folder):
    result = CliRunner().invoke(app, ["forget", "--email", "AN@x.nl"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "shop1: forgot orders 12 and 13" in said and "3 log entries removed" in said
    assert "Not booked: 13 (failed). As long as the shop has it, a run that reads it again logs" in said
    assert "In SnelStart: relation 1001 (order 12)." in said and "Remove or anonymise the relation" in said
    assert "jan@x.nl" not in said
    again = CliRunner().invoke(app, ["forget", "--email", "an@x.nl"])
    assert "shop1: nothing stored about an@x.nl" in again.output


@pytest.mark.parametrize("given", ["an", "x.nl", "an@x.nl jan@x.nl"])
def test_forget_refuses_what_is_not_one_whole_address(folder, given):
    result = CliRunner().invoke(app, ["forget", "--email", given])
    assert result.exit_code == 2 and "is not an e-mail address" in result.output
    with SqliteStateStore(folder / "state.sqlite") as store:
        assert len(store.log_entries("shop1", detailed=True)) == 4  # nothing was forgotten


def test_the_log_says_how_long_it_keeps_what_it_holds(folder):
    assert "Kept four weeks" in " ".join(CliRunner().invoke(app, ["log", "--help"]).output.split())
    assert CliRunner().invoke(app, ["log", "clear"]).exit_code == 0
    assert CliRunner().invoke(app, ["log"]).output.strip() == "the log is empty (entries are kept four weeks)"


def test_a_runs_stop_reason_is_kept_without_an_e_mail_address(tmp_path):
    with SqliteStateStore(tmp_path / "state.sqlite", clock=FixedClock(NOW)) as store:
        run = store.start_run("shop1", NOW)
        store.finish_run(run, NOW, {"created": 1, "error": "SnelStart refused relation for jan@x.nl: HTTP 500",
                                    "orders": [{"order": "12", "reason": "e-mail jan@x.nl"}]})
        assert store.last_run("shop1")["summary"] == {"created": 1,
                                                      "error": "SnelStart refused relation for <e-mail address>: "
                                                               "HTTP 500"}


def test_the_history_of_an_earlier_administration_is_forgotten_too(folder):
    """`history new` sets the old history aside (archived_order, issue 20) with its reasons and
    warnings; forget empties them there as in the history in use, and says so."""
    state = folder / "state.sqlite"
    with SqliteStateStore(state, clock=FixedClock(NOW)) as store:
        store.record_failed("shop1", "15", "a15", "Zwanenburg Hoveniers: no article ZWAN-KLEI-9", 1)
        store.start_new_history("shop1", AdministrationIdentity("admin-2", "De echte"), "")
    result = CliRunner().invoke(app, ["forget", "--order", "15", "--order", "13"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "shop1: forgot orders 13 and 15 1 log entry removed. In the history of an earlier administration " \
        "(set aside by 'history new'): orders 13 and 15, their stored reasons and warnings emptied." in said, said
    with SqliteStateStore(state, clock=FixedClock(NOW)) as store:
        store.flush_log()
    raw = b"".join(p.read_bytes() for p in folder.glob("state.sqlite*"))
    assert b"Zwanenburg" not in raw and b"ZWAN-KLEI" not in raw and b"is inactive in SnelStart" not in raw


@pytest.mark.parametrize("asked", [["--order", "12"], ["--email", "an@x.nl"]])
def test_the_copy_of_snelstarts_relations_is_removed_whole(folder, asked):
    """B2B recognition keeps SnelStart's relations between runs (relation_copy): names, streets,
    e-mail addresses. forget removes the copy whole, by an order number as by an address, and
    says so; the next run reads it from SnelStart again."""
    people = [Relation(1001, "Zwanenburg Hoveniers", RelationAddress("", "Kwakelpad 17", "1431 AB", "Aalsmeer"),
                       email="an@x.nl")]
    people += [Relation(2000 + n, f"Klant {n}", RelationAddress("", f"Laan {n}", "1000 AA", "Amsterdam"))
               for n in range(150)]
    with SqliteStateStore(folder / "state.sqlite", clock=FixedClock(NOW)) as store:
        store.keep_relation_copy("adm-1", {r.code: relation_copy.dumps(r) for r in people}, "2024-03-01T10:00:00",
                                 full_read_at=datetime.now(timezone.utc))
    raw = b"".join(p.read_bytes() for p in folder.glob("state.sqlite*"))
    assert b"Zwanenburg" in raw and b"Kwakelpad" in raw  # the test sees what it looks for

    result = CliRunner().invoke(app, ["forget", *asked])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "S-Connect's copy of SnelStart's relations removed (151 relations, with their names, addresses" in said
    assert "reads it whole from SnelStart again" in said
    with SqliteStateStore(folder / "state.sqlite", clock=FixedClock(NOW)) as store:
        assert store.relation_copy("adm-1") is None
    raw = b"".join(p.read_bytes() for p in folder.glob("state.sqlite*"))
    assert b"Zwanenburg" not in raw and b"Kwakelpad" not in raw and b"Klant 149" not in raw
