"""``python -m generator`` runs the pgspec command line."""

import sys

from generator.cli import main

sys.exit(main())
