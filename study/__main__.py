"""``python -m study``: the multi-seed study's command line (study/cli.py)."""

import sys

import common
from study.cli import PROG, main

sys.exit(common.guarded(PROG, main))
