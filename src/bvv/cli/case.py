"""``bvv case``: read BRP and Polis files (and a supplement) into a ``bvv-case/1`` JSON file.

    bvv case --brp FILE [--brp FILE ...] [--bewoning FILE] [--polis FILE ...]
             --bsn BSN|@FILE|- --on DATE [--supplement FILE] [-o FILE]

The BSN can be read from a file (``@path``) or standard input (``-``), because command lines
are visible to other users of a machine. BRP files are Haal Centraal Personen v2 JSON or SuwiML
``AanvraagPersoonResponse`` XML (detected by content); Polis files are SuwiML
``UWVPersoonsIkvInfoResponse`` XML.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import Any

from bvv.errors import BvvError, CaseInvalid, SourceInvalid
from bvv.sources import read_source_bytes
from bvv.sources.brp_haal_centraal import load_json, parse_bewoning, parse_personen
from bvv.sources.casebuilder import build_case, parse_supplement
from bvv.sources.household import BewoningFacts, BrpPerson
from bvv.sources.polis import PolisResponse, parse_polis_xml
from bvv.sources.suwinet_brp import parse_brp_xml


def register(subparsers: Any) -> None:
    """Add the ``case`` subcommand to an argparse subparsers object."""
    p = subparsers.add_parser(
        "case",
        help="build a bvv-case/1 from BRP and Polis data",
        description="Build a bvv-case/1 (JSON) from BRP and UWV Polis data, with provenance, "
        "missing facts and diagnostics.",
    )
    p.add_argument("--brp", action="append", default=[], metavar="FILE", required=True,
                   help="BRP data: Haal Centraal Personen v2 JSON or SuwiML XML (repeatable)")
    p.add_argument("--bewoning", metavar="FILE", help="Haal Centraal Bewoning v2 JSON")
    p.add_argument("--polis", action="append", default=[], metavar="FILE",
                   help="SuwiML UWVPersoonsIkvInfoResponse XML (repeatable)")
    p.add_argument("--bsn", required=True, metavar="BSN",
                   help="the debtor's BSN, or @FILE to read it from a file, or - for stdin")
    p.add_argument("--on", required=True, metavar="DATE", help="determination date YYYY-MM-DD")
    p.add_argument("--supplement", metavar="FILE", help="supplement JSON (docs/adapters.md)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the case here (default stdout)")
    p.set_defaults(func=run)


def read_bsn(value: str) -> str:
    """The BSN from the argument, a file (``@path``) or standard input (``-``)."""
    if value == "-":
        raw = sys.stdin.readline()
    elif value.startswith("@"):
        try:
            with open(value[1:], encoding="utf-8") as fh:
                raw = fh.readline()
        except (OSError, UnicodeError) as exc:
            raise CaseInvalid(f"cannot read the BSN file: {type(exc).__name__}") from exc
    else:
        raw = value
    return raw.strip()


def _kind(data: bytes) -> str:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return "xml"
    if head in (b"{", b"["):
        return "json"
    return "unknown"


def brp_from_bytes(data: bytes, name: str) -> tuple[BrpPerson, ...]:
    """BRP data given as bytes: Haal Centraal JSON or SuwiML XML, detected by content."""
    kind = _kind(data)
    if kind == "xml":
        return parse_brp_xml(data, name)
    if kind == "json":
        return parse_personen(data, name)
    raise SourceInvalid(f"{name}: neither JSON nor XML")


def polis_from_bytes(data: bytes, name: str) -> PolisResponse:
    """A Polis response given as bytes (SuwiML XML)."""
    if _kind(data) != "xml":
        raise SourceInvalid(f"{name}: a Polis file must be SuwiML XML")
    return parse_polis_xml(data, name)


def read_brp(path: str) -> tuple[BrpPerson, ...]:
    return brp_from_bytes(read_source_bytes(path), os.path.basename(path))


def read_polis(path: str) -> PolisResponse:
    return polis_from_bytes(read_source_bytes(path), os.path.basename(path))


def read_bewoning(path: str) -> tuple[BewoningFacts, ...]:
    return parse_bewoning(read_source_bytes(path), os.path.basename(path))


def make_case(args: argparse.Namespace) -> dict[str, Any]:
    """Read every file named in ``args`` and build the case."""
    try:
        on = date.fromisoformat(str(args.on))
    except ValueError as exc:
        raise CaseInvalid("--on must be a date YYYY-MM-DD", path="determination_date") from exc
    bsn = read_bsn(str(args.bsn))
    brp = [read_brp(p) for p in args.brp]
    polis = [read_polis(p) for p in (args.polis or [])]
    bewoning = read_bewoning(args.bewoning) if getattr(args, "bewoning", None) else ()
    supplement = None
    sup_name = "supplement"
    if getattr(args, "supplement", None):
        sup_name = os.path.basename(args.supplement)
        supplement = parse_supplement(load_json(read_source_bytes(args.supplement), sup_name),
                                      sup_name)
    return build_case(bsn=bsn, on=on, brp=brp, polis=polis, bewoning=bewoning,
                      supplement=supplement, supplement_source=sup_name)


def run(args: argparse.Namespace) -> int:
    """Print the case JSON (exit 0) or the error (``err.exit_code``), never a traceback."""
    try:
        case = make_case(args)
        text = json.dumps(case, indent=2, ensure_ascii=False) + "\n"
        if getattr(args, "output", None):
            try:
                with open(args.output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            except OSError as exc:
                raise SourceInvalid(f"cannot write {args.output}: {exc.strerror or exc}") from exc
        else:
            sys.stdout.write(text)
        return 0
    except BvvError as err:
        print(err.render(), file=sys.stderr)
        return err.exit_code
