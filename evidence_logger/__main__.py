"""``python -m evidence_logger``: the same as the ``evidence-logger`` command."""

import sys

from evidence_logger.cli import main

sys.exit(main())
