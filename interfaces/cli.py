"""The command line: `sconnect …` (SPEC §11). Thin: parse, wire, call a use case, render.

Exit codes: 0 ok, 1 unexpected, 2 usage, 3 some orders failed, 75 a service could not be
reached (or the task is busy), 76 a service answered with something that cannot be read,
78 configuration error. User errors are one line, never a trace.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Optional

import typer
import typer.core

from domain.errors import Busy, ConfigurationError, ServiceUnavailable, SConnectError, UnreadableAnswer
from infrastructure.state.redact import redact, redact_tree
from interfaces.command_group import CommandGroup, command_group
from interfaces.commands import choices, release_command
from interfaces.layout import console
from interfaces.plain import line, plain, visible
from interfaces.wiring import load, wire

# 76 is sysexits' EX_PROTOCOL ("the remote system returned something that was not possible"):
# the shop was reached, but what it sent cannot be read — not an outage to wait out (75).
# Start-up: each command imports what it needs when it runs (the adapters, SQLAlchemy, httpx,
# the renderers), so `--help` and `status` answer at once (bench/startup.py measures it).

EXIT_USAGE, EXIT_PARTIAL, EXIT_TEMPFAIL, EXIT_UNREADABLE, EXIT_CONFIG = 2, 3, 75, 76, 78

class _Commands(CommandGroup):
    """A command group whose options and the command that runs take their plain values without
    pydantic (interfaces/plain_options.py: start-up, issue 20 item 11)."""

    def parse_args(self, ctx, args):
        from interfaces.plain_options import plain_command

        plain_command(self, ctx, commands=False)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx, args):
        from interfaces.plain_options import plain_command

        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            plain_command(command, ctx)  # a group (`profile`, `history`): its commands too
        return name, command, rest


app = command_group(cls=_Commands, add_completion=False,
                    help="S-Connect: books myShop orders into SnelStart, exactly once.")
config_app = command_group(help="The configuration file.")
app.add_typer(config_app, name="config")

ProfileOption = typer.Option(None, "--profile", "-p", help="Profile id (may be left out with one profile).")
JsonOption = typer.Option(False, "--json", help="One JSON object on stdout, for scripts.")

out = console()


@app.callback()
def _global(ctx: typer.Context,
            config: Optional[str] = typer.Option(None, "--config", "-c", envvar="SCONNECT_CONFIG",
                                                 help="Configuration file (TOML).")) -> None:
    ctx.obj = {"config": config}


def _config_option(ctx: typer.Context) -> Optional[str]:
    return (ctx.obj or {}).get("config")


@app.command()
def run(ctx: typer.Context, profile: Optional[str] = ProfileOption, as_json: bool = JsonOption,
        wait: bool = typer.Option(False, "--wait", help="When the task is running elsewhere, wait for it "
                                  "instead of exiting 75 (busy)."),
        timeout: Optional[float] = typer.Option(None, "--timeout", min=0, help="With --wait: give up after "
                                                "this many seconds."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Plan every order the run would take and write "
                                     "nothing: not to SnelStart, the history, the cursor or the log.")) -> None:
    """Run now: import the profile's orders into SnelStart."""
    if dry_run:  # no lock taken, nothing written: interfaces/cli_reconcile.py
        if wait:
            raise typer.BadParameter("a dry run takes no lock, so there is nothing to wait for", param_hint="--wait")
        from interfaces.cli_reconcile import dry_run as planned_run

        planned_run(wire(load(_config_option(ctx)), profile), as_json)
        return
    from interfaces.progress import terminal_progress
    from interfaces.scheduler import run_when_free

    from interfaces import licensing

    # The licence first: a profile it does not cover is refused before its keys are asked for.
    wired = wire(load(_config_option(ctx)), profile, secrets=False)
    licensing.require_licensed(wired.config, wired.profile.id, wired.container)
    wired.profile.require_secrets()
    for warning in licensing.run_warnings(wired.container):  # an expired licence: on every run
        _one_line_error(f"warning: {warning}")

    def waiting() -> None:
        print(f"profile {wired.profile.id} is busy: waiting for the other run to finish", file=sys.stderr)

    with terminal_progress(label=wired.profile.id, enabled=not as_json) as progress, choices(wired):
        report = run_when_free(lambda: wired.container.import_orders().run(progress=progress), wait, timeout,
                               on_wait=waiting)
    release = release_command(wired.config, wired.profile.id, report.held) if report.held else ""
    if report.error:  # first: why the run stopped is the news, what it did before comes after
        _one_line_error(redact(f"run stopped: {report.error}"))
    if as_json:
        data = report.to_json()
        if release:
            data["held"]["release"] = release
        print(json.dumps(redact_tree(data), ensure_ascii=False))
    else:
        from interfaces import render

        render.run_report(out, report, release)
    if report.error:  # said above, before the orders
        raise typer.Exit(EXIT_UNREADABLE if report.unreadable else EXIT_TEMPFAIL)
    if report.failed or report.held:  # a held order is booked by nobody: never "all well"
        raise typer.Exit(EXIT_PARTIAL)


