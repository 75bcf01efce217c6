"""``python -m warroom`` is the same as the ``warroom`` command."""

import sys

from warroom.cli import main

sys.exit(main())
