#!/usr/bin/env bash
# Installs the test tools the JVM tests use when present, into the project-local .tools/ (gitignored).
# Idempotent: does nothing when they are already there. Tests that need a missing tool are skipped and say so.
#   azurite (npm) — Azure Blob emulator for shard-writer's azure_blob destination test.
#   chromium (apt) — the browser the capture agent records in BrowserCaptureIT.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=.tools
AZURITE_VERSION=3.35.0

if [ -x "$TOOLS/node_modules/.bin/azurite-blob" ]; then
  echo "azurite: present ($TOOLS/node_modules/.bin/azurite-blob)"
elif command -v npm >/dev/null 2>&1; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION"
  echo "azurite: installed into $TOOLS"
else
  echo "azurite: npm not found; the azure_blob destination test will be skipped" >&2
fi

# chromium (distribution package) — the real browser BrowserCaptureIT records through the capture agent, and the one
# the demo (DemoIT) records the sample app in (without it the demo uses generated frames).
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  echo "chromium: present ($(command -v chromium || command -v chromium-browser))"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
    && echo "chromium: installed with apt-get" \
    || echo "chromium: apt-get could not install it; the browser capture test will be skipped" >&2
else
  echo "chromium: missing (install it with your package manager); the browser capture test will be skipped" >&2
fi
