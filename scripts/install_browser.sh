#!/usr/bin/env bash
# Install what tests/test_docs_render.py needs to render the Mermaid diagrams of generated/*/README.md:
# Debian's chromium (when /usr/bin/chromium is missing) and the pinned npm packages of tests/mermaid/
# (when tests/mermaid/node_modules/mermaid is missing). Does nothing when both are present.
# Only Debian's and npm's registries are used: no npm package here downloads a browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "install_browser: installing chromium"
  install_chromium() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  }
  # Try with the package lists as they are first; refresh them only when the install needs it.
  if ! install_chromium >/dev/null 2>&1; then
    as_root apt-get update -qq
    install_chromium >/dev/null
  fi
else
  echo "install_browser: chromium already installed"
fi

if [ ! -d tests/mermaid/node_modules/mermaid ]; then
  echo "install_browser: installing tests/mermaid npm packages"
  (cd tests/mermaid && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "install_browser: tests/mermaid/node_modules/mermaid already installed"
fi
