"""`workbench`: a thin command line over the Project API.

User mistakes print one line and exit with status 2; they never show a traceback.

One command group; the commands of each capability are in a file of their own here.
"""

from __future__ import annotations

import sys

import click

from ..errors import SheetProblems, WorkbenchError
from . import (agreement, coding_sheet, coproduction, privacy, project_commands, publishing,  # noqa: F401
               reliability, topics)  # each module adds its commands to the group
from . import analysis as _analysis  # noqa: F401  (issue 13: retrieve, search)
from . import exports as _exports  # noqa: F401  (issue 14: coded documents, extracts, themes)
from . import themes as _themes  # noqa: F401  (issue 14: memos, themes, theme review)
from . import hub as _hub  # noqa: F401  (issue 17: the team server)
from . import partners as _partners  # noqa: F401  (issue 18: partner pages as apps)
from .base import cli

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> int:
    try:
        cli.main(args=argv, prog_name="workbench", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Stopped.", err=True)
        return 1
    except click.UsageError as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        click.echo(f"error: {exc.format_message()}{hint}", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        return 2
    except SheetProblems as exc:  # a report: the summary line, then one line per row
        click.echo(f"error: {exc.report()}", err=True)
        return 2
    except WorkbenchError as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
