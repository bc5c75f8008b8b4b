"""The command line: a thin layer over the library.

Every command prints a one-line message and exits non-zero on failure (2 for bad usage or
input), never a traceback; ``--json`` output is a single JSON document on stdout.
"""

from __future__ import annotations

import sys

import typer

from marknet.cli import (
    api_commands,
    bench,
    exchange_commands,
    node_commands,
    procedure_commands,
    sample_commands,
    search_commands,
)
from marknet.errors import MarknetError

app = typer.Typer(name="marknet", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False,
                  help="An office node for trademark and GI registers (RU, BY, EAEU).")
node_commands.register(app)
sample_commands.register(app)
search_commands.register(app)
exchange_commands.register(app)
procedure_commands.register(app)
api_commands.register(app)
app.add_typer(bench.app, name="bench")


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except MarknetError as exc:
        _fail(exc.message)
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail("aborted")
        sys.exit(130)
    except typer.TyperException as exc:  # click's usage errors, as typer vendors them
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            _fail(str(exc))
        sys.exit(int(getattr(exc, "exit_code", 2) or 2))
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str) -> None:
    """One plain line on stderr: no wrapping, no markup, so scripts can read it."""
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
