"""The command line: a thin layer over the library.

Every command prints a one-line message and exits non-zero on failure (2 for bad usage or
input), never a traceback; ``--json`` output is a single JSON document on stdout.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from typing import Annotated

import typer

from marknet.cli import (
    api_commands,
    bench,
    exchange_commands,
    images_commands,
    node_commands,
    operator_commands,
    procedure_commands,
    register_commands,
    sample_commands,
    search_commands,
)
from marknet.errors import MarknetError

EXIT_CODES = ("Exit codes: 0 done; 1 done in part (some records rejected) or the system "
              "failed; 2 bad usage or input (nothing changed); 3 a register's hash chain is "
              "broken; 130 interrupted.")
app = typer.Typer(name="marknet", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="An office node for trademark and GI registers (RU, BY, EAEU).",
                  epilog=EXIT_CODES)


def _show_version(wanted: bool) -> None:
    if wanted:
        sys.stdout.write(f"marknet {version('marknet')}\n")
        raise typer.Exit(0)


@app.callback()
def _options(show_version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Print marknet's version and exit.")] = False) -> None:
    """Options of marknet itself (before the command)."""

node_commands.register(app)
operator_commands.register(app)
sample_commands.register(app)
search_commands.register(app)
exchange_commands.register(app)
images_commands.register(app)
procedure_commands.register(app)
api_commands.register(app)
register_commands.register(app)
app.add_typer(bench.app, name="bench")


def main() -> None:
    sys.exit(run())


def run(argv: list[str] | None = None) -> int:
    """Run one command line (``sys.argv`` when not given) and return its exit code: errors
    are one line on stderr, never a traceback."""
    try:
        code = app(args=argv, prog_name="marknet", standalone_mode=False)
    except MarknetError as exc:
        _fail(exc.message)
        return exc.exit_code
    except typer.Abort:
        _fail("aborted")
        return 130
    except typer.TyperException as exc:  # click's usage errors, as typer vendors them
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            _fail(str(exc))
        return int(getattr(exc, "exit_code", 2) or 2)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return 1
    return code if isinstance(code, int) else 0


def _fail(message: str) -> None:
    """One plain line on stderr: no wrapping, no markup, so scripts can read it."""
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
