"""``bvv norms``: list, show, check, compare and start the norm tables (Dutch output)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from bvv.cli.common import add_norms_option, iso_date
from bvv.norms import (
    CONFIDENCE_LEGEND_NL,
    NormSet,
    NormsInvalid,
    NormTable,
    active_norms,
    merge_norm_files,
    read_norm_files,
)
from bvv.norms.check import MaximumCheck, check_lid7_limits, check_maxima, unpinned_parameters
from bvv.norms.maintenance import (
    amount_text,
    confidence_counts,
    diff_tables,
    publication_guide,
    publications,
    skeleton_yaml,
)
from bvv.rules.rv_475ab import LEEFSITUATIE_NL

REGIME_NL = {"quadratic-2021": "kwadratisch (2021-2025)", "linear-2026": "lineair (vanaf 2026)"}
STATUS_NL = {"published": "gepubliceerd", "provisional": "voorlopig"}
VERIFIED_NL = {
    "read": "gelezen in de publicatie",
    "reproduced": "nagerekend met gepubliceerde bedragen (maxima, inkomensgrenzen)",
    "secondary": "één secundaire bron",
    "unverified": "nog niet gecontroleerd",
}
LEGEND = CONFIDENCE_LEGEND_NL
VERDICT_NL = {
    "exact": "klopt",
    "within-a-cent": "klopt (1 cent afronding)",
    "explained": "verklaard",
    "fails": "KLOPT NIET",
}


def register(sub: Any) -> None:
    p = sub.add_parser("norms", help="de normtabellen bekijken, controleren en aanvullen")
    nsub = p.add_subparsers(dest="norms_command", metavar="OPDRACHT")
    nsub.required = True

    q = nsub.add_parser("list", help="alle perioden met regime, status, zekerheid en publicaties")
    add_norms_option(q)
    q.set_defaults(func=cmd_list)

    q = nsub.add_parser("show", help="alle waarden van een periode met grondslag en bron")
    q.add_argument("period", type=iso_date, metavar="PERIODE", help="een datum in de periode (JJJJ-MM-DD)")
    q.add_argument("--json", action="store_true", help="als JSON")
    add_norms_option(q)
    q.set_defaults(func=cmd_show)

    q = nsub.add_parser("check", help="een periodebestand of map controleren en de maxima narekenen")
    q.add_argument("path", nargs="?", metavar="BESTAND|MAP", help="zonder: de meegeleverde tabellen")
    q.set_defaults(func=cmd_check)

    q = nsub.add_parser("diff", help="wat er veranderde tussen twee perioden")
    q.add_argument("a", type=iso_date, metavar="A")
    q.add_argument("b", type=iso_date, metavar="B")
    add_norms_option(q)
    q.set_defaults(func=cmd_diff)

    q = nsub.add_parser("new", help="een voorlopig bestand voor de volgende periode schrijven")
    q.add_argument("start", type=iso_date, metavar="DATUM", help="eerste dag van de periode (JJJJ-MM-DD)")
    q.add_argument("-o", "--output", metavar="PAD", help="bestand of map (standaard: JJJJ-MM-DD.yaml hier)")
    q.add_argument("--force", action="store_true", help="een bestaand bestand overschrijven")
    q.add_argument(
        "--replace",
        action="store_true",
        help="ook voor een bestaande periode (om die na te bouwen uit de publicaties)",
    )
    add_norms_option(q)
    q.set_defaults(func=cmd_new)


def nl_number(amount: Decimal, unit: str = "") -> str:
    """Dutch notation without exponent: 1.419,46; a ratio with six decimals."""
    if unit == "ratio":
        amount = amount.quantize(Decimal("0.000001"))
    text = format(amount, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if frac else "")


def _rows(header: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


# ---------------------------------------------------------------------------------------- list


def cmd_list(args: argparse.Namespace) -> int:
    norm_set = active_norms()
    print("Normtabellen" + ("" if norm_set.origin == "bundled" else f" (met perioden uit {norm_set.origin})"))
    print(LEGEND)
    for table in norm_set.tables:
        counts = confidence_counts(table)
        loaded = " · uit map" if norm_set.is_loaded(table) else ""
        print()
        print(
            f"{table.period.start} t/m {table.period.end}  {REGIME_NL[table.regime]}  "
            f"{STATUS_NL[table.status]}{loaded}  V {counts['V']} · P {counts['P']} · U {counts['U']}"
        )
        pubs = publications(table)
        print("  rust op: " + ("; ".join(pubs) if pubs else "geen publicaties genoemd"))
    return 0


# ---------------------------------------------------------------------------------------- show


def _table_for(norm_set: NormSet, on: date) -> NormTable:
    return norm_set.table_for(on, allow_provisional=True)[0]


def cmd_show(args: argparse.Namespace) -> int:
    table = _table_for(active_norms(), args.period)
    if args.json:
        print(json.dumps(_show_json(table), ensure_ascii=False, indent=2))
        return 0
    print(
        f"Normen {table.period.start} t/m {table.period.end} · {REGIME_NL[table.regime]} · "
        f"{STATUS_NL[table.status]}"
    )
    print(LEGEND)
    print()
    rows = [
        [key, nl_number(v.amount, v.unit), v.unit, v.basis, v.confidence, VERIFIED_NL[v.verified]]
        for key, v in table.values.items()
    ]
    header = ["sleutel", "bedrag", "eenheid", "grondslag", "zekerheid", "controle"]
    lines = _rows(header, rows, right=frozenset({1}))
    print("\n".join(lines[:2]))
    for v, row_line in zip(table.values.values(), lines[2:], strict=True):
        print(row_line)
        print(f"    {v.label}")
        print(f"    bron: {v.source}")
        if v.as_published is not None:
            print(
                f"    door het ministerie gebruikt: {nl_number(v.as_published.amount)} "
                f"({v.as_published.source})"
            )
    return 0


def _show_json(table: NormTable) -> dict[str, Any]:
    return {
        "period": {"start": table.period.start.isoformat(), "end": table.period.end.isoformat()},
        "regime": table.regime,
        "status": table.status,
        "confidence_legend": {
            "V": "gelezen in de officiële tekst",
            "P": "secundaire bron of nagerekend",
            "U": "niet gecontroleerd",
        },
        "values": {
            key: {
                "amount": amount_text(v.amount),
                "unit": v.unit,
                "label": v.label,
                "basis": v.basis,
                "source": v.source,
                "verified": v.verified,
                "confidence": v.confidence,
            }
            for key, v in table.values.items()
        },
    }


# ---------------------------------------------------------------------------------------- check


def cmd_check(args: argparse.Namespace) -> int:
    try:
        if args.path is None:
            checked = active_norms().tables
        else:
            norm_set = merge_norm_files(read_norm_files(args.path), origin=args.path)
            checked = tuple(t for t in norm_set.tables if norm_set.is_loaded(t))
    except NormsInvalid as err:
        print(f"Ongeldig: het bestand of de map past niet bij de normtabellen.\n  {err.message}")
        return 1
    print(
        "Schema, eenheden, volledigheid en aansluiting van de perioden: in orde "
        f"({len(checked)} gecontroleerd)."
    )
    failed = 0
    for table in checked:
        failed += _print_maxima(table)
    print()
    if failed:
        print(
            f"{failed} maxima of inkomensgrenzen volgen niet uit de parameters van hun periode. "
            "Controleer de parameters."
        )
        return 1
    print("Alle maxima en nagerekende inkomensgrenzen volgen uit de parameters van hun periode.")
    provisional = [str(t.period.start) for t in checked if t.status == "provisional"]
    if provisional:
        print(
            f"Let op: voorlopig ({', '.join(provisional)}). bvv rekent hiermee alleen met "
            "--allow-provisional-norms; zet 'status: published' als alle waarden zijn nagelezen."
        )
    return 0


def _print_maxima(table: NormTable) -> int:
    checks = check_maxima(table)
    print()
    print(
        f"Periode {table.period.start} ({STATUS_NL[table.status]}): maxima (Rv 475da lid 1) "
        "nagerekend bij het inkomen van lid 8"
    )
    rows = [_check_row(c) for c in checks]
    print(
        "\n".join(
            _rows(
                ["leefsituatie", "gepubliceerd", "herberekend", "verschil", "oordeel"],
                rows,
                right=frozenset({1, 2, 3}),
            )
        )
    )
    for c in checks:
        if c.verdict == "explained":
            print(
                f"  {LEEFSITUATIE_NL[c.leefsituatie]}: bekende afwijking van het ministerie "
                f"({c.waarom}; beslissing 3)"
            )
        if c.verdict == "fails":
            print(f"  FOUT: maximum_{c.leefsituatie} volgt niet uit de parameters van deze periode")
    failed = sum(1 for c in checks if c.verdict == "fails") + _print_limits(table)
    unpinned = unpinned_parameters(table)
    if unpinned:
        print(
            "  Niet door de maxima of inkomensgrenzen gecontroleerd (lees deze na in de publicatie): "
            + ", ".join(unpinned)
        )
    return failed


LIMIT_NL = {
    "rv475da_lid7_limit_single": "alleenstaande",
    "rv475da_lid7_limit_multi_person": "meerpersoonshuishouden",
}


def _print_limits(table: NormTable) -> int:
    """The lid-7 income limits recomputed by lid 9; the number that fail."""
    checks = check_lid7_limits(table)
    if not checks:
        if "rv475da_lid7_limit_single" in table.values:
            print(
                "  Inkomensgrenzen van lid 7: niet nagerekend "
                "(de bedragen voor lid 9 staan niet in dit bestand)"
            )
        return 0
    print("Inkomensgrenzen (Rv 475da lid 7) nagerekend met lid 9")
    rows = [
        [
            LIMIT_NL[c.key],
            nl_number(c.published),
            nl_number(c.recomputed),
            nl_number(c.difference),
            VERDICT_NL[c.verdict]
            + (" (gepubliceerd in hele euro's)" if "," not in nl_number(c.published) else ""),
        ]
        for c in checks
    ]
    header = ["huishouden", "gepubliceerd", "herberekend", "verschil", "oordeel"]
    print("\n".join(_rows(header, rows, right=frozenset({1, 2, 3}))))
    for c in checks:
        if c.verdict == "fails":
            print(f"  FOUT: {c.key} volgt niet uit de parameters van deze periode")
    return sum(1 for c in checks if c.verdict == "fails")


def _check_row(c: MaximumCheck) -> list[str]:
    return [
        LEEFSITUATIE_NL[c.leefsituatie],
        nl_number(c.published),
        nl_number(c.recomputed),
        nl_number(c.difference),
        VERDICT_NL[c.verdict],
    ]


# ---------------------------------------------------------------------------------------- diff


def cmd_diff(args: argparse.Namespace) -> int:
    norm_set = active_norms()
    a, b = _table_for(norm_set, args.a), _table_for(norm_set, args.b)
    changes = diff_tables(a, b)
    print(f"Verschil tussen de normen van {a.period.start} en {b.period.start}")
    rows = []
    for ch in changes:
        rel = ch.relative
        rows.append(
            [
                ch.key,
                nl_number(ch.before, ch.unit) if ch.before is not None else "-",
                nl_number(ch.after, ch.unit) if ch.after is not None else "-",
                "-"
                if rel is None
                else f"{'+' if rel > 0 else ''}{nl_number((rel * 100).quantize(Decimal('0.01')))} %",
                ch.label,
            ]
        )
    if rows:
        print(
            "\n".join(
                _rows(
                    ["sleutel", str(a.period.start), str(b.period.start), "verandering", "omschrijving"],
                    rows,
                    right=frozenset({1, 2, 3}),
                )
            )
        )
    same = sum(1 for k in set(a.values) & set(b.values) if a.values[k].amount == b.values[k].amount)
    print(f"{len(changes)} waarden veranderd, {same} gelijk gebleven.")
    return 0


# ----------------------------------------------------------------------------------------- new


def cmd_new(args: argparse.Namespace) -> int:
    norm_set = active_norms()
    start: date = args.start
    previous = next((t for t in norm_set.tables if (t.period.end - start).days == -1), None)
    if not args.replace and any(t.period.start <= start <= t.period.end for t in norm_set.tables):
        print(f"Er is al een periode die {start} bevat (zie: bvv norms list).", file=sys.stderr)
        return 2
    if previous is None:
        last = norm_set.tables[-1].period.end
        print(f"Een nieuwe periode sluit aan op de vorige: de laatste eindigt op {last}.", file=sys.stderr)
        return 2
    target = Path(args.output or ".")
    if target.is_dir():
        target = target / f"{start.isoformat()}.yaml"
    if target.exists() and not args.force:
        print(f"{target} bestaat al; gebruik --force om het te overschrijven.", file=sys.stderr)
        return 2
    target.write_text(skeleton_yaml(previous, start), encoding="utf-8")
    print(
        f"Geschreven: {target} (voorlopig; {len(previous.values)} waarden van "
        f"{previous.period.start} overgenomen, zekerheid U)."
    )
    print("Vul de waarden in deze volgorde in en noteer bij elke waarde de publicatie:")
    groups = [g for g in publication_guide() if any(k in previous.values for k in g.keys)]
    for number, group in enumerate(groups, start=1):
        print(f"  {number}. {group.name}")
    print(f"Controleer daarna met: bvv norms check {target}")
    print("Zolang het bestand voorlopig is, rekent bvv er alleen mee met --allow-provisional-norms.")
    return 0