@app.command()
def retry(ctx: typer.Context,
          orders: Optional[list[str]] = typer.Argument(None, help="The shop's order numbers."),
          every: bool = typer.Option(False, "--all", help="Every held order of the profile."),
          profile: Optional[str] = ProfileOption) -> None:
    """Release held orders (failed too often): the next run tries them again.

    Exit 2 when an order named is not held (not in the history, or not held): nothing to release."""
    if bool(orders) == every:
        raise typer.BadParameter("name the held orders (retry 18 21), or give --all", param_hint="ORDERS")
    from application.held import held_orders

    wired = wire(load(_config_option(ctx), need_secrets=False), profile)
    state = wired.container.state()
    if every:
        orders = held_orders(state, wired.profile.id)
        if not orders:
            out.print(plain(f"profile {wired.profile.id} has no held orders; nothing to release"))
            return
    refused = []
    for order in orders:
        if state.release(wired.profile.id, order):
            out.print(plain(f"order {order} released: the next run tries it again"))
            continue
        row = state.get(wired.profile.id, order)
        what = "is not in the history" if row is None else f"is {row.state.value}, not held"
        refused.append(f"order {order} {what}; nothing to release")
    for reason in refused:
        _one_line_error(reason)
    if refused:
        raise typer.Exit(EXIT_USAGE)


