"""Snippets for Helix and Emacs, checked by parsing them and, for Emacs, by
running them in a real batch Emacs against the real CLI and server.

Emacs tests skip only when emacs (apt: emacs-nox) or lsp-mode/go-mode (apt:
elpa-lsp-mode elpa-go-mode) are missing; CI installs them.
"""

from __future__ import annotations

import shutil

import pytest

from .emacs_harness import DEBIAN_ELPA


@pytest.fixture(scope="session")
def emacs() -> str:
    path = shutil.which("emacs")
    if not path:
        pytest.skip("emacs not installed (apt-get install --no-install-recommends emacs-nox)")
    return path


@pytest.fixture(scope="session")
def emacs_lsp_mode(emacs) -> str:
    for package in ("lsp-mode", "go-mode"):
        if not any(DEBIAN_ELPA.glob(f"{package}-*")):
            pytest.skip(
                f"{package} not installed (apt-get install --no-install-recommends elpa-lsp-mode elpa-go-mode)"
            )
    return emacs
