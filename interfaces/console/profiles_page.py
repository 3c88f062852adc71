"""Instellingen's profiles (manual §2.1): *Profiel toevoegen* and *Profiel verwijderen*, within
the licence. The decisions are `sconnect profile add/remove`'s own (interfaces/profile_changes.py),
so the console and the CLI cannot disagree; this module only asks and shows."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from domain.errors import ConfigurationError, SConnectError
from infrastructure.state.redact import redact
from interfaces import profile_changes
from interfaces.console.settings_form import CHOICE_LABELS, field_problems
from interfaces.profile_changes import WrongRequest

# The new profile's form: what `profile add` needs (the rest is set under Instellingen after).
ASKED = ("profile_id", "description", "kind", "shop_id", "template", "start_from", "database", "server", "folder",
         "administration")


def routes(console, page, t_for) -> list[Route]:
    def form_page(request: Request, values: dict, problems: dict, other: list[str], status_code: int = 200):
        config = console.config()
        kinds = [(k, CHOICE_LABELS.get(k, (k, k))) for k in profile_changes.KINDS]
        response = page(console, request, "profiel_nieuw.html", values=values, problems=problems, other=other,
                        kinds=kinds, profiles=list(config.profiles), profile="", room=profile_changes.room_for_another(
                            config, console.config_option), needs={k: profile_changes.required_settings(k)
                                                                   for k in profile_changes.KINDS})
        response.status_code = status_code
        return response

    async def new(request: Request) -> Response:
        try:
            return form_page(request, {"kind": "b2b"}, {}, [])
        except SConnectError as exc:
            return page(console, request, "broken.html", error=redact(str(exc)))

    async def add(request: Request) -> Response:
        t = t_for(request)
        form = await request.form()
        values = {key: str(form.get(key, "")).strip() for key in ASKED}
        profile_id, kind = values["profile_id"], values["kind"]
        config = console.config()
        problems: dict[str, str] = {}
        try:
            profile_changes.check_id(profile_id)
            kind = profile_changes.check_kind(kind)
            profile_changes.check_new(config, profile_id, console.config_option)
        except WrongRequest as wrong:
            problems["kind" if wrong.reason == "bad_kind" else "profile_id"] = t("profile_" + wrong.reason,
                                                                                 profile=profile_id)
        except ConfigurationError as exc:  # the licence has no room for another
            return form_page(request, values, {}, [t("profile_licence_full"), redact(str(exc))], 422)
        if not problems:
            answers = dict(values)
            if not answers["database"]:
                answers["database"] = profile_changes.default_database(profile_id, kind) or ""
            for key in profile_changes.missing(kind, answers):
                problems[key] = t("profile_needed")
        if problems:
            return form_page(request, values, problems, [], 422)
        try:
            profile_changes.add(config, profile_id, kind, answers, values["description"], values["start_from"])
        except ConfigurationError as exc:  # the new file does not read: the field its key names
            by_field, other = field_problems(exc, profile_id)
            named = {key.split(".")[-1]: message for key, message in by_field.items()}
            return form_page(request, values, named, [redact(o) for o in other], 422)
        console.flashes.append(t("profile_added", profile=profile_id))
        return RedirectResponse(f"/instellingen/{profile_id}", status_code=303)

    async def remove(request: Request) -> Response:
        profile_id = request.path_params["profile"]
        t = t_for(request)
        config = console.config()
        try:
            profile_changes.check_removable(config, profile_id)
        except WrongRequest:
            return Response(status_code=404)
        except ConfigurationError:
            console.flashes.append(t("profile_only_one", profile=profile_id))
            return RedirectResponse(f"/instellingen/{profile_id}", status_code=303)
        if request.method == "GET":
            return page(console, request, "profiel_verwijderen.html", profile=profile_id)
        profile_changes.remove(config, profile_id)
        console.flashes.append(t("profile_removed", profile=profile_id))
        return RedirectResponse("/instellingen", status_code=303)

    return [Route("/profielen/nieuw", new), Route("/profielen/nieuw", add, methods=["POST"]),
            Route("/profielen/{profile}/verwijderen", remove, methods=["GET", "POST"])]
