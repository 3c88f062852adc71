"""The SnelStart Gateway as a COM library: its objects by class name, and its failures in words.

The Gateway is a Windows COM component (reference/snelstart.md §6.1): `clsGWaySnelStart` (the
session), `clsGWKlant` (a customer card) and `clsGWayLoginSettings`, reached through pywin32
(`pip install "sconnect[windows]"`). Its ProgIDs are `<library>.<class>`; the library is the part
of `snelstart.gateway_progid` before the dot. Nothing here runs on Linux: there the library says,
in one line, that the Gateway is not installed — that is what a Linux machine has to say.
"""
from __future__ import annotations

import sys
from typing import Any, Protocol

from domain.errors import ConfigurationError
from infrastructure.config.model import GATEWAY_PROGID

DEFAULT_PROGID = GATEWAY_PROGID
SESSION, CUSTOMER, LOGIN_SETTINGS = "clsGWaySnelStart", "clsGWKlant", "clsGWayLoginSettings"


class GatewayNotInstalled(ConfigurationError):
    """The Gateway cannot be reached on this machine at all (exit 78: nothing to retry)."""


class GatewayLibrary(Protocol):
    """Makes the Gateway's objects; each behaves as the COM object of that class."""

    progid: str

    def create(self, class_name: str) -> Any: ...


class ComLibrary:
    """The real Gateway through pywin32's late binding (`win32com.client.Dispatch`)."""

    def __init__(self, progid: str = DEFAULT_PROGID, platform: str = sys.platform):
        self.progid = progid
        self._library = progid.rsplit(".", 1)[0] if "." in progid else progid
        self._platform = platform

    def create(self, class_name: str) -> Any:
        if self._platform != "win32":
            raise GatewayNotInstalled(f"the SnelStart Gateway is not installed: it is a Windows COM component, and "
                                      f"this machine runs {_system_name(self._platform)} (writing to SnelStart desktop "
                                      "needs Windows with SnelStart installed)")
        try:
            import pythoncom  # noqa: F401  (pywin32)
            import win32com.client
        except ImportError:
            raise GatewayNotInstalled("the SnelStart Gateway cannot be used: pywin32 is not installed; install it "
                                      'with: pip install "sconnect[windows]"') from None
        progid = self.progid if class_name == SESSION else f"{self._library}.{class_name}"
        try:
            return win32com.client.Dispatch(progid)
        except Exception as error:  # pywintypes.com_error: the class is not registered
            raise GatewayNotInstalled(f"the SnelStart Gateway is not installed (COM class {progid} not found: "
                                      f"{describe(error)}); install SnelStart with its Gateway, or set "
                                      "snelstart.gateway_progid") from None


def _system_name(platform: str) -> str:
    return {"linux": "Linux", "darwin": "macOS"}.get(platform, platform)


def describe(error: BaseException) -> str:
    """A COM error in one line: the description the object gave (pywintypes.com_error's
    excepinfo), else its own text, never the (hresult, text, excepinfo, argerror) tuple."""
    args = getattr(error, "args", ())
    if len(args) >= 3 and isinstance(args[2], tuple) and len(args[2]) >= 3 and args[2][2]:
        return " ".join(str(args[2][2]).split())
    if len(args) >= 2 and isinstance(args[1], str) and args[1]:
        return " ".join(args[1].split())
    return " ".join(str(error).split()) or type(error).__name__


def hresult(error: BaseException) -> int | None:
    args = getattr(error, "args", ())
    if args and isinstance(args[0], int):
        return args[0]
    return None
