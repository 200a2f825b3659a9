"""Subcommands around the notice: ``notice``, ``verify``, ``check-plan``, ``receipt verify``,
``conformance`` and ``schema``. Each returns the exit code of ``bvv.cli`` (0 agrees, 1 differs)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

from bvv import errors
from bvv.cli.common import add_calc_options, add_case_source, read_case_arg
from bvv.errors import CaseInvalid
from bvv.model import Case


def _money(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"geen bedrag: {text!r} (schrijf bijvoorbeeld 1500.00)") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise argparse.ArgumentTypeError(f"een bedrag in hele centen, niet negatief: {text!r}")
    return value


def _read_text(path: str, what: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        noun = {"notice": "de brief", "case": "het dossier", "result": "het resultaat"}.get(what, what)
        raise CaseInvalid(
            f"cannot read the {what} {path!r}: {type(exc).__name__}",
            path=path,
            tekst=f"kan {noun} {path!r} niet lezen ({type(exc).__name__})",
        ) from None


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


class _Report(Protocol):
    """What verify, check-plan, receipt verify and conformance return."""

    @property
    def exit_code(self) -> int: ...

    def to_json_dict(self) -> dict[str, Any]: ...

    def to_text(self) -> str: ...


def _print_report(report: _Report, *, as_json: bool) -> int:
    """Print a report as JSON or as Dutch text; its exit code is the command's."""
    if as_json:
        _print_json(report.to_json_dict())
    else:
        print(report.to_text())
    return report.exit_code


# --------------------------------------------------------------------------------- commands


def _month(text: str) -> str:
    key, sep, month = text.partition("=")
    if not sep or not key or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise argparse.ArgumentTypeError(f"schrijf ID=JJJJ-MM, bijvoorbeeld loon=2024-05; niet {text!r}")
    return text


def _income_periods(case: Case, items: list[str] | None) -> dict[str, str]:
    """``--income-period ID=YYYY-MM`` as a dict; an id that is not an income of the case is an error."""
    known = [i.id for i in (*case.incomes, *case.partner_incomes)]
    periods: dict[str, str] = {}
    for item in items or ():
        key, _, month = item.partition("=")
        if key not in known:
            ids = ", ".join(known) or "(geen)"
            raise errors.UsageError(
                f"--income-period: no income with id {key!r} in the case",
                hint=f"known ids: {ids}",
                tekst=f"--income-period: geen inkomen met id {key!r} in het dossier",
                tip=f"bekende ids: {ids}",
            )
        periods[key] = month
    return periods


def _check_output(path: str | None) -> None:
    if path and not Path(path).resolve().parent.is_dir():
        raise errors.UsageError(
            f"-o: the folder of {path!r} does not exist", hint="create the folder first",
            tekst=f"-o: de map van {path!r} bestaat niet", tip="maak de map eerst aan",
        )  # fmt: skip


def cmd_notice(args: argparse.Namespace) -> int:
    from bvv.engine import calculate
    from bvv.letters.notice import placeholders, render

    _check_output(args.output)
    case = read_case_arg(args)
    periods = _income_periods(case, args.income_period)
    result = calculate(case, allow_latest_norms=args.allow_latest_norms, variant=args.variant)
    text = render(
        case,
        result,
        args.format,
        action=args.action,
        sender=args.sender,
        contact=args.contact,
        addressee=args.to,
        income_periods=periods,
    )
    left = placeholders(sender=args.sender, contact=args.contact)
    if left and args.format != "json":
        print(
            "Let op: dit is een CONCEPT. Vul nog in: " + "; ".join(left) + " (met --sender en --contact).",
            file=sys.stderr,
        )
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from bvv.letters.verify import verify
    from bvv.parse import parse_case

    notice = _read_text(args.notice, "notice")
    case = None
    if args.example:
        from bvv import examples

        try:
            case = parse_case(examples.load(args.example))
        except KeyError as exc:
            raise CaseInvalid(str(exc.args[0])) from None
    elif args.case:
        case = parse_case(_read_text(args.case, "case"))
    report = verify(
        notice, case, allow_latest_norms=args.allow_latest_norms, variant=args.variant, exact=args.exact
    )
    return _print_report(report, as_json=args.json)


