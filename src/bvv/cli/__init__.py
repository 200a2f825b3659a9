"""The ``bvv`` command line: one module per command group, :mod:`bvv.cli.app` puts them together."""

from bvv.cli.app import build_parser, main, run

__all__ = ["build_parser", "main", "run"]
