"""argparse's own words in Dutch: the usage line, the headings, the help option and its errors.

The command line speaks Dutch to the people who use it (B1), and argparse writes part of what they
read: ``usage:``, ``options``, "the following arguments are required". argparse looks these texts
up through ``gettext`` by their English text; :func:`argparse_in_dutch` answers those look-ups with
the Dutch texts below while the command line parses its arguments, and puts the original back
afterwards, so a program that imports bvv as a library keeps its own argparse texts.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator

#: argparse's English texts (its gettext message ids) and what the bvv command line says instead
ARGPARSE_NL: dict[str, str] = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "expected one argument": "hier hoort één waarde bij",
    "expected at least one argument": "hier hoort minstens één waarde bij",
    "expected at most one argument": "hier hoort hoogstens één waarde bij",
    "ambiguous option: %(option)s could match %(matches)s": "optie %(option)s is niet eenduidig: %(matches)s",
    "not allowed with argument %s": "niet samen met argument %s",
    "one of the arguments %s is required": "een van de argumenten %s is nodig",
    "ignored explicit argument %r": "deze optie neemt geen waarde: %r",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}
#: the two texts argparse looks up with a plural (ngettext)
_PLURAL_NL: dict[str, tuple[str, str]] = {
    "expected %s argument": ("hier hoort %s waarde bij", "hier horen %s waarden bij"),
}


def _dutch(text: str) -> str:
    return ARGPARSE_NL.get(text, text)


def _dutch_plural(singular: str, plural: str, n: int) -> str:
    if singular in _PLURAL_NL:
        one, many = _PLURAL_NL[singular]
        return one if n == 1 else many
    return singular if n == 1 else plural


@contextlib.contextmanager
def argparse_in_dutch() -> Iterator[None]:
    """While parsing: argparse's texts in Dutch (see the module docstring).

    >>> parser = argparse.ArgumentParser(prog="bvv")
    >>> with argparse_in_dutch():
    ...     parser.format_help().splitlines()[0]
    'gebruik: bvv [-h]'
    >>> parser.format_help().splitlines()[0]
    'usage: bvv [-h]'
    """
    module = vars(argparse)
    saved: tuple[Callable[[str], str], Callable[[str, str, int], str]] = (module["_"], module["ngettext"])
    module["_"], module["ngettext"] = _dutch, _dutch_plural
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved
