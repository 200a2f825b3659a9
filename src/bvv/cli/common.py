"""What the command modules share: reading the case argument and the calculation options."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from bvv import examples
from bvv.errors import CaseInvalid
from bvv.model import Case
from bvv.norms import NORMS_DIR_ENV, load_norm_dir, use_norms
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
    p.add_argument("case", nargs="?", help="case file (bvv-case/1 JSON), or - for standard input")
    p.add_argument("--example", metavar="NAME", help="use a bundled example (see 'bvv examples')")


def add_norms_option(p: argparse.ArgumentParser) -> None:
    """``--norms DIR``: period files that add or replace norm periods (also ``BVV_NORMS_DIR``)."""
    p.add_argument(
        "--norms",
        metavar="MAP",
        help=f"map met periodebestanden die perioden toevoegen of vervangen (ook: {NORMS_DIR_ENV}); "
        "ze moeten 'bvv norms check' doorstaan",
    )


@contextmanager
def norms_scope(args: argparse.Namespace) -> Iterator[None]:
    """Run a command with the norm set and the provisional-norms permission its options ask for."""
    path: str | None = getattr(args, "norms", None)
    allow: bool = getattr(args, "allow_provisional_norms", False)
    with use_norms(load_norm_dir(path) if path else None, allow_provisional=allow):
        yield


def add_calc_options(p: argparse.ArgumentParser) -> None:
    add_norms_option(p)
    p.add_argument(
        "--allow-provisional-norms",
        action="store_true",
        help="ook rekenen met een voorlopige normtabel (status: provisional); het resultaat vermeldt dat",
    )
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
    p.add_argument("--on", type=iso_date, metavar="DATE", help="override the determination date")
