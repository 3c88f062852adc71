"""The command line's groups of commands, with their help as plain text (click's layout).

Why not typer's rich help panels: they import rich.markdown (markdown-it) and rich.traceback
(attrs, pygments) — about 0.08 s before `sconnect --help` prints a word, a third of its budget
(issue 20 item 11) — and boxes add nothing at 80 columns or in a pipe (item 4). Plain help
reads like pip's or git's, and an option shows what it takes in words (`--since WHEN`), not as
a programmer's type (`--since <str>`), and a flag shows none (typer's panels said `--json <bool>`).
"""
from __future__ import annotations

import typer
from typer.core import TyperGroup


# What an option's value is, where its name does not say it well enough.
VALUE_NAMES = {"config": "FILE", "profile": "ID", "since": "WHEN", "start_from": "WHEN", "timeout": "SECONDS",
               "tick": "SECONDS", "limit": "N", "orders": "FILE", "folder": "FOLDER", "dir": "FOLDER",
               "state": "FILE", "database": "FILE"}


def name_values(params) -> None:
    """Name the value of each option that takes one and has no name for it yet."""
    for param in params:
        if param.param_type_name == "option" and not param.is_flag and not param.count and param.metavar is None:
            param.metavar = VALUE_NAMES.get(param.name, param.name.upper())


class CommandGroup(TyperGroup):
    def __init__(self, **options) -> None:
        super().__init__(**options)
        name_values(self.params)

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is not None:
            name_values(command.params)
        return command

    def format_commands(self, ctx, formatter) -> None:
        """Each command with its help's first sentence whole, wrapped under it (click cuts it
        at the screen's width with '...': `status  Per profile: planning, last run, Ready/Busy, held...`)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def command_group(help: str, cls: type[TyperGroup] = CommandGroup, **options) -> typer.Typer:
    """A typer app for a group of commands (`sconnect`, `sconnect history`, …), plain help."""
    options.setdefault("no_args_is_help", not options.get("invoke_without_command", False))
    return typer.Typer(cls=cls, help=help, rich_markup_mode=None, **options)
