"""The command line: a thin layer over the library.

Every command prints a one-line message and exits non-zero on failure (2 for bad usage or
input), never a traceback; ``--json`` output is a single JSON document on stdout.
"""

from __future__ import annotations

import sys

import click
import typer

from marknet.cli import bench, node_commands, sample_commands
from marknet.cli.common import err_console
from marknet.errors import MarknetError

app = typer.Typer(name="marknet", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False,
                  help="An office node for trademark and GI registers (RU, BY, EAEU).")
node_commands.register(app)
sample_commands.register(app)
app.add_typer(bench.app, name="bench")


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except MarknetError as exc:
        err_console.print(f"error: {exc.message}", markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        err_console.print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
                          markup=False, highlight=False)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
