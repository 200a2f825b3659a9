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
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from bvv import __version__, examples
from bvv.engine import calculate
from bvv.errors import BvvError, CaseInvalid
from bvv.model import Case
from bvv.parse import load_case, parse_case
from bvv.render import result_text

EXIT_CODES = __doc__.split("Exit codes", 1)[1] if __doc__ else ""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def read_case_arg(args: argparse.Namespace) -> Case:
    """The case named on the command line: a file, ``-`` for stdin, or ``--example NAME``;
    with ``--on DATE`` (where the command has it) on that determination date."""
    case = _read_case(args)
    on: date | None = getattr(args, "on", None)
    return case if on is None else case.model_copy(update={"determination_date": on})


def _read_case(args: argparse.Namespace) -> Case:
    if getattr(args, "example", None):
        try:
            data = examples.load(args.example)
        except KeyError as exc:
            raise CaseInvalid(str(exc.args[0])) from None
        return parse_case(data)
    if args.case is None:
        raise CaseInvalid("give a case file, '-' for standard input, or --example NAME")
    if args.case == "-":
        return parse_case(sys.stdin.read())
    return load_case(args.case)


def cmd_calculate(args: argparse.Namespace) -> int:
    case = read_case_arg(args)
    result = calculate(case, allow_latest_norms=args.allow_latest_norms, variant=args.variant)
    if args.json:
        print(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        print(result_text(result))
    return 0


def cmd_examples(args: argparse.Namespace) -> int:
    for name in examples.names():
        g = examples.golden(name)
        print(f"{name:<45} {g['expected']['beslagvrije_voet']:>9}  {g['description']}")
    return 0


def add_case_source(p: argparse.ArgumentParser) -> None:
    """The case argument shared by the commands that read one case."""
    p.add_argument("case", nargs="?", help="case file (bvv-case/1 JSON), or - for standard input")
    p.add_argument("--example", metavar="NAME", help="use a bundled example (see 'bvv examples')")


def add_calc_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--allow-latest-norms",
        action="store_true",
        help="use the latest norms for a date after the last published period (recorded in the result)",
    )
    p.add_argument(
        "--variant",
        choices=("statute", "as_published"),
        default="statute",
        help="drempelinkomen/L as the statute prescribes (default) or as the Ministry used them",
    )
    p.add_argument("--on", type=_date, metavar="DATE", help="override the determination date")


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

    p = sub.add_parser("calculate", help="compute the bvv of a case")
    add_case_source(p)
    add_calc_options(p)
    p.add_argument("--json", action="store_true", help="print bvv-result/1 JSON")
    p.set_defaults(func=cmd_calculate)

    p = sub.add_parser("examples", help="list the bundled example cases")
    p.set_defaults(func=cmd_examples)

    for register in _plugins():
        register(sub)
    return parser


def _plugins() -> list[Callable[[Any], None]]:
    """Subcommands defined in their own modules (I/O kept apart from the rules)."""
    from bvv import cli_batch, cli_case, cli_notice

    return [cli_case.register, cli_batch.register, cli_notice.register]


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
