#!/usr/bin/env python3
"""Build the « Think Small » site: `python build.py [build|check|serve] [--now AAAA-MM-JJ]`."""

import sys

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main())
