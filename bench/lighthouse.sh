#!/usr/bin/env bash
# Lighthouse and page weights (issue 15). Release build, Production settings, a fresh SQLite site with the seed content,
# served by Kestrel on loopback over HTTPS with a throwaway self-signed certificate (Production refuses forms over plain
# http; in production a proxy adds TLS and compression).
#   1. Lighthouse 12 (tests/lighthouse, default settings: mobile emulation, simulated throttling) on each page, all four
#      categories, with the metrics behind the performance score.
#   2. Each page's weight before images: the HTML and the stylesheet it links (there are no font files or scripts),
#      as served and as gzip would send them.
# Writes Markdown to stdout; docs/performance.md holds the last one. Needs Node.js and `npm ci --prefix tests/lighthouse`.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-5098}
WORK=$(mktemp -d /tmp/abs-lighthouse.XXXXXX)
APP="$WORK/app"
URL="https://127.0.0.1:$PORT"
PAGES=(/ /news /news/abs-passes-diversity-resolution /about /book /cart /mailing-list)
APP_PID=
trap '[ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

[ -f tests/lighthouse/node_modules/lighthouse/package.json ] || { echo "run: npm ci --prefix tests/lighthouse" >&2; exit 1; }
dotnet publish src/AmericanBalintSociety.Web -c Release --ucr --self-contained false -o "$APP" --nologo -v quiet >/dev/null

mkdir -p "$WORK/data"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
( cd "$APP" && exec env ASPNETCORE_ENVIRONMENT=Production Site__PublicBaseUrl="https://127.0.0.1:$PORT" \
    Logging__LogLevel__Default=Warning Email__PickupDirectory="$WORK/mail" MailingList__PostalAddress="Benchmark, 1 Test St" \
    ConnectionStrings__Default="Data Source=$WORK/data/abs.db" ASPNETCORE_URLS="$URL" \
    Kestrel__Certificates__Default__Path="$WORK/cert.pem" Kestrel__Certificates__Default__KeyPath="$WORK/key.pem" \
    dotnet AmericanBalintSociety.Web.dll >"$WORK/app.log" 2>&1 ) &
APP_PID=$!
for _ in $(seq 1 150); do curl -ksf "$URL/healthz" >/dev/null && break; sleep 0.2; done
curl -ksf "$URL/healthz" >/dev/null || { cat "$WORK/app.log" >&2; exit 1; }
for path in "${PAGES[@]}"; do curl -ksf -o /dev/null "$URL$path"; done # warm: the first request of each compiles its view

echo "### Lighthouse $(node -p "require('./tests/lighthouse/node_modules/lighthouse/package.json').version"), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
echo
echo "| Page | Performance | Accessibility | Best practices | SEO | FCP | LCP | TBT | CLS | Transferred |"
echo "|---|---|---|---|---|---|---|---|---|---|"
( cd tests/lighthouse && node audit.mjs "$URL" performance,accessibility,best-practices,seo "${PAGES[@]}" ) >"$WORK/lighthouse.json"
python3 - "$WORK/lighthouse.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
for path, r in results.items():
    if "error" in r:
        print(f"| `{path}` | error: {r['error']} |||||||||")
        continue
    s, m = r["scores"], r["metrics"]
    score = lambda k: "–" if s.get(k) is None else str(round(s[k] * 100))
    print(f"| `{path}` | {score('performance')} | {score('accessibility')} | {score('best-practices')} | {score('seo')} "
          f"| {m['firstContentfulPaintMs'] / 1000:.1f} s | {m['largestContentfulPaintMs'] / 1000:.1f} s "
          f"| {m['totalBlockingTimeMs']:.0f} ms | {m['cumulativeLayoutShift']:.3f} | {m['totalByteWeight'] / 1024:.1f} KB |")
for path, r in results.items():
    for f in r.get("failing", []):
        print(f"\n- `{path}` {f}", end="")
print()
PY

echo
echo "| Page | HTML | CSS | Fonts, scripts | Total before images | gzip'd |"
echo "|---|---|---|---|---|---|"
for path in "${PAGES[@]}"; do
  curl -ksf "$URL$path" -o "$WORK/page.html"
  css=$(grep -o '<link rel="stylesheet" href="[^"]*"' "$WORK/page.html" | sed 's/.*href="//; s/"$//')
  : >"$WORK/page.css"
  for href in $css; do curl -ksf "$URL$href" >>"$WORK/page.css"; done
  scripts=$(grep -c '<script src=' "$WORK/page.html" || true)
  html_bytes=$(wc -c <"$WORK/page.html"); css_bytes=$(wc -c <"$WORK/page.css")
  gz=$(( $(gzip -9c "$WORK/page.html" | wc -c) + $(gzip -9c "$WORK/page.css" | wc -c) ))
  awk -v p="$path" -v h="$html_bytes" -v c="$css_bytes" -v s="$scripts" -v g="$gz" 'BEGIN {
    printf "| `%s` | %.1f KB | %.1f KB | %s | **%.1f KB** | %.1f KB |\n", p, h / 1024, c / 1024, (s == 0 ? "none" : s " scripts"), (h + c) / 1024, g / 1024 }'
done
