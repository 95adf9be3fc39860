#!/usr/bin/env bash
# Static checks, the same in CI and locally (after `bash scripts/setup.sh --all`):
#   ruff check   the lint rules chosen in pyproject.toml, on all Python code;
#   ruff format  the formatter, on FORMATTED_PATHS (the files already kept formatted; widen it
#                as more are, until it is the whole tree);
#   mypy         the type checker, configured in pyproject.toml;
#   vulture      the dead-code finder, over the code and its tests (code only the tests use
#                counts as used); scripts/vulture_allowlist.py lists what it cannot see used.
# Fix what ruff can with `.venv/bin/ruff check --fix` and `.venv/bin/ruff format <path>`.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=.venv/bin
[ -x "$bin/ruff" ] || bin=$(dirname "$(command -v ruff)")

LINTED_PATHS=(server tests bench scripts)
FORMATTED_PATHS=(
  server/goleash/__init__.py
  server/goleash/__main__.py
  server/goleash/cli/__init__.py
  server/goleash/cli/formats/__init__.py
  server/goleash/cli/formats/json_format.py
  server/goleash/cli/formats/text.py
  server/goleash/cli/main.py
  server/goleash/config.py
  server/goleash/gomod.py
  server/goleash/lineindex.py
  server/goleash/cli/formats/positions.py
  server/goleash/cli/formats/xml_document.py
  server/goleash/lsp/configuration.py
  server/goleash/lsp/positions.py
  server/goleash/lsp/runtime_evidence.py
  server/goleash/lsp/uris.py
  server/goleash/parsing.py
  server/goleash/rules/__init__.py
  server/goleash/rules/gl100_unused_suppression.py
  tests/cli/test_cli_progress.py
  tests/snapshots
  tests/source
  tests/rules/test_go_version.py
  tests/rules/test_shared_helpers.py
  tests/rules/wantcomments.py
)

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