def cmd_check_plan(args: argparse.Namespace) -> int:
    from bvv.letters.plan import check_plan

    case = read_case_arg(args)
    couple = case.household.partner or (case.household.leefsituatie or "").startswith("gehuwden")
    if couple and args.basis is None:
        raise errors.UsageError(
            "the case has a partner: say whether AMOUNT is the debtor's or the household's",
            hint="give --basis debtor or --basis household",
            tekst="dit dossier heeft een partner: zeg of AMOUNT alleen voor de schuldenaar is of voor het "
            "hele huishouden",
            tip="geef --basis debtor (alleen de schuldenaar) of --basis household (het huishouden)",
        )
    check = check_plan(
        case,
        args.left_monthly,
        basis=args.incomes,
        amount_of=args.basis or "debtor",
        allow_latest_norms=args.allow_latest_norms,
        variant=args.variant,
    )
    return _print_report(check, as_json=args.json)


def cmd_receipt_verify(args: argparse.Namespace) -> int:
    from bvv.engine.receipt_verify import verify_receipt

    check = verify_receipt(_read_text(args.result, "result"))
    return _print_report(check, as_json=args.json)


def cmd_conformance(args: argparse.Namespace) -> int:
    from bvv.engine.conformance import run_conformance

    report = run_conformance(
        None if args.self else args.command, names=args.case or None, timeout=args.timeout
    )
    return _print_report(report, as_json=args.json)


def cmd_schema(args: argparse.Namespace) -> int:
    from bvv.schemas import dumps, generate

    sys.stdout.write(dumps(generate(args.name)))
    return 0


# --------------------------------------------------------------------------------- register


_RECEIPT_VERIFY_HELP = "bereken een opgeslagen bvv-result/1 opnieuw; afsluitcode 1 als het niet meer klopt"
_RECEIPT_VERIFY_DESCRIPTION = (
    "Controleert het opgeslagen resultaat tegen zijn eigen ontvangstbewijs en berekent het opnieuw. Een "
    "ontvangstbewijs toont dat het bestand niet per ongeluk is veranderd; het is geen handtekening "
    "(iedereen kan een nieuw ontvangstbewijs maken)."
)


def register(subparsers: Any) -> None:
    """Add the notice-related subcommands to the ``bvv`` parser."""
    _register_notice(subparsers)
    _register_verify(subparsers)
    _register_check_plan(subparsers)
    _register_receipt_conformance_schema(subparsers)


def _register_notice(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "notice",
        help="schrijf het 'Overzicht van uw beslagvrije voet' voor een dossier",
        description=(
            "De brief van art. 475i lid 2 Rv, in de volgorde van het model (Regeling bvv, bijlage 2). "
            "Zonder --sender en --contact is de brief een CONCEPT."
        ),
    )
    add_case_source(p)
    add_calc_options(p)
    p.add_argument(
        "--format",
        choices=("text", "html", "json"),
        default="text",
        help="text (standaard), html (past op A4) of json (bvv-notice/1, wat 'verify' leest)",
    )
    p.add_argument(
        "--action",
        choices=("beslag", "verrekening", "inning"),
        default="beslag",
        help="beslag (standaard), verrekening of inning",
    )
    p.add_argument("--sender", metavar="NAAM", help="de organisatie die de brief stuurt")
    p.add_argument("--contact", metavar="TEKST", help="hoe de schuldenaar de afzender bereikt")
    p.add_argument("--to", metavar="NAAM", help="naam (en adres) van de geadresseerde")
    p.add_argument(
        "--income-period",
        action="append",
        type=_month,
        metavar="ID=JJJJ-MM",
        help="de maand waaruit een inkomen komt (mag vaker)",
    )
    p.add_argument("-o", "--output", metavar="BESTAND", help="schrijf naar BESTAND in plaats van het scherm")
    p.set_defaults(func=cmd_notice)


