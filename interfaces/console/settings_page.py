"""The Instellingen tab's routes: profiles on the left, the chosen profile's settings in the
manual's groups, *Opslaan* and *Verbinding testen* (the `test_connection` use case)."""
from __future__ import annotations

import asyncio
import os
import time

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from domain.errors import ConfigurationError, SConnectError
from infrastructure.state.redact import redact
from interfaces import profile_changes
from interfaces.console import settings_form, settings_tables
from interfaces.console.administration_choices import Choices, read_choices
from interfaces.console.settings_form import FIELDS

SECRET_FIELDS = [f for f in FIELDS if f.kind == "secret"]
CHOICES_SECONDS = 300.0  # how long the administration's templates and revenue groups are kept


def _secret_states(profile, t) -> dict[str, dict]:
    """Per secret field: set or not, and where from — never the value."""
    states = {}
    for f in SECRET_FIELDS:
        secret = getattr(getattr(profile, f.section), f.key, None)
        source = "" if secret is None else secret.source
        if source.startswith("env "):
            text, env = t("secret_from_env", name=source[4:]), source[4:]
        elif secret and source == "file":
            text, env = t("secret_from_file"), ""
        elif source == "refused":
            text, env = t("secret_refused"), ""
        else:
            text, env = t("secret_unset"), ""
        states[f.name] = {"text": text, "env": env}
    return states


def routes(console, page, t_for) -> list[Route]:
    def render(request: Request, profile_id: str, *, values=None, problems=None, other=None, checks=None,
               status_code: int = 200, offer=None) -> Response:
        config = console.config()
        if profile_id not in config.profiles:
            return Response(status_code=404)
        doc = settings_form.read_document(config.path)
        lang_index = 0 if t_for(request)("opslaan") == "Opslaan" else 1
        values = values or settings_form.shown_values(doc, profile_id)
        kind = config.profiles[profile_id].snelstart.kind.value
        # The list on the left when the licence has room for more than one (manual §2.1: with one
        # profile there is no list).
        room = profile_changes.room_for_another(config, console.config_option)
        response = page(console, request, "instellingen.html", groups=settings_form.shown_fields(kind, values),
                        lang_index=lang_index,
                        profiles=list(config.profiles), profile=profile_id, config_path=config.path,
                        values=values,
                        choices=settings_form.CHOICES, labels=settings_form.CHOICE_LABELS, problems=problems or {}, other=other or [],
                        secrets=_secret_states(config.profiles[profile_id], t_for(request)), checks=checks,
                        room=room, show_profiles=room or len(config.profiles) > 1, kind=kind,
                        offer=offer or Choices(), rate_rows=settings_tables.rows,
                        default_choice=settings_form.default_choice)
        response.status_code = status_code
        return response

    async def first(request: Request) -> Response:
        try:
            config = console.config()
        except SConnectError as exc:
            return page(console, request, "broken.html", error=redact(str(exc)))
        return RedirectResponse(f"/instellingen/{next(iter(config.profiles))}", status_code=303)

    read: dict[str, tuple[float, str, Choices]] = {}

    async def choices(profile_id: str, fresh: bool = False) -> Choices:
        """The administration's templates and revenue groups, read when the page is first shown
        and kept for CHOICES_SECONDS (they rarely change; *Verbinding testen* reads them again,
        and so does a change of how SnelStart is reached). What could not be read is read again."""
        profile = console.config().profiles.get(profile_id)
        if profile is None:
            return Choices()
        connection = repr(profile.snelstart)  # kept in memory only, never shown
        kept = read.get(profile_id)
        if (not fresh and kept is not None and kept[1] == connection and not kept[2].problem
                and time.monotonic() - kept[0] < CHOICES_SECONDS):
            return kept[2]
        found = await asyncio.to_thread(read_choices, console, profile_id)
        read[profile_id] = (time.monotonic(), connection, found)
        return found

    async def show(request: Request) -> Response:
        try:
            profile_id = request.path_params["profile"]
            return render(request, profile_id, offer=await choices(profile_id))
        except SConnectError as exc:
            return page(console, request, "broken.html", error=redact(str(exc)))

    async def store(request: Request) -> Response:
        profile_id = request.path_params["profile"]
        t = t_for(request)
        config = console.config()
        if profile_id not in config.profiles:
            return Response(status_code=404)
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        doc = settings_form.read_document(config.path)
        problems = settings_form.apply(doc, profile_id, form)
        shown = {**settings_form.shown_values(doc, profile_id), **settings_form.as_typed(form, problems)}
        if not problems:
            secret_written = any(form.get(f.name, "").strip() for f in SECRET_FIELDS)
            try:
                settings_form.save(config.path, doc, os.environ, secret_written)
            except ConfigurationError as exc:
                message = str(exc).replace(os.path.dirname(str(config.path)) + os.sep + ".config-", "config-")
                problems, other = settings_form.field_problems(ConfigurationError(message), profile_id)
                return render(request, profile_id, values=shown, problems=problems, other=[redact(o) for o in other],
                              status_code=422, offer=await choices(profile_id))
            console.flashes.append(t("opgeslagen", file=config.path))
            return RedirectResponse(f"/instellingen/{profile_id}", status_code=303)
        return render(request, profile_id, values=shown, problems=problems, status_code=422,
                      offer=await choices(profile_id))

    async def test(request: Request) -> Response:
        from application.test_connection import test_connection

        profile_id = request.path_params["profile"]

        def check():
            wired = console.wired(profile_id)
            try:
                c = wired.container
                return test_connection(wired.profile.settings, c.order_source(), c.administration,
                                       lambda: c.read_check()(), lambda: c.write_check()())
            finally:
                wired.close()
        try:
            checks = await asyncio.to_thread(check)
            results = [{"part": k.part, "ok": k.ok, "warning": k.warning, "message": redact(k.message)}
                       for k in checks]
        except SConnectError as exc:
            results = [{"part": "S-Connect", "ok": False, "warning": False, "message": redact(str(exc))}]
        return render(request, profile_id, checks=results, offer=await choices(profile_id, fresh=True))

    return [Route("/instellingen", first), Route("/instellingen/{profile}", show),
            Route("/instellingen/{profile}", store, methods=["POST"]),
            Route("/instellingen/{profile}/test", test, methods=["POST"])]
