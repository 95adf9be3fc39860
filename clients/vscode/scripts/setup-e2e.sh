#!/usr/bin/env bash
# Prepares everything the VS Code end-to-end tests need, from a fresh clone, offline except for
# the npm registry:
#   1. the extension's npm deps, compiled JS, the bundled server (bundled/libs, built from this
#      checkout by scripts/bundle_server.py) and a linux-x64 .vsix (goleash-linux-x64-<ver>.vsix)
#   2. code-server 4.100.3 + playwright-core in clients/vscode/.e2e/ (git-ignored)
# Needs Node 20, the apt packages: libkrb5-dev pkg-config ripgrep chromium g++ make python3, and a
# Python with pip and `packaging` for the bundle ($PYTHON, default: the repository's .venv).
# Idempotent: steps whose output is already present are skipped (pass --force to redo them).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep's postinstall downloads rg from GitHub; its cache is seeded with Debian's rg instead.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
e2e="$here/.e2e"
force=0
[[ "${1:-}" == "--force" ]] && force=1

need() { command -v "$1" >/dev/null || { echo "setup-e2e: '$1' not found; install it first ($2)" >&2; exit 2; }; }
need node "Node.js 20"
need npm "Node.js 20"
need rg "apt-get install -y ripgrep"
need pkg-config "apt-get install -y pkg-config"
[[ -f /usr/include/gssapi/gssapi.h ]] || { echo "setup-e2e: kerberos headers missing (apt-get install -y libkrb5-dev)" >&2; exit 2; }

# Native modules (kerberos, node-pty, argon2, ...) build from source against Debian's Node headers;
# npm's global config on these machines says yes=false, which makes node-pty's `npx node-gyp` abort.
export npm_config_nodedir=/usr npm_config_yes=true npm_config_unsafe_perm=true
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

python="${PYTHON:-$here/../../.venv/bin/python}"
[[ -x "$python" ]] || python=python3

echo "== extension: npm ci / build / bundle the server / package"
cd "$here"
if [[ $force == 1 || ! -d node_modules/@vscode/python-extension ]]; then
  if [[ -f package-lock.json ]]; then npm ci --no-progress; else npm install --no-progress; fi
fi
# Always rebuilt (about 10 s): the bundle must hold this checkout's server, not an older one.
# The same two commands as the README's install section (linux-x64 is their default target).
unset VSCE_TARGET
rm -f goleash-*.vsix
PYTHON="$python" npm run --silent bundle
npm run --silent package

echo "== code-server $CODE_SERVER_VERSION + playwright-core in $e2e"
mkdir -p "$e2e/tmp"
if [[ $force == 1 || ! -x "$e2e/node_modules/.bin/code-server" || ! -d "$e2e/node_modules/playwright-core" ]]; then
  export TMPDIR="$e2e/tmp"
  cache="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  mkdir -p "$cache"
  if [[ ! -f "$cache/$RIPGREP_ASSET" ]]; then
    cp "$(command -v rg)" "$TMPDIR/rg"
    tar -C "$TMPDIR" -czf "$cache/$RIPGREP_ASSET" rg
    rm "$TMPDIR/rg"
  fi
  [[ -f "$e2e/package.json" ]] || echo '{"name":"goleash-vscode-e2e","private":true}' > "$e2e/package.json"
  (cd "$e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-progress --foreground-scripts \
      "code-server@$CODE_SERVER_VERSION" "playwright-core@^1.50" > "$e2e/npm-install.log" 2>&1) \
    || { tail -40 "$e2e/npm-install.log" >&2; echo "setup-e2e: code-server install failed (log: $e2e/npm-install.log)" >&2; exit 1; }
fi
"$e2e/node_modules/.bin/code-server" --version --config /dev/null 2>/dev/null | head -1 \
  || { echo "setup-e2e: code-server does not run" >&2; exit 1; }
echo "setup-e2e: ready"
