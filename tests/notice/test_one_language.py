"""One language per reader: the text that calculate, notice, verify, check-plan, due and diff print
for a person is Dutch, with no English sentence in it (JSON keeps its English codes)."""

from __future__ import annotations

import argparse
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

import bvv
from tests.notice.conftest import notice_of

#: words that mark an English sentence (none of them is also a common Dutch word)
ENGLISH = (
    "the", "and", "with", "not", "from", "for", "should", "cannot", "caused", "required",
    "advisable", "unreadable", "present", "absent", "applied", "missing", "income", "step",
    "rule", "error", "warning", "old", "new", "read", "none", "results", "agrees",
)  # fmt: skip
_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)


def english_in(text: str) -> list[str]:
    """The lines of ``text`` with an English marker word (URLs and code-like tokens left out)."""
    found = []
    for line in text.splitlines():
        plain = re.sub(r"<?https?://\S+", "", line)
        plain = re.sub(r"\S*[_\[\]/=]\S*|(?<!\S)--?\w\S*", "", plain)  # paths, ids, keys, options
        if _WORD.search(plain):
            found.append(line.strip())
    return found


def _html_text(page: str) -> str:
    body = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


NAMES = bvv.examples.names()


def test_calculate_and_notice_speak_dutch(run_cli: Any) -> None:
    for name in NAMES:
        for argv in (
            ("calculate", "--example", name),
            ("notice", "--example", name),
            ("notice", "--example", name, "--format", "html"),
        ):
            code, out, err = run_cli(*argv)
            assert code == 0
            text = _html_text(out) if "html" in argv else out
            assert english_in(text + err) == [], (argv, english_in(text + err))


def test_verify_and_check_plan_speak_dutch(run_cli: Any, tmp_path: Path) -> None:
    name = "05_partner_en_95procent_2023"
    _, _, notice = notice_of(name)
    path = tmp_path / "n.json"
    for change in (
        {"beslagvrije_voet": "700.00"},
        {"beslagvrije_voet": "760.01"},
        {"leefsituatie": "alleenstaande"},
        {"incomes": [{"id": "werkgever", "net_monthly": "700.00", "period": "2022-01",
                      "holiday_allowance_included": False}]},
    ):  # fmt: skip
        path.write_text(json.dumps({**notice.to_json_dict(), **change}))
        for extra in ((), ("--example", name)):
            _, out, err = run_cli("verify", str(path), *extra)
            assert english_in(out + err) == [], (change, english_in(out + err))
    for basis in ("debtor", "household"):
        _, out, err = run_cli("check-plan", "--example", name, "--left-monthly", "700", "--basis", basis)
        assert english_in(out + err) == []


def _caseload_files(tmp: Path) -> tuple[Path, Path, Path]:
    old = bvv.calculate(bvv.examples.load("05_partner_en_95procent_2023")).to_json_dict()
    new = bvv.calculate(bvv.examples.load("11_hoge_woonkosten_2024")).to_json_dict()
    (tmp / "old.json").write_text(json.dumps(old))
    (tmp / "new.json").write_text(json.dumps(new))
    (tmp / "all.jsonl").write_text(json.dumps(old) + "\n" + json.dumps(new) + "\n")
    return tmp / "old.json", tmp / "new.json", tmp / "all.jsonl"


def test_due_and_diff_speak_dutch(run_cli: Any, tmp_path: Path) -> None:
    old, new, many = _caseload_files(tmp_path)
    _, out, err = run_cli("due", str(many), "--on", "2024-06-01")
    found = english_in(out + err)
    _, out, err = run_cli("diff", str(old), str(new))
    found += english_in(out + err)
    assert found == []


@pytest.mark.parametrize(
    ("command", "wrong"),
    [("notice", ["--format", "pdf"]), ("verify", []), ("check-plan", ["--left-monthly", "-5"])],
)
def test_help_and_usage_errors_of_the_letter_commands_are_dutch(
    command: str, wrong: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from bvv.cli import main

    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "gebruik:" in out and "opties:" in out and english_in(out) == [], english_in(out)
    with pytest.raises(SystemExit) as stop:
        main([command, *wrong])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "fout:" in err and english_in(err) == [], err


def _commands() -> list[list[str]]:
    from bvv.cli import build_parser
    from bvv.cli.dutch import argparse_in_dutch

    with argparse_in_dutch():
        parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found = [[]] + [[name] for name in sub.choices]
    for name, child in sub.choices.items():
        for action in child._actions:
            if isinstance(action, argparse._SubParsersAction):
                found += [[name, inner] for inner in action.choices]
    return found


@pytest.mark.parametrize("words", _commands(), ids=lambda w: " ".join(w) or "bvv")
def test_every_help_text_is_dutch(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's own words (usage, headings, the help option) too: ``bvv.cli.dutch``."""
    from bvv.cli import main

    with pytest.raises(SystemExit):
        main([*words, "--help"])
    out = capsys.readouterr().out
    # a command's own name (``bvv norms new``) is not a sentence
    english = [line for line in english_in(out) if not re.match(r"(gebruik: bvv norms )?new\b", line)]
    assert out.startswith("gebruik: ") and english == [], english


def test_argparse_errors_are_dutch_and_argparse_is_left_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    from bvv.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["calculate", "--bogus"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "fout: onbekende argumenten: --bogus" in err
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"
