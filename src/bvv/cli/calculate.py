"""``bvv calculate`` and ``bvv examples``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from bvv import examples
from bvv.cli.common import add_calc_options, add_case_source, read_case_arg
from bvv.engine import calculate
from bvv.render import result_text


def register(sub: Any) -> None:
    p = sub.add_parser("calculate", help="compute the bvv of a case")
    add_case_source(p)
    add_calc_options(p)
    p.add_argument("--json", action="store_true", help="print bvv-result/1 JSON")
    p.set_defaults(func=cmd_calculate)

    p = sub.add_parser("examples", help="list the bundled example cases")
    p.set_defaults(func=cmd_examples)


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
