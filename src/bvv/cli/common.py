"""What the command modules share: reading the case argument and the calculation options.

Everything printed here is Dutch (the CLI speaks to Dutch practitioners); JSON keeps its English
codes."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from bvv import examples
from bvv.bsn import mask_in_text
from bvv.errors import UsageError
from bvv.model import Case
from bvv.norms import NORMS_DIR_ENV, load_norm_dir, use_norms
from bvv.parse import MAX_CASE_BYTES, decode_text, load_case, parse_case

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def iso_date(text: str) -> date:
    """A ``YYYY-MM-DD`` option value (no week dates, no times)."""
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        f"geen datum in de vorm JJJJ-MM-DD: {mask_in_text(text)[:40]!r}"
    ) from None


def read_case_arg(args: argparse.Namespace) -> Case:
    """The case named on the command line: a file, ``-`` for stdin, or ``--example NAME``;
    with ``--on DATE`` (where the command has it) on that determination date."""
    case = _read_case(args)
    on: date | None = getattr(args, "on", None)
    if on is None:
        return case
    # validated again: the new date must pass the same checks (birth dates, the last year)
    return parse_case({**case.to_json_dict(), "determination_date": on.isoformat()})


def example_name(name: str) -> str:
    """The bundled example meant by ``--example`` (a full name or its start, e.g. ``01``)."""
    try:
        return examples.resolve(name)
    except KeyError:
        fits = [n for n in examples.names() if n.startswith(name)]
        if len(fits) > 1:
            raise UsageError(
                f"{name!r} fits several examples: {', '.join(fits)}",
                tekst=f"--example {name!r} past bij meer voorbeelden: {', '.join(fits)}",
                tip="geef meer van de naam",
            ) from None
        raise UsageError(
            f"no example {name!r}", tekst=f"er is geen voorbeeld {name!r}",
            tip="'bvv examples' toont de namen",
        ) from None


def _read_case(args: argparse.Namespace) -> Case:
    if getattr(args, "example", None):
        return parse_case(examples.load(example_name(args.example)))
    if args.case is None:
        raise UsageError(
            "give a case file, '-' for standard input, or --example NAME",
            tekst="geef een dossierbestand, '-' voor standaardinvoer, of --example NAAM",
            tip="'bvv examples' toont de voorbeelden; 'bvv examples --export MAP' schrijft ze "
            "als bestanden",
        )
    if args.case == "-":
        return parse_case(read_stdin())
    return load_case(args.case)


def read_stdin() -> str:
    """Standard input as text (UTF-8, a byte order mark skipped), at most one case long."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes (tests, notebooks)
        return sys.stdin.read(MAX_CASE_BYTES + 1)
    return decode_text(buffer.read(MAX_CASE_BYTES + 1))


def add_case_source(p: argparse.ArgumentParser) -> None:
    """The case argument shared by the commands that read one case."""
    p.add_argument("case", nargs="?",
                   help="dossierbestand (bvv-case/1 JSON), of - voor standaardinvoer")
    p.add_argument("--example", metavar="NAAM",
                   help="gebruik een meegeleverd voorbeeld (zie 'bvv examples'); het begin van "
                   "de naam is genoeg, bijvoorbeeld 01")


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
        help="gebruik de laatste normen voor een datum na de laatst gepubliceerde periode "
        "(staat in de uitkomst)",
    )
    p.add_argument(
        "--variant",
        choices=("statute", "as_published"),
        default="statute",
        help="drempelinkomen/L zoals de wet ze voorschrijft (standaard) of zoals het ministerie "
        "ze gebruikte",
    )
    p.add_argument("--on", type=iso_date, metavar="DATUM",
                   help="andere datum van vaststelling (JJJJ-MM-DD)")
