"""Subcommands around the notice: ``notice``, ``verify``, ``check-plan``, ``receipt verify``,
``conformance`` and ``schema``. Each returns the exit code of ``bvv.cli`` (0 agrees, 1 differs)."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bvv.cli.common import add_calc_options, add_case_source, read_case_arg
from bvv.errors import CaseInvalid


def _money(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not an amount: {text!r} (write e.g. 1500.00)") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise argparse.ArgumentTypeError(f"an amount in whole cents, not negative: {text!r}")
    return value


def _read_text(path: str, what: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise CaseInvalid(f"cannot read the {what} {path!r}: {type(exc).__name__}", path=path) from None


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --------------------------------------------------------------------------------- commands


def cmd_notice(args: argparse.Namespace) -> int:
    from bvv.engine import calculate
    from bvv.letters.notice import render

    case = read_case_arg(args)
    result = calculate(case, allow_latest_norms=args.allow_latest_norms, variant=args.variant)
    periods: dict[str, str] = {}
    for item in args.income_period or ():
        key, sep, month = item.partition("=")
        if not sep:
            raise CaseInvalid(f"--income-period takes ID=YYYY-MM, not {item!r}")
        periods[key] = month
    text = render(
        case,
        result,
        args.format,
        action=args.action,
        sender=args.sender,
        contact=args.contact,
        income_periods=periods,
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
    report = verify(notice, case, allow_latest_norms=args.allow_latest_norms, variant=args.variant)
    if args.json:
        _print_json(report.to_json_dict())
    else:
        print(report.to_text())
    return report.exit_code


def cmd_check_plan(args: argparse.Namespace) -> int:
    from bvv.letters.plan import check_plan

    case = read_case_arg(args)
    check = check_plan(
        case,
        args.left_monthly,
        basis=args.basis,
        allow_latest_norms=args.allow_latest_norms,
        variant=args.variant,
    )
    if args.json:
        _print_json(check.to_json_dict())
    else:
        print(check.to_text())
    return check.exit_code


def cmd_receipt_verify(args: argparse.Namespace) -> int:
    from bvv.engine.receipt_verify import verify_receipt

    check = verify_receipt(_read_text(args.result, "result"))
    if args.json:
        _print_json(check.to_json_dict())
    else:
        print(check.to_text())
    return check.exit_code


def cmd_conformance(args: argparse.Namespace) -> int:
    from bvv.engine.conformance import run_conformance

    report = run_conformance(
        None if args.self else args.command, names=args.case or None, timeout=args.timeout
    )
    if args.json:
        _print_json(report.to_json_dict())
    else:
        print(report.to_text())
    return report.exit_code


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
    p = subparsers.add_parser(
        "notice",
        help="write the 'Overzicht van uw beslagvrije voet' of a case",
        description="The notice of Rv 475i lid 2 in the order of the model (Regeling bvv, bijlage 2).",
    )
    add_case_source(p)
    add_calc_options(p)
    p.add_argument(
        "--format",
        choices=("text", "html", "json"),
        default="text",
        help="text (default), html (prints on A4) or json (bvv-notice/1, the shape 'verify' reads)",
    )
    p.add_argument("--action", choices=("beslag", "verrekening", "inning"), default="beslag")
    p.add_argument("--sender", metavar="NAME", help="the organisation sending the notice")
    p.add_argument("--contact", metavar="TEXT", help="how to reach the sender")
    p.add_argument(
        "--income-period",
        action="append",
        metavar="ID=YYYY-MM",
        help="the month an income was taken from (repeatable)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_notice)

    p = subparsers.add_parser(
        "verify",
        help="check a received notice (bvv-notice/1 JSON); exit 1 when it differs",
        description="Recompute a received notice and list each difference with field, rule, amount at "
        "stake and what the debtor can do. Without CASE the notice's own data are the reference.",
    )
    p.add_argument("notice", help="the notice as bvv-notice/1 JSON (docs/notice.md), or - for stdin")
    p.add_argument("case", nargs="?", help="optional bvv-case/1 with the facts as you know them")
    p.add_argument("--example", metavar="NAME", help="use a bundled example as CASE")
    p.add_argument("--json", action="store_true", help="print the report as bvv-verify/1 JSON")
    add_calc_options(p)
    p.set_defaults(func=cmd_verify)

    p = subparsers.add_parser(
        "check-plan",
        help="does a debt plan leave at least the bvv? (Wgs art. 4a lid 5); exit 1 if not",
    )
    add_case_source(p)
    add_calc_options(p)
    p.add_argument(
        "--left-monthly",
        type=_money,
        required=True,
        metavar="AMOUNT",
        help="what the plan leaves the debtor each month (net, with holiday allowance)",
    )
    p.add_argument(
        "--basis",
        choices=("all_income", "as_given"),
        default="all_income",
        help="all_income (default): every income counts as garnished; as_given: the case's flags",
    )
    p.add_argument("--json", action="store_true", help="print bvv-plan-check/1 JSON")
    p.set_defaults(func=cmd_check_plan)

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
        "schema", help="print the JSON Schema (draft 2020-12) of case, result or notice"
    )
    p.add_argument("name", choices=("case", "result", "notice"))
    p.set_defaults(func=cmd_schema)
