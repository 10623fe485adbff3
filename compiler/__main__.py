"""`python -m compiler` runs the specc command line."""

import sys

from compiler.cli import main

sys.exit(main())
