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
| 130 | interrupted |
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bvv import __version__
from bvv.cli import calculate, case, caseload, letters, simulate
from bvv.errors import BvvError

EXIT_CODES = __doc__.split("Exit codes", 1)[1] if __doc__ else ""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bvv",
        description="De vereenvoudigde beslagvrije voet (Rv art. 475a-475i), offline berekend.",
        epilog="Exit codes" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bvv {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in (calculate, case, caseload, letters, simulate):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except BvvError as err:
        if args.debug:
            raise
        print(err.render(), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # pragma: no cover - a bug
        if args.debug:
            raise
        print(
            f"error: internal-error\n  {type(exc).__name__}: {exc}\n"
            "hint: this is a bug in bvv; rerun with --debug and report the output",
            file=sys.stderr,
        )
        return 70


def run() -> None:
    sys.exit(main())
