"""``python -m warroom`` is the same as the ``warroom`` command."""

import sys

from warroom.cli.entry import main

sys.exit(main())
