"""The ``bvv`` command: a thin shell over the library.

Exit codes:

| code | meaning |
|---|---|
| 0 | done (for ``verify`` / ``check-plan``: agrees) |
| 1 | ``verify``, ``check-plan``, ``receipt verify``, ``conformance``: a difference was found |
| 2 | usage error |
| 3 | the input is invalid or incomplete (``case-invalid``, ``case-incomplete``, ``source-invalid``) |
| 4 | outside coverage (``norms-not-available``, ``case-not-covered``) |
| 70 | internal error (a bug: please report it with the ``--debug`` output) |
| 74 | a file could not be read or written (disk full, read-only, no permission), or a worker died |
| 130 | interrupted (Ctrl-C or SIGTERM) |
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType

from bvv import __version__
from bvv.bsn import mask_in_text
from bvv.caseload.runfiles import io_failure
from bvv.cli import calculate, case, caseload, letters, norms, serve, simulate
from bvv.cli.common import norms_scope
from bvv.cli.dutch import argparse_in_dutch
from bvv.errors import BvvError

#: the exit codes as ``bvv --help`` shows them (the table above, in Dutch)
EXIT_CODES_NL = """Afsluitcodes:
  0    klaar (verify, check-plan: klopt)
  1    verify, check-plan, receipt verify, conformance: er is een verschil
  2    verkeerd gebruik van de opdracht
  3    de invoer is ongeldig of onvolledig
  4    buiten wat bvv kan berekenen (geen normen voor die datum, geval niet gedekt)
  70   interne fout in bvv (meld die met de uitvoer van --debug)
  74   een bestand kon niet worden gelezen of geschreven, of een werkproces stopte
  130  onderbroken (Ctrl-C of SIGTERM)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bvv",
        description="De vereenvoudigde beslagvrije voet (Rv art. 475a-475i), offline berekend.",
        epilog=EXIT_CODES_NL,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"bvv {__version__}", help="toon het versienummer en stop"
    )
    parser.add_argument("--debug", action="store_true", help="toon de traceback bij een fout")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in (calculate, case, caseload, letters, norms, simulate, serve):
        module.register(sub)
    _debug_everywhere(parser)
    return parser


def _debug_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept ``--debug`` after the (sub)command too, as the hint of exit 70 asks for it. The
    subcommands' option only sets the flag when given (SUPPRESS), so it never resets the main one."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                if "--debug" not in sub._option_string_actions:
                    sub.add_argument(
                        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
                    )
                _debug_everywhere(sub)


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager stopping bvv) is handled like Ctrl-C: files stay consistent."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _never_fail_on_text() -> None:
    """Text that cannot be encoded (a lone surrogate from a file) is replaced, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _never_fail_on_text()
    with argparse_in_dutch():
        parser = build_parser()
        args = parser.parse_args(argv)
    try:
        with _sigterm_as_interrupt(), norms_scope(args):
            code: int = args.func(args)
        return code
    except BvvError as err:
        if args.debug:
            raise
        print(mask_in_text(err.render()), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("onderbroken", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if args.debug:
            raise
        print(mask_in_text(io_failure(exc).render()), file=sys.stderr)
        return 74
    except Exception as exc:  # pragma: no cover - a bug
        if args.debug:
            raise
        print(
            mask_in_text(
                "fout: internal-error\n"
                f"  dit is een fout in bvv (technische melding: {type(exc).__name__}: {exc})\n"
                "tip: voer de opdracht opnieuw uit met --debug en meld de uitvoer"
            ),
            file=sys.stderr,
        )
        return 70


def run() -> None:
    sys.exit(main())
