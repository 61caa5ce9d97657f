#!/usr/bin/env python3
"""劳模工匠馆 command line: check, build, serve, new, schema."""

import sys

from hall.cli import main

if __name__ == "__main__":
    sys.exit(main())
