#!/usr/bin/env bash
# Set everything up, run the static checks (scripts/lint.sh), then the whole test suite
# (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --all
bash scripts/lint.sh
exec .venv/bin/python -m pytest "$@"
