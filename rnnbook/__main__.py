"""``python -m rnnbook``: la línea de órdenes del libro (véase :mod:`rnnbook.cli`)."""

import sys

from .cli import main

sys.exit(main(prog="python -m rnnbook"))
