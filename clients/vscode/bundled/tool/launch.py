"""Runs the goleash that ships inside the VS Code extension (`bundled/libs`) with whatever Python
interpreter the extension found, ahead of anything installed in that interpreter's environment.

Kept to the Python 3 syntax every interpreter can parse, so an old one gets a clear message
instead of a SyntaxError.
"""

import os
import platform
import sys

MINIMUM = (3, 10)
LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")


def fail(message):
    sys.stderr.write("goleash: " + message + "\n")
    sys.exit(3)


def main():
    if sys.version_info[:2] < MINIMUM:
        fail(
            "needs Python %d.%d or newer; %s is Python %s"
            % (MINIMUM + (sys.executable, platform.python_version()))
        )
    if not os.path.isdir(os.path.join(LIBS, "goleash")):
        fail("the bundled server is missing from %s; reinstall the extension" % LIBS)
    sys.path.insert(0, LIBS)
    try:
        # tree-sitter is compiled per Python version: the bundle carries one build per supported
        # minor version, and this is where a newer, unsupported one shows.
        import tree_sitter  # noqa: F401
    except ImportError as exc:
        fail(
            "the bundled tree-sitter does not load in Python %s (%s). Set goleash.importStrategy to "
            "fromEnvironment and `pip install goleash` into this interpreter's environment."
            % (platform.python_version(), exc)
        )
    from goleash.cli.main import main as goleash_main

    sys.exit(goleash_main())


if __name__ == "__main__":
    main()
