#!/usr/bin/env bash
# News page benchmark (issue 3). Release build, wrk on loopback, everything in one run.
#   1. The article page against the same HTML served as a static file by the same app (interleaved),
#      with the output cache on, then off: requests/s and p99 at 64 connections.
#   2. The list page, a tag page and a search with 10 articles and with 10,000 (cache off, one connection):
#      mean latency, and the ratio between the two.
# Writes a Markdown report to stdout; docs/performance.md holds the last one. Needs wrk (apt-get install -y wrk).
# KEEP_LARGE=FILE keeps the 10,000-article database (for bench/SearchQueries, which times the search's queries).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-5099}
DURATION=${DURATION:-10s}
WORK=$(mktemp -d /tmp/abs-bench.XXXXXX)
APP="$WORK/app"
URL="http://127.0.0.1:$PORT"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
dotnet publish src/AmericanBalintSociety.Web -c Release --ucr --self-contained false -o "$APP" --nologo -v quiet >/dev/null

export ASPNETCORE_ENVIRONMENT=Production
# Required outside Development, and the only host served: the benchmark's own address (served over plain http here).
export Site__PublicBaseUrl="https://127.0.0.1:$PORT"
export Logging__LogLevel__Default=Warning
export Email__Dispatcher__Enabled=false
export RateLimiting__SearchesPerMinute=10000000 # the load would otherwise be turned away as a bot

# Articles in the front-matter format `content import` reads: 200 words each from a 400-word vocabulary,
# every tenth tagged "retreats", one word ("facilitation") in one article in twenty (article 10 among them, so the
# 10-article site has a match too), and "groups" in every title.
make_articles() { # folder count
  mkdir -p "$1"
  awk -v dir="$1" -v n="$2" 'BEGIN {
    srand(42);
    for (w = 0; w < 400; w++) words[w] = sprintf("word%03d", w);
    for (i = 1; i <= n; i++) {
      f = sprintf("%s/article-%05d.md", dir, i);
      day = 1 + (i % 28); month = 1 + int(i / 28) % 12; year = 2000 + int(i / 336);
      printf "---\ntitle: \"Article number %d about groups\"\nslug: article-%05d\npublished: %04d-%02d-%02d\nsummary: Summary of article %d.\n", i, i, year, month, day, i > f;
      if (i % 10 == 0) printf "tags: [Retreats]\n" > f; else printf "tags: [Meetings]\n" > f;
      printf "---\n" > f;
      for (p = 0; p < 4; p++) {
        line = "";
        for (k = 0; k < 50; k++) line = line " " words[int(rand() * 400)];
        if (p == 0 && i % 20 == 10) line = line " facilitation";
        printf "%s.\n\n", line > f;
      }
      close(f);
    }
  }'
}

APPS=() # the sites this script started (their PIDs), so stopping them touches no other process
start_app() { # data-dir output-cache(true|false) data-cache(true|false) [url]
  local url=${4:-$URL}
  ( cd "$APP" && exec env ConnectionStrings__Default="Data Source=$1/abs.db" MailingList__PostalAddress="Benchmark, 1 Test St" \
      News__OutputCache="$2" News__DataCache="${3:-true}" ASPNETCORE_URLS="$url" dotnet AmericanBalintSociety.Web.dll >"$1/app.log" 2>&1 ) &
  APPS+=($!)
  for _ in $(seq 1 100); do curl -sf "$url/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "the app did not start" >&2; cat "$1/app.log" >&2; exit 1
}
stop_app() { # every site started so far: SIGTERM, then wait for each to shut down
  for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${APPS[@]}"; do wait "$pid" 2>/dev/null || true; done
  APPS=()
}

import() { # data-dir folder
  ( cd "$APP" && ConnectionStrings__Default="Data Source=$1/abs.db" dotnet AmericanBalintSociety.Web.dll content import "$2" >/dev/null )
}

