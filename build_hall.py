#!/usr/bin/env python3
"""劳模工匠馆 command line: check, build, serve, new, schema."""

from hall.cli import run

if __name__ == "__main__":
    run()
