"""What the command modules share: reading the case argument and the calculation options."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from bvv import examples
from bvv.errors import CaseInvalid
from bvv.model import Case
from bvv.parse import load_case, parse_case


def iso_date(text: str) -> date:
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


def add_case_source(p: argparse.ArgumentParser) -> None:
    """The case argument shared by the commands that read one case."""
    p.add_argument("case", nargs="?", help="dossier (bvv-case/1 JSON), of - voor invoer via stdin")
    p.add_argument("--example", metavar="NAAM", help="gebruik een meegeleverd voorbeeld (zie 'bvv examples')")


def add_calc_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--allow-latest-norms",
        action="store_true",
        help="gebruik de laatste bedragen voor een datum na de laatst gepubliceerde periode "
        "(staat in het resultaat)",
    )
    p.add_argument(
        "--variant",
        choices=("statute", "as_published"),
        default="statute",
        help="drempelinkomen/L zoals de wet voorschrijft (standaard) of zoals het ministerie ze gebruikte",
    )
    p.add_argument("--on", type=iso_date, metavar="DATUM", help="reken op deze datum (JJJJ-MM-DD)")