# wrk's summary: requests/s and the 99th percentile in ms.
load() { # path connections
  wrk -t2 -c"$2" -d"$DURATION" --latency "$URL$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /us$/) { sub(/us/, "", v); v = v / 1000 } else if (v ~ /s$/) { sub(/s/, "", v); v = v * 1000 } p99 = v }
    END { printf "%.0f %.2f\n", rps, p99 }'
}
# Mean latency in ms with one connection (one request at a time).
latency() { # url
  wrk -t1 -c1 -d3s "$1" | awk '/Requests\/sec/ { printf "%.3f\n", 1000 / $2 }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

small="$WORK/small"; large="$WORK/large"
make_articles "$WORK/articles-10" 10
make_articles "$WORK/articles-10000" 10000
mkdir -p "$small" "$large"
import "$small" "$WORK/articles-10"
import "$large" "$WORK/articles-10000"

ARTICLE=/news/article-00010
echo "# News benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(dotnet --version); wrk -t2 -c64 -d$DURATION on loopback; Release build."
echo
echo "## Article page against the same HTML as a static file (64 connections)"
echo
echo "| caches | run | static file req/s | article req/s | ratio | static p99 ms | article p99 ms |"
echo "|---|---|---|---|---|---|---|"
for config in "output+data true true" "data-only false true" "none false false"; do
  read -r label cache data <<<"$config"
  start_app "$small" "$cache" "$data"
  curl -sf "$URL$ARTICLE" > "$APP/wwwroot/bench-article.html"
  curl -sf "$URL$ARTICLE" >/dev/null; curl -sf "$URL/bench-article.html" >/dev/null
  wrk -t2 -c64 -d10s "$URL$ARTICLE" >/dev/null; wrk -t2 -c64 -d5s "$URL/bench-article.html" >/dev/null # warm-up: tiered JIT settles after ~10 s of load
  for run in 1 2; do
    read -r s_rps s_p99 < <(load /bench-article.html 64)
    read -r a_rps a_p99 < <(load "$ARTICLE" 64)
    ratio=$(awk -v a="$a_rps" -v s="$s_rps" 'BEGIN { printf "%.2f", a / s }')
    echo "| $label | $run | $s_rps | $a_rps | $ratio | $s_p99 | $a_p99 |"
  done
  stop_app
done

echo
echo "## 10 articles against 10,000 (all caches off, one connection, mean latency in ms)"
echo
echo "Both sites run at once. Each page is warmed up on both for 5 s, then measured five times on each, taking"
echo "turns (3 s a time); the table shows the median. \"Items\" is how many articles the page lists (10 / 10,000)."
echo
echo "| page | items | 10 articles | 10,000 articles | ratio |"
echo "|---|---|---|---|---|"
SMALL_URL=$URL; LARGE_URL="http://127.0.0.1:$((PORT + 1))"
PAGES=("/news" "/news/tag/retreats" "/news/search?q=facilitation" "/news/search?q=word123" "/news/search?q=groups")
items() { curl -sf "$1" | grep -o '<article' | wc -l; }
start_app "$small" false false "$SMALL_URL"
start_app "$large" false false "$LARGE_URL"
for p in "${PAGES[@]}"; do
  wrk -t1 -c1 -d5s "$SMALL_URL$p" >/dev/null; wrk -t1 -c1 -d5s "$LARGE_URL$p" >/dev/null
  s=(); l=()
  for _ in 1 2 3 4 5; do s+=("$(latency "$SMALL_URL$p")"); l+=("$(latency "$LARGE_URL$p")"); done
  sm=$(median "${s[@]}"); lm=$(median "${l[@]}")
  echo "| \`$p\` | $(items "$SMALL_URL$p") / $(items "$LARGE_URL$p") | $sm | $lm | $(awk -v a="$lm" -v b="$sm" 'BEGIN { printf "%.2f", a / b }') |"
done
stop_app
if [ -n "${KEEP_LARGE:-}" ]; then sqlite3 "$large/abs.db" ".backup '$KEEP_LARGE'"; fi # needs sqlite3
