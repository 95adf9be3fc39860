#!/usr/bin/env bash
# Set up goleash for development on a fresh Debian 12 machine: the Python package
# in .venv, and (with --all) every tool the test suite drives: Go + goleak for the
# runtime proof of fixes, two Neovims, Emacs with lsp-mode, Chromium and
# code-server for the VS Code tests.
set -euo pipefail
cd "$(dirname "$0")/.."

all=0
[ "${1:-}" = "--all" ] && all=1

if [ "$all" = 1 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends \
      golang-go golang-uber-goleak-dev \
      neovim \
      emacs-nox elpa-lsp-mode elpa-go-mode \
      chromium libkrb5-dev pkg-config ripgrep \
      g++ make git ca-certificates
  else
    echo "setup: not root or no apt-get: skipping system packages (Go, Neovim, Emacs, Chromium)" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ "$all" = 1 ]; then
  .venv/bin/pip install -q -e '.[test]'
  bash clients/vscode/scripts/setup-e2e.sh
else
  .venv/bin/pip install -q -e .
fi
