"""Helpers of the console tests: the console in process (Starlette's TestClient) on a real installation: an embedded
administration, a state file, the configuration file, and — for the pages that reach the shop —
the myShop simulator on 127.0.0.1."""
from __future__ import annotations

import warnings
from html.parser import HTMLParser
from importlib import resources

from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.snapshot import parse_snapshot_json
from profiles import SHOP, config_text, e2e_profile

KEY = "console-private-key-5C1D"
PORT = 8765
COMMENTED = "# Our shop's settings; the bookkeeper asked to keep this comment.\n"


def demo(name: str) -> str:
    return resources.files("interfaces.demo").joinpath(name).read_text(encoding="utf-8")


def make_installation(folder, shop_url: str, **settings):
    config = folder / "config.toml"
    config.write_text(COMMENTED + config_text(e2e_profile(shop_url=shop_url, description="e2e shop",
                                                          max_attempts=1, **settings)), encoding="utf-8")
    config.chmod(0o600)
    EmbeddedAdministration.create(folder / "administration.sqlite",
                                  parse_snapshot_json(demo("administration.json"))).close()
    return config


class Browser:
    """A signed-in TestClient: the one-time token used, the session cookie kept."""

    def __init__(self, console, client):
        self.console, self.client = console, client
        entered = client.get(f"/?token={console.session.token}", follow_redirects=False)
        assert entered.status_code == 303

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict | None = None, **kwargs):
        return self.client.post(path, data={"csrf": self.console.session.csrf, **(data or {})}, **kwargs)

    def wait_for_runs(self) -> None:
        for activity in list(self.console.runs.activities.values()):
            while self.console.runs.running(activity.profile):
                self.console.runs.wait_for_change(self.console.runs.version, 1.0)


def client_for(app):
    from starlette.testclient import TestClient

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(app, base_url=f"http://127.0.0.1:{PORT}", client=("127.0.0.1", 50000))


class _Form(HTMLParser):
    """The fields of one form as the browser would send them unchanged: inputs (a checkbox only
    when checked), the selected option of each select, enabled or not as the page has them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.select = form_id, False, None
        self.fields: list[tuple[str, str]] = []
        self.first_option: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name") and (a.get("type") != "checkbox" or "checked" in a):
            self.fields.append((a["name"], "on" if a.get("type") == "checkbox" else a.get("value", "")))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select:
            self.first_option.setdefault(self.select, a.get("value", ""))
            if "selected" in a:
                self.fields.append((self.select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            if self.select not in {name for name, _ in self.fields}:
                self.fields.append((self.select, self.first_option.get(self.select, "")))
            self.select = None


def form_fields(html: str, form_id: str) -> dict[str, str]:
    """What the page's form `form_id` sends when submitted as shown (the last of equal names,
    as Starlette's form reads a checkbox after its hidden "off")."""
    parser = _Form(form_id)
    parser.feed(html)
    return dict(parser.fields)
