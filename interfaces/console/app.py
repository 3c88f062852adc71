"""The console's pages (SPEC §12): a thin interface. Each route reads the request, calls what
the CLI calls — the state store's history and log, `ImportOrders` through the container, the
`explain` and `test_connection` use cases, the Excel export, the configuration's own rules —
and renders a template. No business rule lives here."""
from __future__ import annotations

import asyncio
import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from dependency_injector import providers
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from application.ports import LogEntry, OrderState
from domain.errors import Busy, SConnectError
from infrastructure.state.redact import redact, redact_tree
from interfaces.console import controle_page, profiles_page, settings_page
from interfaces.console.guard import CSRF_FIELD, Guard, Session
from interfaces.console.log_words import customer_in_language, in_language
from interfaces.console.runs import Runs
from interfaces.console.status import live, status_line, task_rows
from interfaces.console.words import LANG_COOKIE, choose, translator
from interfaces.plain import visible
from interfaces.wiring import load, wire

LOOK_SECONDS = 0.5  # how often the status stream looks at the state store (another program's runs)
PAGE = 50  # rows per page of the log and of the orders: a page reads only its own rows
STATIC = Path(__file__).with_name("static")
TABS = {"uitvoering.html": "uitvoering", "leegmaken.html": "uitvoering", "orders.html": "orders",
        "order.html": "orders", "controle.html": "controle", "controle_vraag.html": "controle",
        "instellingen.html": "instellingen", "profiel_nieuw.html": "instellingen",
        "profiel_verwijderen.html": "instellingen", "over.html": "over"}


@dataclass
class Console:
    """What every page shares: the configuration file (read again on every page, so a change
    made in the file or under Instellingen shows at once), the one state store, the runs."""

    config_option: str | None
    state: object  # the StateStore
    clock: object
    runs: Runs
    session: Session
    scheduling: bool = False
    flashes: list[str] = field(default_factory=list)

    def config(self, need_secrets: bool = False):
        return load(self.config_option, need_secrets=need_secrets)

    def wired(self, profile: str):
        """The profile's container with its secrets (a run, explain, test connection), sharing
        the console's state store."""
        wired = wire(self.config(need_secrets=True), profile)
        wired.container.state.override(providers.Object(self.state))
        return wired

    def licence(self, config=None) -> dict:
        """The licence as `sconnect licence show --json` gives it (interfaces/licensing.py)."""
        from interfaces import licensing

        container = licensing.licence_container(self.config_option)
        data = licensing.licence_json(container.licence_book().stored(), config, licensing.today(container))
        data["today"] = licensing.today(container)
        return data

    def require_licensed(self, profile: str) -> None:
        """What `sconnect run` and `schedule` check first: a profile beyond the licence does not
        run (ConfigurationError naming the licence)."""
        from interfaces import licensing

        licensing.require_licensed(self.config(), profile, licensing.licence_container(self.config_option))

    def run_import(self, profile: str, progress, stop):
        self.require_licensed(profile)
        wired = self.wired(profile)
        try:
            return wired.container.import_orders().run(progress=progress, stop=stop)
        finally:
            wired.close()


# Shop and SnelStart text stays text: HTML-escaped (autoescape), and control characters and
# bidirectional overrides shown as escapes (interfaces/plain.py), as on the terminal.
templates = Environment(loader=PackageLoader("interfaces.console", "templates"),
                        autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True,
                        finalize=lambda value: value if isinstance(value, Markup) or not isinstance(value, str)
                        else visible(value))  # Markup: a macro's own HTML, its text already made visible


def page(console: Console, request: Request, name: str, **values) -> HTMLResponse:
    lang = choose(request.headers.get("accept-language", ""), request.cookies.get(LANG_COOKIE))
    t = translator(lang)
    flashes, console.flashes[:] = list(console.flashes), []
    html = templates.get_template(name).render(
        t=t, lang=lang, say=lambda message: in_language(message, lang),
        say_customer=lambda explanation: customer_in_language(explanation, lang), tab=TABS.get(name, ""), csrf=console.session.csrf, csrf_field=CSRF_FIELD, flashes=flashes,
        path=request.url.path, query=request.url.query, **values)
    return HTMLResponse(html)


def t_for(request: Request):
    return translator(choose(request.headers.get("accept-language", ""), request.cookies.get(LANG_COOKIE)))


def _int(value: str | None, default: int = 1, lowest: int = 1) -> int:
    try:
        return max(lowest, int(value or default))
    except ValueError:
        return default


def _back(request: Request, fallback: str = "/") -> RedirectResponse:
    """To `next` when it is a path of this console (never `//elsewhere`: no open redirect)."""
    wanted = request.query_params.get("next", "")
    here = wanted.startswith("/") and not wanted.startswith("//") and "\\" not in wanted
    return RedirectResponse(wanted if here else fallback, status_code=303)


