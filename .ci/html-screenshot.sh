#!/usr/bin/env bash
# Renders a self-contained HTML report in headless Chromium and writes a PNG
# screenshot, so a person or a test can check that the charts are drawn.
#
#   .ci/html-screenshot.sh REPORT.html OUT.png
#
# The browser is $CHROMIUM, else chromium / chromium-browser on PATH (Debian:
# apt-get install -y chromium). Exit 3 when there is no browser, 1 when no
# screenshot came out. Networking features are off: the report must not
# need any (its Content-Security-Policy forbids every fetch anyway).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 REPORT.html OUT.png" >&2
	exit 2
fi
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
	echo "html-screenshot: no chromium on PATH (apt-get install -y chromium)" >&2
	exit 3
fi

abs() { (cd "$(dirname "$1")" && printf '%s/%s' "$(pwd)" "$(basename "$1")"); }
html=$(abs "$1")
png=$(abs "$2")
profile=$(mktemp -d)
# Chromium's helper processes outlive the browser by a moment; wait for the
# ones of this run (found by its unique profile directory) before cleaning
# up, and end any that hang, so no process is left behind.
cleanup() {
	for _ in $(seq 50); do
		pgrep -f -- "--user-data-dir=$profile" >/dev/null || break
		sleep 0.1
	done
	for pid in $(pgrep -f -- "--user-data-dir=$profile"); do kill "$pid" 2>/dev/null || true; done
	rm -rf "$profile"
}
trap cleanup EXIT

rm -f "$png"
# Chromium also drops org.chromium.Chromium.* files in TMPDIR: keep them in
# the profile so the cleanup removes them.
TMPDIR="$profile" timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --disable-breakpad --disable-crash-reporter \
	--disable-extensions --hide-scrollbars --user-data-dir="$profile" \
	--screenshot="$png" --window-size=1200,1600 "file://$html" >"$profile/chromium.log" 2>&1 || {
	echo "html-screenshot: chromium failed:" >&2
	tail -n 20 "$profile/chromium.log" >&2
	exit 1
}
if [ ! -s "$png" ]; then
	echo "html-screenshot: chromium wrote no screenshot" >&2
	tail -n 20 "$profile/chromium.log" >&2
	exit 1
fi
echo "$png"
