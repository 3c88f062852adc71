"""Connection strings per classic kind and platform, the driver choice and its override, which
administrations a folder holds, and why a connection was refused — in words a user can act on."""
from __future__ import annotations

from pathlib import Path

import pytest

from domain.errors import ConfigurationError, ServiceUnavailable
from infrastructure.config.model import Secret, SnelStartConnection, SnelStartKind
from infrastructure.snelstart.classic.sources import (LOCALDB_INSTANCE, administrations_in, check_administration_file,
                                                      classic_source, connect_refusal)
from infrastructure.snelstart.odbc.access import AccessDialect
from infrastructure.snelstart.odbc.tsql import TSqlDialect


def attributes(connection_string: str) -> dict[str, str]:
    """Parses ODBC's `key=value;` with {braced} values (a `}}` inside braces is one `}`)."""
    found, i, text = {}, 0, connection_string
    while i < len(text):
        key_end = text.index("=", i)
        key, i = text[i:key_end].upper(), key_end + 1
        if text[i] == "{":
            value, i = "", i + 1
            while True:
                if text[i] == "}" and text[i + 1:i + 2] == "}":
                    value, i = value + "}", i + 2
                elif text[i] == "}":
                    i += 1
                    break
                else:
                    value, i = value + text[i], i + 1
        else:
            end = text.index(";", i)
            value, i = text[i:end], end
        found[key] = value
        i += 1  # the ';'
    return found


def sql(**changes) -> SnelStartConnection:
    values = dict(kind=SnelStartKind.SQL, server=r"KANTOOR\SNELSTART", database="Voorbeeld; BV")
    values.update(changes)
    return SnelStartConnection(**values)


def test_sql_with_windows_authentication_takes_the_installed_driver_and_encrypts():
    source = classic_source(sql(), drivers=lambda: ["SQLite3", "ODBC Driver 17 for SQL Server"])
    found = attributes(source.connection_string)
    assert found == {"DRIVER": "ODBC Driver 17 for SQL Server", "SERVER": r"KANTOOR\SNELSTART",
                     "DATABASE": "Voorbeeld; BV", "TRUSTED_CONNECTION": "yes", "ENCRYPT": "yes"}
    assert isinstance(source.dialect, TSqlDialect)
    assert source.what == r"database Voorbeeld; BV on SQL Server KANTOOR\SNELSTART"


def test_sql_with_a_login_keeps_the_password_out_of_what_is_shown():
    source = classic_source(sql(username="sconnect", password=Secret("ge}heim;=x"), encrypt=False,
                                trust_server_certificate=True, odbc_driver="FreeTDS"), drivers=lambda: [])
    found = attributes(source.connection_string)
    assert (found["DRIVER"], found["UID"], found["PWD"], found["ENCRYPT"], found["TRUSTSERVERCERTIFICATE"]) == \
        ("FreeTDS", "sconnect", "ge}heim;=x", "no", "yes")
    assert "TRUSTED_CONNECTION" not in found
    assert "geheim" not in source.what and "ge}heim" not in repr(source.what)


def test_without_any_sql_server_driver_the_usual_one_is_named_so_the_message_says_what_to_install():
    assert attributes(classic_source(sql(), drivers=lambda: [])
                      .connection_string)["DRIVER"] == "ODBC Driver 18 for SQL Server"


def test_local_attaches_the_administration_file_on_localdb(tmp_path):
    connection = SnelStartConnection(kind=SnelStartKind.LOCAL, folder=tmp_path, administration="Voorbeeld")
    found = attributes(classic_source(connection, drivers=lambda: ["ODBC Driver 18 for SQL Server"]).connection_string)
    assert (found["SERVER"], found["ATTACHDBFILENAME"], found["DATABASE"], found["ENCRYPT"]) == \
        (LOCALDB_INSTANCE, str(tmp_path / "Voorbeeld.mdf"), "Voorbeeld", "no")
    other = SnelStartConnection(kind=SnelStartKind.LOCAL, folder=tmp_path, administration="Voorbeeld.mdf",
                                server=r"(localdb)\snelstart")
    assert attributes(classic_source(other, drivers=lambda: []).connection_string)["SERVER"] == r"(localdb)\snelstart"


