#!/usr/bin/env bash
# Static checks, the same in CI and locally (after `bash scripts/setup.sh --all`):
#   ruff check   the lint rules chosen in pyproject.toml, on all Python code;
#   ruff format  the formatter, on FORMATTED_PATHS (all of it but the exclusions in
#                pyproject.toml's [tool.ruff.format]);
#   mypy         the type checker, configured in pyproject.toml;
#   vulture      the dead-code finder, over the code and its tests (code only the tests use
#                counts as used); scripts/vulture_allowlist.py lists what it cannot see used.
# Fix what ruff can with `.venv/bin/ruff check --fix` and `.venv/bin/ruff format <path>`.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=.venv/bin
[ -x "$bin/ruff" ] || bin=$(dirname "$(command -v ruff)")

# clients/ is left out of pyproject.toml's search (it holds bundled libraries and
# node_modules); its own Python is named here.
LINTED_PATHS=(server tests bench scripts clients/vscode/scripts clients/vscode/bundled/tool)
# Everything ruff checks is kept formatted, except what pyproject.toml's
# [tool.ruff.format] exclude still leaves out (PENDING there).
FORMATTED_PATHS=("${LINTED_PATHS[@]}")

status=0
run() {
  echo "lint: $*" >&2
  "$@" || status=1
}
run "$bin/ruff" check "${LINTED_PATHS[@]}"
run "$bin/ruff" format --check "${FORMATTED_PATHS[@]}"
run "$bin/mypy"
# pygls handlers are registered by their decorators and never called by name.
run "$bin/vulture" "${LINTED_PATHS[@]}" --min-confidence 60 \
  --ignore-decorators "@server.feature,@server.command"
exit $status
