"""``python -m bvv`` runs the command line."""

from bvv.cli import run

run()