@pytest.mark.parametrize("platform, driver, limited", [("win32", "Microsoft Access Driver (*.mdb, *.accdb)", False),
                                                       ("linux", "MDBTools", True)])
def test_mdb_takes_the_access_driver_on_windows_and_mdbtools_on_linux(tmp_path, platform, driver, limited):
    connection = SnelStartConnection(kind=SnelStartKind.MDB, folder=tmp_path, administration="Oud")
    source = classic_source(connection, platform=platform)
    assert attributes(source.connection_string) == {"DRIVER": driver, "DBQ": str(tmp_path / "Oud.mdb")}
    assert isinstance(source.dialect, AccessDialect) and source.dialect.limited is limited


def test_odbc_driver_overrides_the_choice_and_mdbtools_is_known_by_its_name(tmp_path):
    connection = SnelStartConnection(kind=SnelStartKind.MDB, folder=tmp_path, administration="Oud",
                                     odbc_driver="MDBTools ODBC")
    source = classic_source(connection, platform="win32")
    assert attributes(source.connection_string)["DRIVER"] == "MDBTools ODBC" and source.dialect.limited


def test_a_folder_lists_its_administrations_and_a_missing_one_names_them(tmp_path):
    for name in ("Voorbeeld BV.mdb", "archief.MDB", "notities.txt", "Lokaal.mdf"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "map.mdb").mkdir()
    assert administrations_in(tmp_path, SnelStartKind.MDB) == ["archief", "Voorbeeld BV"]
    assert administrations_in(tmp_path, SnelStartKind.LOCAL) == ["Lokaal"]
    connection = SnelStartConnection(kind=SnelStartKind.MDB, folder=tmp_path, administration="Andere")
    with pytest.raises(ConfigurationError) as refused:
        check_administration_file(connection, "profiles.shop1.snelstart")
    assert str(refused.value) == (f"profiles.shop1.snelstart.administration: administration not found: no Andere.mdb "
                                  f"in {tmp_path} (the administrations there: archief, Voorbeeld BV)")
    found = SnelStartConnection(kind=SnelStartKind.MDB, folder=tmp_path, administration="Voorbeeld BV")
    assert check_administration_file(found) == tmp_path / "Voorbeeld BV.mdb"
    with pytest.raises(ConfigurationError, match="is not a folder"):
        check_administration_file(SnelStartConnection(kind=SnelStartKind.MDB, folder=tmp_path / "nope",
                                                      administration="x"))


class OdbcError(Exception):
    """As pyodbc.Error: args = (SQLSTATE, the driver's message)."""


# SQL Server's own words for each refusal (SQLSTATE, native message), as its ODBC driver reports them.
@pytest.mark.parametrize("state, text, kind, words", [
    ("28000", "[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Login failed for user 'sconnect'. (18456)",
     ConfigurationError, "login refused"),
    ("42000", "[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Cannot open database \"Voorbeeld\" requested "
              "by the login. The login failed. (4060)", ConfigurationError, "administration not found"),
    ("08001", "[Microsoft][ODBC Driver 18 for SQL Server]TCP Provider: No such host is known. (11001)",
     ServiceUnavailable, "server not found or not reachable"),
    ("HYT00", "[Microsoft][ODBC Driver 18 for SQL Server]Login timeout expired (0)", ServiceUnavailable,
     "server not found"),
])
def test_a_refused_sql_server_connection_says_why(state, text, kind, words):
    reason = connect_refusal(classic_source(sql(), drivers=lambda: []))(OdbcError(state, text))
    assert isinstance(reason, kind) and words in str(reason) and "\n" not in str(reason)


def test_an_access_refusal_keeps_the_drivers_words(tmp_path):
    connection = SnelStartConnection(kind=SnelStartKind.MDB, folder=tmp_path, administration="x")
    assert connect_refusal(classic_source(connection))(OdbcError("HY000", "whatever")) is None