def _register_verify(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "verify",
        help="controleer een ontvangen brief (bvv-notice/1 JSON); exit 1 bij een fout in uw nadeel",
        description=(
            "Rekent een ontvangen brief na. Elk verschil staat erbij met het gegeven, de regel, het bedrag "
            "per maand en wat u kunt doen. Alleen een verschil in het nadeel van de schuldenaar (of een "
            "verschil dat niet na te gaan is) geeft exit 1; een verschil in zijn voordeel is een opmerking. "
            "Zonder CASE zijn de gegevens op de brief zelf het uitgangspunt."
        ),
    )
    p.add_argument("notice", help="de brief als bvv-notice/1 JSON (docs/notice.md), of - voor invoer")
    p.add_argument("case", nargs="?", help="dossier (bvv-case/1) met de feiten zoals u die kent")
    p.add_argument("--example", metavar="NAAM", help="gebruik een voorbeeld als dossier")
    p.add_argument("--exact", action="store_true", help="elk verschil is een fout, ook in het voordeel")
    p.add_argument("--json", action="store_true", help="druk het verslag af als bvv-verify/1 JSON")
    add_calc_options(p)
    p.set_defaults(func=cmd_verify)


def _register_check_plan(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "check-plan",
        help=(
            "laat een schuldregeling minstens de beslagvrije voet over? (art. 4a lid 5 Wgs); exit 1 als niet"
        ),
        description=(
            "Vergelijkt wat een plan elke maand overlaat (AMOUNT) met de beslagvrije voet. Bij een partner "
            "zegt --basis of AMOUNT alleen van de schuldenaar is (debtor) of van het hele huishouden "
            "(household: dan telt het inkomen van de partner mee in het minimum)."
        ),
    )
    add_case_source(p)
    add_calc_options(p)
    p.add_argument(
        "--left-monthly",
        type=_money,
        required=True,
        metavar="AMOUNT",
        help="wat het plan elke maand overlaat (netto, met vakantiegeld)",
    )
    p.add_argument(
        "--basis",
        choices=("debtor", "household"),
        help="AMOUNT is van de schuldenaar (debtor) of van het huishouden (household); "
        "verplicht bij een partner",
    )
    p.add_argument(
        "--incomes",
        choices=("all_income", "as_given"),
        default="all_income",
        help="all_income (standaard): al het inkomen telt als inkomen onder beslag; "
        "as_given: zoals in het dossier",
    )
    p.add_argument("--json", action="store_true", help="druk bvv-plan-check/1 JSON af")
    p.set_defaults(func=cmd_check_plan)


def _register_receipt_conformance_schema(subparsers: Any) -> None:
    p = subparsers.add_parser("receipt", help="het ontvangstbewijs van een opgeslagen resultaat")
    sub = p.add_subparsers(dest="receipt_action", metavar="ACTION")
    sub.required = True
    q = sub.add_parser("verify", help=_RECEIPT_VERIFY_HELP, description=_RECEIPT_VERIFY_DESCRIPTION)
    q.add_argument("result", help="een bvv-result/1 JSON-bestand, of - voor stdin")
    q.add_argument("--json", action="store_true", help="als JSON (bvv-receipt-check/1)")
    q.set_defaults(func=cmd_receipt_verify)

    p = subparsers.add_parser(
        "conformance",
        help="voer een ander programma uit op de gouden gevallen en vergelijk; afsluitcode 1 bij verschil",
        description="Zonder --command (of met --self) wordt deze bvv als het andere programma uitgevoerd.",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--command",
        metavar="TEMPLATE",
        help='opdracht met {case} voor het pad van het casusbestand, bijv. "mijn-tool {case}"',
    )
    group.add_argument(
        "--self", action="store_true", help="voer deze bvv uit ('python -m bvv calculate {case} --json')"
    )
    p.add_argument(
        "--case", action="append", metavar="NAME", help="alleen deze gouden gevallen (herhaalbaar)"
    )
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="per geval (standaard 60)")
    p.add_argument("--json", action="store_true", help="als JSON (bvv-conformance/1)")
    p.set_defaults(func=cmd_conformance)

    p = subparsers.add_parser(
        "schema", help="toon het JSON Schema (draft 2020-12) van case, result of notice"
    )
    p.add_argument("name", choices=("case", "result", "notice"))
    p.set_defaults(func=cmd_schema)
