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
from pathlib import Path
from typing import Any

from bvv.bsn import mask_in_text
from bvv.caseload.runfiles import write_atomically
from bvv.cli.common import iso_date
from bvv.errors import BvvError, CaseInvalid, IoFailure, SourceInvalid
from bvv.parse import check_tree, decode_text, loads_strict
from bvv.sources import read_source_bytes
from bvv.sources.brp_haal_centraal import parse_bewoning, parse_personen
from bvv.sources.casebuilder import build_case, parse_supplement
from bvv.sources.household import BewoningFacts, BrpPerson
from bvv.sources.polis import PolisResponse, parse_polis_xml
from bvv.sources.suwinet_brp import parse_brp_xml


def register(subparsers: Any) -> None:
    """Add the ``case`` subcommand to an argparse subparsers object."""
    p = subparsers.add_parser(
        "case",
        help="maak een dossier (bvv-case/1) uit BRP- en Polisgegevens",
        description="Maak een dossier (bvv-case/1 JSON) uit gegevens van de BRP en de Polis van "
        "UWV, met herkomst, ontbrekende gegevens en meldingen. Ontbreken er gegevens, dan wordt "
        "het dossier toch geschreven (exit 0) en staat op stderr wat er nog ontbreekt; "
        "'bvv calculate' rekent pas als alles is aangevuld.",
    )
    p.add_argument("--brp", action="append", default=[], metavar="BESTAND", required=True,
                   help="BRP-gegevens: Haal Centraal Personen v2 JSON of SuwiML XML (herhaalbaar)")
    p.add_argument("--bewoning", metavar="BESTAND", help="Haal Centraal Bewoning v2 JSON")
    p.add_argument("--polis", action="append", default=[], metavar="BESTAND",
                   help="SuwiML UWVPersoonsIkvInfoResponse XML (herhaalbaar)")
    p.add_argument("--bsn", required=True, metavar="BSN",
                   help="het BSN van de schuldenaar, of @BESTAND om het uit een bestand te lezen, "
                   "of - voor standaardinvoer")
    p.add_argument("--on", required=True, metavar="DATUM", type=iso_date,
                   help="datum van vaststelling (JJJJ-MM-DD)")
    p.add_argument("--supplement", metavar="BESTAND",
                   help="aanvulling in JSON (docs/adapters.md)")
    p.add_argument("-o", "--output", metavar="BESTAND",
                   help="schrijf het dossier hierheen (standaard: standaarduitvoer)")
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
            raise IoFailure(f"cannot read the BSN file: {type(exc).__name__}",
                                  tekst="kan het BSN-bestand niet lezen") from None
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


def _name(path: str) -> str:
    """A file's name as shown in messages and provenance: a BSN in it is masked."""
    return mask_in_text(os.path.basename(path))


def brp_from_bytes(data: bytes, name: str) -> tuple[BrpPerson, ...]:
    """BRP data given as bytes: Haal Centraal JSON or SuwiML XML, detected by content.
    ``name`` (a file name) is masked before it appears in a message or provenance."""
    name = mask_in_text(name)
    kind = _kind(data)
    if kind == "xml":
        return parse_brp_xml(data, name)
    if kind == "json":
        return parse_personen(data, name)
    raise SourceInvalid(f"{name}: neither JSON nor XML",
                        tekst=f"{name}: dit is geen JSON en geen XML",
                        tip="geef een BRP-bestand: Haal Centraal JSON of SuwiML XML")


def polis_from_bytes(data: bytes, name: str) -> PolisResponse:
    """A Polis response given as bytes (SuwiML XML); ``name`` is masked as for BRP data."""
    name = mask_in_text(name)
    if _kind(data) != "xml":
        raise SourceInvalid(f"{name}: a Polis file must be SuwiML XML",
                            tekst=f"{name}: een Polisbestand moet SuwiML XML zijn")
    return parse_polis_xml(data, name)


def read_brp(path: str) -> tuple[BrpPerson, ...]:
    return brp_from_bytes(read_source_bytes(path), _name(path))


def read_polis(path: str) -> PolisResponse:
    return polis_from_bytes(read_source_bytes(path), _name(path))


def read_bewoning(path: str) -> tuple[BewoningFacts, ...]:
    return parse_bewoning(read_source_bytes(path), _name(path))


def make_case(args: argparse.Namespace) -> dict[str, Any]:
    """Read every file named in ``args`` and build the case."""
    on = args.on if isinstance(args.on, date) else _on(str(args.on))
    bsn = read_bsn(str(args.bsn))
    brp = [read_brp(p) for p in args.brp]
    polis = [read_polis(p) for p in (args.polis or [])]
    bewoning = read_bewoning(args.bewoning) if getattr(args, "bewoning", None) else ()
    supplement = None
    sup_name = "supplement"
    if getattr(args, "supplement", None):
        sup_name = _name(args.supplement)
        supplement = parse_supplement(_supplement_json(args.supplement), sup_name)
    return build_case(bsn=bsn, on=on, brp=brp, polis=polis, bewoning=bewoning,
                      supplement=supplement, supplement_source=sup_name)


def _supplement_json(path: str) -> Any:
    """The supplement, typed by a person: read as strictly as a case (UTF-8, each key once)."""
    data = loads_strict(decode_text(read_source_bytes(path), "supplement"), "supplement")
    check_tree(data)
    return data


def _on(text: str) -> date:
    try:
        return iso_date(text)
    except argparse.ArgumentTypeError:
        raise CaseInvalid("--on must be a date YYYY-MM-DD", path="determination_date",
                          tekst="--on moet een datum zijn (JJJJ-MM-DD)") from None


def run(args: argparse.Namespace) -> int:
    """Print the case JSON (exit 0) or the error (``err.exit_code``), never a traceback.

    A case with missing facts is still written (exit 0): it is the input for a supplement. What
    is missing is said on standard error, so a script that only checks the exit code is not the
    only reader."""
    try:
        case = make_case(args)
        text = json.dumps(case, indent=2, ensure_ascii=False) + "\n"
        if getattr(args, "output", None):
            _write(args.output, text)
        else:
            sys.stdout.write(text)
        _report_missing(case.get("missing_facts") or [])
        return 0
    except BvvError as err:
        print(mask_in_text(err.render()), file=sys.stderr)  # the last guard for file names
        return err.exit_code


def _write(path: str, text: str) -> None:
    """Write the case (personal data: mode 0600) through a temporary file, fsync and a rename."""
    try:
        write_atomically(Path(path), text.encode("utf-8"))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        shown = mask_in_text(path)
        raise IoFailure(f"cannot write {shown}: {reason}",
                              tekst=f"kan {shown} niet schrijven: {reason}") from None


def _report_missing(missing: list[dict[str, str]]) -> None:
    if not missing:
        return
    paths = ", ".join(str(m.get("path")) for m in missing)
    print(
        f"let op: {len(missing)} gegeven(s) ontbreken in de BRP- en Polisgegevens: {paths}\n"
        "  Het dossier is geschreven, maar 'bvv calculate' rekent pas als deze gegevens zijn "
        "aangevuld (met --supplement, zie docs/adapters.md).",
        file=sys.stderr,
    )
