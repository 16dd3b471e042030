"""``python -m bench`` is ``python -m bench.run_all``."""

import sys

from bench.run_all import main

sys.exit(main())
