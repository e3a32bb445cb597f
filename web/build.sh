#!/bin/sh
# Rebuilds web/dist (committed, embedded by embed.go) from web/src:
# npm ci installs exactly the versions of package-lock.json, esbuild bundles.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
rm -rf dist
mkdir -p dist
./node_modules/.bin/esbuild src/main.js --bundle --minify --format=iife \
  --target=es2020,chrome100,firefox100,safari15 --charset=utf8 \
  --loader:.png=dataurl --loader:.svg=dataurl --legal-comments=eof \
  --outfile=dist/app.js
cp src/index.html dist/index.html
ls -l dist