@app.command()
def status(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Per profile: planning, last run, Ready/Busy, held orders, the licence."""
    from interfaces import licensing, render_status
    from interfaces.container import status_store

    config = load(_config_option(ctx), need_secrets=False)
    # Four reads of the state file, the clock and the licence file beside it are all status
    # needs: the container's light factories, without dependency-injector or SQLAlchemy.
    licences = licensing.licence_container(_config_option(ctx))
    state, now = status_store(Path(config.state_path)), licences.clock().now()
    lines = [render_status.status_json(profile, state, now, lambda held, p=profile.id: release_command(config, p, held))
             for profile in config.profiles.values()]
    state.close()
    licence = licensing.licence_json(licences.licence_book().stored(), config, now.date())
    for profile_line in lines:
        profile_line["licensed"] = profile_line["profile"] in licence["running"]
    if as_json:
        print(json.dumps({"profiles": lines, "licence": licence}, ensure_ascii=False))
    else:
        render_status.status(out, lines)
        out.print(line(licensing.licence_line(licence)), soft_wrap=True)
        for warning in filter(None, [licence["problem"], licence["warning"]]):
            out.print(line(("warning:", "yellow"), " ", warning), soft_wrap=True)


@app.command("test-connection")
def test_connection_command(ctx: typer.Context, profile: Optional[str] = ProfileOption,
                            as_json: bool = JsonOption) -> None:
    """Check the shop, SnelStart's read and write paths, and every setting that names something in SnelStart."""
    check_connection(wire(load(_config_option(ctx)), profile), as_json)


def check_connection(wired, as_json: bool = False) -> None:
    """test-connection of a wired profile (also the last step of `config init`)."""
    from application.test_connection import test_connection

    c = wired.container
    checks = test_connection(wired.profile.settings, c.order_source(), c.administration,
                             lambda: c.read_check()(), lambda: c.write_check()(),
                             separate_write=wired.profile.snelstart.kind.is_classic)
    if as_json:
        print(json.dumps([{"part": k.part, "ok": k.ok, "warning": k.warning, "message": k.message}
                          for k in checks], ensure_ascii=False))
    else:
        from interfaces import render

        render.checks(out, checks)
    failed = [k for k in checks if not k.ok]
    if failed:
        raise typer.Exit(EXIT_TEMPFAIL if all(k.unreachable for k in failed) else
                         EXIT_UNREADABLE if all(k.unreachable or k.unreadable for k in failed) else EXIT_CONFIG)


@app.command()
def explain(ctx: typer.Context, order: str = typer.Argument(..., help="The shop's order number."),
            profile: Optional[str] = ProfileOption, as_json: bool = JsonOption) -> None:
    """What would happen to one order, and why (customer recognition, lines, costs). Writes nothing.

    Exit 0 when the order is explained (also when it would fail or be left out), 2 when the shop has
    no order with that number."""
    from application.explain import explain as explain_order
    from domain.errors import OrderLeftOut, OrderNotInShop, OrderRejected

    wired = wire(load(_config_option(ctx)), profile)
    c = wired.container
    try:
        result = explain_order(order, wired.profile.settings, c.order_source(), c.administration(), c.matcher(),
                               c.state())
    except OrderNotInShop as exc:
        _one_line_error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    except OrderRejected as exc:  # the shop has it, but a run would leave it out or fail it
        outcome = "left_out" if isinstance(exc, OrderLeftOut) else "refused"
        data = redact_tree({"order": order, outcome: str(exc)})
        if as_json:
            print(json.dumps(data, ensure_ascii=False))
        else:
            words = "would be left out" if outcome == "left_out" else "would fail"
            out.print(line((f"order {order}", "bold"), " ", (f"{words}:", "red"), " ", data[outcome]))
        return
    # An order may echo a secret back (a shop that puts the key in a field): masked like the log.
    data = redact_tree(result.to_json())
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        from interfaces.render_explain import explanation

        explanation(out, SimpleNamespace(to_json=lambda: data))


@config_app.command("check")
def config_check(ctx: typer.Context, as_json: bool = JsonOption) -> None:
    """Check the configuration file; show the effective settings (secrets as ***)."""
    from domain.costs_left_out import settings_notice
    from infrastructure.config import render_config
    from infrastructure.config.render import plain_text_secrets, secret_origins

    config = load(_config_option(ctx), every_profile=True)  # every profile's secrets, now
    # Allowed, but money the shop charges would be missing from the books: said out loud.
    notices = [n for n in (settings_notice(p.id, p.settings.sales) for p in config.profiles.values()) if n]
    warnings = plain_text_secrets(config)
    if as_json:
        print(json.dumps({**render_config(config), "warnings": warnings + notices}, ensure_ascii=False, default=str))
        return
    out.print(line(("OK", "green"), f" {config.path}: {len(config.profiles)} profile(s): "
                   f"{', '.join(config.profiles)}; state in {config.state_path}"))
    for profile in config.profiles.values():  # where each secret came from, never its value
        for setting, words in secret_origins(profile):
            out.print(line(f"{profile.id}: {setting} {words}"), soft_wrap=True)
    for warning in warnings:
        out.print(line(("warning:", "yellow"), " ", warning), soft_wrap=True)
    for notice in notices:
        out.print(line(("note:", "yellow"), " ", notice))


def _register_subcommands() -> None:
    from interfaces import (cli_admin, cli_history, cli_licence, cli_log, cli_profile, cli_secret, config_init, demo,
                            myshop_cli, scheduler, service, version)
    from interfaces import cli_snelstart  # its own import: the shared import line above changes often

    app.add_typer(cli_history.app, name="history")
    app.add_typer(cli_log.app, name="log")
    app.add_typer(cli_licence.app, name="licence")
    app.add_typer(cli_secret.app, name="secret")
    app.add_typer(cli_profile.app, name="profile")
    config_app.command("init")(config_init.init)
    app.add_typer(service.app, name="service")
    app.command("version")(version.version)
    from interfaces import upgrade  # its own import: the shared import line above changes often

    app.command("upgrade")(upgrade.upgrade)
    app.add_typer(cli_admin.app, name="embedded")
    app.add_typer(cli_snelstart.app, name="snelstart")
    app.add_typer(myshop_cli.app, name="myshop")
    from interfaces.cli_reconcile import reconcile
    app.command("reconcile")(reconcile)
    app.command("demo")(demo.demo)
    app.command("schedule")(scheduler.schedule)


_register_subcommands()


def _register_forget() -> None:
    """`sconnect forget` (docs/privacy.md), registered apart from the list above, which other
    work changes often."""
    from interfaces import cli_forget

    app.command("forget")(cli_forget.forget)


_register_forget()


def _one_line_error(text: str) -> None:
    """Plain print: a terminal-width wrap would break the one line; secrets never pass, nor
    control characters from shop text (interfaces/plain.py)."""
    print(visible(" ".join(redact(text).split())), file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Entry point: maps errors to one line on stderr and an exit code. Usage errors (exit 2)
    and `typer.Exit` are handled by typer itself (standalone mode raises SystemExit)."""
    err = _one_line_error

    try:
        app(args=argv, prog_name="sconnect")
        code = 0
    except ConfigurationError as exc:
        for problem in exc.problems:  # every problem of the file, one line each (sorted by key)
            err(f"configuration error: {problem}")
        code = EXIT_CONFIG
    except UnreadableAnswer as exc:
        err(f"{exc}")
        code = EXIT_UNREADABLE
    except (ServiceUnavailable, Busy) as exc:
        err(f"{exc}")
        code = EXIT_TEMPFAIL
    except SConnectError as exc:
        err(f"error: {exc}")
        code = 1
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # a bug: one line, the trace only when asked for
        if os.environ.get("SCONNECT_DEBUG"):
            raise
        err(f"unexpected error: {type(exc).__name__}: {exc} (set SCONNECT_DEBUG=1 for details)")
        code = 1
    sys.exit(code)


def _register_console() -> None:
    """`sconnect console` (SPEC §12), registered apart from the list above, which other work
    changes often."""
    from interfaces import console

    app.command("console")(console.console)


_register_console()
