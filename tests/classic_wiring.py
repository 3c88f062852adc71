"""The fake SnelStart Gateway and a classic-shaped SQLite administration, wired into the product
the way the tests do it: the container's two classic providers are overridden — its ODBC source
(the SQLite3 driver on `<folder>/<administration>.sqlite`) and its Gateway library (the fake,
writing into the same file). Production code never does this (tests/unit/test_architecture.py).

`install()` makes every container the product builds in this process come out overridden; a
test driver script calls it before running the command line (tests/e2e/classic_driver.py).
"""
from __future__ import annotations

from pathlib import Path

from dependency_injector import providers

import interfaces.container
from infrastructure.simulators.snelstart_gateway import fake_library_for, sqlite_source
from interfaces.container import Container

SUFFIX = ".sqlite"


def classic_database(profile) -> Path:
    """Where a classic profile's administration lives in the tests: `<folder>/<administration>.sqlite`."""
    connection = profile.snelstart
    if connection.folder is None:
        raise ValueError("the classic tests use the kinds with a folder (mdb, local)")
    return Path(connection.folder) / f"{connection.administration}{SUFFIX}"


def override(container) -> None:
    container.classic_source.override(providers.Callable(lambda p: sqlite_source(classic_database(p)),
                                                         container.profile))
    container.gateway_library.override(providers.Singleton(lambda p: fake_library_for(classic_database(p)),
                                                           container.profile))


def install() -> None:
    """Every Container the product makes from now on is overridden. The commands import the
    container when they need it (`from interfaces.container import Container`, for start-up
    speed), so it is replaced where they look it up."""
    if getattr(interfaces.container, "_classic_fake_installed", False):
        return

    def make(**kwargs):
        container = Container(**kwargs)
        override(container)
        return container

    interfaces.container.Container = make
    interfaces.container._classic_fake_installed = True
