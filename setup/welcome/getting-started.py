"""A first check that the environment works: run it with `python3 getting-started.py`."""
import platform
import sys

print(f"Python {sys.version.split()[0]} on {platform.platform()}")
