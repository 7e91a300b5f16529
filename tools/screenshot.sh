#!/usr/bin/env bash
# Renders an HTML page (e.g. a run's report.html) to a PNG with headless Chromium, to look at a report
# without a browser or to attach it somewhere.  Usage: tools/screenshot.sh PAGE.html OUT.png [WIDTHxHEIGHT]
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
    echo "usage: $0 PAGE.html OUT.png [WIDTHxHEIGHT, default 1200x3000]" >&2
    exit 2
fi
html=$1
png=$2
size=${3:-1200x3000}
if [[ ! -f "$html" ]]; then
    echo "$0: no such file: $html" >&2
    exit 2
fi

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser=$candidate
        break
    fi
done
if [[ -z "$browser" ]]; then
    echo "$0: chromium not found; install it with: apt-get install -y chromium" >&2
    exit 3
fi

# Chromium resolves file:// URLs and the output path against its own working directory; pass absolute ones.
abs_html=$(realpath "$html")
mkdir -p "$(dirname "$png")"
abs_png=$(realpath "$png")
"$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars --window-size="${size/x/,}" \
    --screenshot="$abs_png" "file://$abs_html" >/dev/null 2>&1 || {
    echo "$0: $browser failed to render $abs_html" >&2
    exit 1
}
if [[ ! -s "$abs_png" ]]; then
    echo "$0: $browser produced no screenshot" >&2
    exit 1
fi
echo "$abs_png"
