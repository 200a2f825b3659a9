"""``bvv calculate`` and ``bvv examples``."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from bvv import examples
from bvv.bsn import mask_in_text
from bvv.cli.common import add_calc_options, add_case_source, read_case_arg
from bvv.engine import calculate
from bvv.errors import IoFailure
from bvv.model import LEEFSITUATIE_NL
from bvv.render import result_text


def register(sub: Any) -> None:
    p = sub.add_parser(
        "calculate", help="bereken de beslagvrije voet van een dossier",
        description="Bereken de beslagvrije voet van een dossier (bvv-case/1 JSON). Geef een "
        "bestand, - voor standaardinvoer, of --example NAAM.",
    )
    add_case_source(p)
    add_calc_options(p)
    p.add_argument("--json", action="store_true", help="toon de uitkomst als bvv-result/1 JSON")
    p.set_defaults(func=cmd_calculate)

    p = sub.add_parser(
        "examples", help="toon de meegeleverde voorbeelddossiers",
        description="Toon de meegeleverde voorbeelddossiers, of schrijf ze als bestanden.",
    )
    p.add_argument("--export", metavar="MAP",
                   help="schrijf elk voorbeelddossier als NAAM.case.json in deze map")
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
    if args.export:
        return _export(Path(args.export))
    for name in examples.names():
        expected = examples.golden(name)["expected"]
        situatie = LEEFSITUATIE_NL.get(expected.get("leefsituatie", ""), "")
        print(f"{name:<45} {expected['beslagvrije_voet']:>9}  {situatie}")
    return 0


def _export(folder: Path) -> int:
    """Write every example case as ``NAME.case.json`` (the case alone, ready for calculate)."""
    shown = mask_in_text(str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in examples.names():
            target = folder / f"{name}.case.json"
            text = json.dumps(examples.load(name), ensure_ascii=False, indent=2) + "\n"
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise IoFailure(f"cannot write to {shown}: {reason}",
                              tekst=f"kan niet schrijven in {shown}: {reason}") from None
    print(f"{len(examples.names())} voorbeelddossiers geschreven in {shown}")
    return 0