def make_app(console: Console, port: int) -> Guard:
    def config_or_problem(request: Request):
        try:
            return console.config(), None
        except SConnectError as exc:
            return None, page(console, request, "broken.html", error=redact(str(exc)))

    async def uitvoering(request: Request) -> Response:
        config, problem = config_or_problem(request)
        if problem:
            return problem
        t = t_for(request)
        detailed = request.query_params.get("uitgebreid") == "1"
        entries, newer, older = log_page(console.state, detailed, _cursor(request.query_params.get("ouder")),
                                         _cursor(request.query_params.get("nieuwer")))
        rows = task_rows(config, console.state, console.runs, console.clock.now(), t,
                         console.licence(config)["not_licensed"])
        return page(console, request, "uitvoering.html", rows=rows, status=status_line(rows, t),
                    entries=entries, newer=newer, older=older, cursor=cursor, detailed=detailed,
                    several=len(config.profiles) > 1, scheduling=console.scheduling)

    async def run_now(request: Request) -> Response:
        profile = request.path_params["profile"]
        t = t_for(request)
        config, problem = config_or_problem(request)
        if problem:
            return problem
        if profile not in config.profiles:
            return Response(status_code=404)
        try:
            console.require_licensed(profile)
        except SConnectError as exc:
            console.flashes.append(t("not_licensed", profile=profile, error=redact(str(exc))))
            return RedirectResponse("/", status_code=303)
        # Busy as the CLI says it: another process holds the profile's lock, or this console runs it.
        if console.state.lock_holder(profile, console.clock.now()) is not None:
            console.flashes.append(t("busy_here", profile=profile))
            return RedirectResponse("/", status_code=303)
        try:
            console.runs.start(profile)
            console.flashes.append(t("started", profile=profile))
        except Busy:
            console.flashes.append(t("busy_here", profile=profile))
        return RedirectResponse("/", status_code=303)

    async def events(request: Request) -> Response:
        """Server-sent events: the status line and each profile's state, sent when they change
        (a run here tells at once; another process's lock is looked at every LOOK_SECONDS, so
        the page shows it well within the second SPEC §12's live status may take)."""
        t = t_for(request)

        async def stream():
            seen, last = -1, None
            while not await request.is_disconnected():
                try:
                    message = json.dumps(live(console.config(), console.state, console.runs,
                                              console.clock.now(), t), ensure_ascii=False)
                except SConnectError as exc:
                    message = json.dumps({"status": redact(str(exc)), "busy": False, "profiles": {}})
                if message != last:
                    last = message
                    yield f"data: {message}\n\n"
                seen = await asyncio.to_thread(console.runs.wait_for_change, seen, LOOK_SECONDS)
        return StreamingResponse(stream(), media_type="text/event-stream")

    async def log_export(request: Request) -> Response:
        from infrastructure.export.excel import export_log

        config, problem = config_or_problem(request)
        if problem:
            return problem
        detailed = request.query_params.get("uitgebreid") == "1"
        lang = choose(request.headers.get("accept-language", ""), request.cookies.get(LANG_COOKIE))
        # The workbook in the page's words (`sconnect log export` writes the log as stored).
        records = [replace(entry, message=in_language(entry.message, lang))
                   for entry in console.state.log_entries(None, None, detailed)]
        folder = tempfile.mkdtemp(prefix="sconnect-export-")
        target = Path(folder) / "informatie.xlsx"
        try:
            export_log(records, target, list(config.profiles))
            body = target.read_bytes()
        finally:
            target.unlink(missing_ok=True)
            os.rmdir(folder)
        name = f"s-connect-informatie-{console.clock.now():%Y%m%d-%H%M}.xlsx"
        return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    async def log_clear(request: Request) -> Response:
        if request.method == "GET":
            return page(console, request, "leegmaken.html")
        n = console.state.clear_log(None)
        console.flashes.append(t_for(request)("cleared", n=n))
        return RedirectResponse("/", status_code=303)

    async def orders(request: Request) -> Response:
        config, problem = config_or_problem(request)
        if problem:
            return problem
        t = t_for(request)
        q = request.query_params
        state_name = q.get("status", "")
        states = (OrderState(state_name),) if state_name in {s.value for s in OrderState} else None
        profile = q.get("profiel") if q.get("profiel") in config.profiles else None
        errors, since, until = [], _day(q.get("van")), _day(q.get("tot"))
        for name in ("van", "tot"):
            if q.get(name) and _day(q.get(name)) is None:
                errors.append(t("bad_date", value=q.get(name)))
        number = _int(q.get("pagina"))
        rows = console.state.history(profile, PAGE + 1, states, offset=(number - 1) * PAGE, since=since,
                                     until=None if until is None else until + timedelta(days=1))
        return page(console, request, "orders.html", rows=rows[:PAGE], more=len(rows) > PAGE, number=number,
                    profiles=list(config.profiles), profile=profile or "", state_name=state_name,
                    states=[s.value for s in OrderState], van=q.get("van", ""), tot=q.get("tot", ""),
                    errors=errors, several=len(config.profiles) > 1)

    async def order(request: Request) -> Response:
        from application.explain import explain

        profile, number = request.path_params["profile"], request.path_params["number"]
        config, problem = config_or_problem(request)
        if problem:
            return problem
        if profile not in config.profiles:
            return Response(status_code=404)
        row = console.state.get(profile, number)

        def explained() -> dict:
            wired = console.wired(profile)
            try:
                c = wired.container
                result = explain(number, wired.profile.settings, c.order_source(), c.administration(),
                                 c.matcher(), console.state)
                return redact_tree(result.to_json())  # masked as `sconnect explain` masks it
            finally:
                wired.close()
        data, error = None, ""
        try:
            data = await asyncio.to_thread(explained)
        except SConnectError as exc:
            error = redact(str(exc))
        return page(console, request, "order.html", profile=profile, number=number, row=row, data=data,
                    error=error)

    async def retry(request: Request) -> Response:
        profile, number = request.path_params["profile"], request.path_params["number"]
        t = t_for(request)
        released = console.state.release(profile, number)  # what `sconnect retry` does
        console.flashes.append(t("released" if released else "not_held", order=number))
        return _back(request, "/orders")

    async def language(request: Request) -> Response:
        lang = request.path_params["lang"]
        response = _back(request)
        if lang in ("nl", "en"):
            response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict")
        return response

    async def over(request: Request) -> Response:
        from infrastructure.config.upgrade import read_upgrade_settings
        from interfaces.licensing import licence_line
        from interfaces.version import (checkout, checkout_upgrade, installed_version, is_newer, newest_version,
                                        upgrade_command)

        config, problem = config_or_problem(request)
        if problem:
            return problem
        # As `sconnect version` (issue #20): only a package named in [upgrade] is looked up; an
        # unpublished S-Connect is upgraded the way it was installed, from its git checkout.
        settings = read_upgrade_settings(config.path)
        folder = checkout()
        installed, newest = installed_version(), None
        upgrade = checkout_upgrade(folder) if folder else ""
        if settings.package is not None:
            index = os.environ.get("SCONNECT_INDEX_URL") or settings.index
            upgrade = upgrade_command(settings.package, index)
        if request.query_params.get("controleer") == "1":
            if settings.package is None:
                newest = {"version": None, "unpublished": True, "problem": "", "newer": False}
            else:
                found, why = await asyncio.to_thread(newest_version, index, settings.package)
                newest = {"version": found, "problem": why, "newer": found is not None and is_newer(found, installed)}
        licence = console.licence(config)
        days_left = None if licence["expires"] is None else (date.fromisoformat(licence["expires"]) - licence["today"]).days
        return page(console, request, "over.html", version=installed, upgrade=upgrade, newest=newest,
                    config_path=config.path, state_path=config.state_path, licence=licence,
                    licence_line=licence_line(licence), days_left=days_left)

    routes = [
        Route("/", uitvoering), Route("/run/{profile}", run_now, methods=["POST"]),
        Route("/events", events), Route("/log/export", log_export),
        Route("/log/clear", log_clear, methods=["GET", "POST"]),
        Route("/orders", orders), Route("/orders/{profile}/{number}", order),
        Route("/orders/{profile}/{number}/retry", retry, methods=["POST"]),
        Route("/taal/{lang}", language), Route("/over", over),
        *settings_page.routes(console, page, t_for), *profiles_page.routes(console, page, t_for),
        *controle_page.routes(console, page, t_for, _day),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Guard(Starlette(routes=routes), console.session, port)


def log_page(state, detailed: bool, older_than: LogEntry | None, newer_than: LogEntry | None):
    """One page of the log, newest first, from a place in it (not an offset: a page far back is
    as quick as the first); (entries, are there newer ones, are there older ones)."""
    if newer_than is not None:
        found = state.log_entries(None, None, detailed, limit=PAGE + 1, beyond=newer_than)
        if found:
            return list(reversed(found[:PAGE])), len(found) > PAGE, True
    found = state.log_entries(None, None, detailed, newest_first=True, limit=PAGE + 1, beyond=older_than)
    return found[:PAGE], older_than is not None, len(found) > PAGE


def cursor(entry: LogEntry) -> str:
    return f"{entry.at:%Y%m%dT%H%M%S%f}-{entry.id}"


def _cursor(value: str | None) -> LogEntry | None:
    at, _, key = (value or "").partition("-")
    try:
        return LogEntry(datetime.strptime(at, "%Y%m%dT%H%M%S%f"), "", None, "", "", "", id=int(key))
    except ValueError:
        return None  # a link typed wrong: the newest page


def _day(value: str | None) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(value), datetime.min.time()) if value else None
    except ValueError:
        return None
