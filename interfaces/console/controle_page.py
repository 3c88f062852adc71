"""The Controle tab (SPEC §8): `sconnect reconcile` in the browser — the same Reconcile use case,
its findings in a table, *rebook* for an order SnelStart no longer has (after a question, as the
command asks) and *gezien* (--ack) for a change in the shop."""
from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from domain.errors import SConnectError
from infrastructure.state.redact import redact, redact_tree


def routes(console, page, t_for, day) -> list[Route]:
    def use_case(profile: str, work):
        """`work(reconcile)` with the profile's container (sharing the console's state store)."""
        wired = console.wired(profile)
        try:
            return work(wired.container.reconcile())
        finally:
            wired.close()

    def chosen(request: Request, config) -> str:
        wanted = request.query_params.get("profiel") or request.path_params.get("profile", "")
        return wanted if wanted in config.profiles else next(iter(config.profiles))

    async def show(request: Request) -> Response:
        config = console.config()
        profile = chosen(request, config)
        q = request.query_params
        report, error = None, ""
        if q.get("controleer") == "1":  # reading the shop and SnelStart takes a while: only when asked
            shop = q.get("zonder_winkel") != "1"
            try:
                report = await asyncio.to_thread(use_case, profile, lambda r: r.report(day(q.get("van")), shop=shop))
                report = redact_tree(report.to_json())
            except SConnectError as exc:
                error = redact(str(exc))
        return page(console, request, "controle.html", profiles=list(config.profiles), profile=profile,
                    van=q.get("van", ""), zonder_winkel=q.get("zonder_winkel") == "1", report=report, error=error)

    async def rebook(request: Request) -> Response:
        profile, order = request.path_params["profile"], request.path_params["order"]
        try:
            plan = await asyncio.to_thread(use_case, profile, lambda r: r.rebook_check(order))
            if request.method == "GET":  # the question first, as the command asks it
                return page(console, request, "controle_vraag.html", profile=profile, order=order,
                            question=plan.question)
            console.flashes.append(await asyncio.to_thread(use_case, profile, lambda r: r.rebook(plan)))
        except SConnectError as exc:
            console.flashes.append(redact(f"niets gewijzigd / nothing changed: {exc}"))
        return RedirectResponse(f"/controle?profiel={profile}", status_code=303)

    async def ack(request: Request) -> Response:
        profile, order = request.path_params["profile"], request.path_params["order"]
        try:
            console.flashes.append(await asyncio.to_thread(use_case, profile, lambda r: r.acknowledge(order)))
        except SConnectError as exc:
            console.flashes.append(redact(f"niets gewijzigd / nothing changed: {exc}"))
        return RedirectResponse(f"/controle?profiel={profile}", status_code=303)

    return [Route("/controle", show),
            Route("/controle/{profile}/{order}/rebook", rebook, methods=["GET", "POST"]),
            Route("/controle/{profile}/{order}/ack", ack, methods=["POST"])]
