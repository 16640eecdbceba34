#!/usr/bin/env bash
# Copies Designsystemet's CSS from node_modules (installed by `npm ci` from package.json
# and package-lock.json) into static/vendor/, where the product serves it. Run it after
# changing a version in package.json; commit the result. Nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
css=node_modules/@digdir/designsystemet-css
theme=node_modules/@digdir/designsystemet-theme
out=static/vendor/designsystemet
[ -d "$css" ] && [ -d "$theme" ] || { echo "run 'npm ci' first" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
cp "$css/dist/src/index.css" "$out/designsystemet.css"
cp "$theme/brand/digdir.css" "$out/theme-digdir.css"
cp "$css/LICENSE" "$out/LICENSE-designsystemet-css"
cp "$theme/LICENSE" "$out/LICENSE-designsystemet-theme"
version() { node -p "require('./$1/package.json').version"; }
cat > "$out/VERSION.md" <<TXT
# Vendored Designsystemet (Digdir)

| file | npm package | version | licence |
|---|---|---|---|
| designsystemet.css | @digdir/designsystemet-css (dist/src/index.css) | $(version "$css") | MIT (LICENSE-designsystemet-css) |
| theme-digdir.css | @digdir/designsystemet-theme (brand/digdir.css) | $(version "$theme") | MIT (LICENSE-designsystemet-theme) |

Copied by scripts/vendor-assets.sh from the versions pinned in package.json and
package-lock.json. Do not edit these files by hand.
TXT
echo "vendored into $out"
