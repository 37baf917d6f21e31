#!/usr/bin/env bash
# News page benchmark (issues 3 and 19). Release build (ReadyToRun), wrk on loopback, everything in one run.
#   1. The article page against the same HTML served as a static file by the same app (interleaved): output cache
#      on (in process, then in Redis), off, and for a signed-in member: requests/s and p99 at 64 connections.
#   2. Cold start: the published site's process start to its first answered page, with an existing database.
#   3. The list page, a tag page and a search with 10 articles and with 10,000 (cache off, one connection):
#      mean latency, and the ratio between the two.
# Writes a Markdown report to stdout; docs/performance.md holds the last one.
# Needs wrk, sqlite3 and redis-server (apt-get install -y wrk sqlite3 redis-server).
# KEEP_LARGE=FILE keeps the 10,000-article database (for bench/SearchQueries, which times the search's queries).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-5099}
DURATION=${DURATION:-10s}
WORK=$(mktemp -d /tmp/abs-bench.XXXXXX)
APP="$WORK/app"
URL="http://127.0.0.1:$PORT"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

for tool in wrk sqlite3 redis-server; do
  command -v $tool >/dev/null || { echo "$tool is not installed: apt-get install -y wrk sqlite3 redis-server" >&2; exit 1; }
done
dotnet publish src/AmericanBalintSociety.Web -c Release --ucr --self-contained false -o "$APP" --nologo -v quiet >/dev/null

export ASPNETCORE_ENVIRONMENT=Production
# Required outside Development, and the only host served: the benchmark's own address (served over plain http here).
export Site__PublicBaseUrl="https://127.0.0.1:$PORT"
export Logging__LogLevel__Default=Warning
export Email__Dispatcher__Enabled=false
export RateLimiting__SearchesPerMinute=10000000 # the load would otherwise be turned away as a bot
export RateLimiting__FormPostsPerMinute=1000
export Backup__Schedule=
# Served over plain http here, as behind a TLS proxy: the site reads X-Forwarded-Proto (every request below sends it).
export ASPNETCORE_FORWARDEDHEADERS_ENABLED=true
HTTPS=(-H "X-Forwarded-Proto: https")
REDIS_PORT=$((PORT + 10))

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
start_app() { # data-dir output-cache(true|false) data-cache(true|false) [url] [redis configuration]
  local url=${4:-$URL}
  ( cd "$APP" && exec env ConnectionStrings__Default="Data Source=$1/abs.db" MailingList__PostalAddress="Benchmark, 1 Test St" \
      Email__PickupDirectory="$1/mail" Site__DataDirectory="$1" \
      News__OutputCache="$2" News__DataCache="${3:-true}" Redis__Configuration="${5:-}" ASPNETCORE_URLS="$url" dotnet AmericanBalintSociety.Web.dll >"$1/app.log" 2>&1 ) &
  APPS+=($!)
  for _ in $(seq 1 100); do curl -sf "$url/healthz/live" >/dev/null && return 0; sleep 0.2; done
  echo "the app did not start" >&2; cat "$1/app.log" >&2; exit 1
}
stop_app() { # every site started so far: SIGTERM, then wait for each to shut down
  for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${APPS[@]}"; do wait "$pid" 2>/dev/null || true; done
  APPS=()
}

import() { # data-dir folder
  ( cd "$APP" && ConnectionStrings__Default="Data Source=$1/abs.db" Site__DataDirectory="$1" dotnet AmericanBalintSociety.Web.dll content import "$2" >/dev/null )
}

# A member's cookies, as their browser sends them: registered through the form, the address confirmed in the database
# (the mail's link is the same step), signed in through the form. Prints the Cookie header's value.
member_cookie() { # data-dir
  local jar; jar=$(mktemp)
  token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
  local t; t=$(curl -s "${HTTPS[@]}" -c "$jar" -b "$jar" "$URL/Identity/Account/Register" | token)
  curl -s "${HTTPS[@]}" -c "$jar" -b "$jar" -o /dev/null -X POST "$URL/Identity/Account/Register" \
    --data-urlencode "Input.Name=Benchmark Member" --data-urlencode "Input.Email=member@example.org" \
    --data-urlencode "Input.Password=a long member passphrase 2026" --data-urlencode "Input.ConfirmPassword=a long member passphrase 2026" \
    --data-urlencode "__RequestVerificationToken=$t"
  sqlite3 "$1/abs.db" "UPDATE AspNetUsers SET EmailConfirmed = 1 WHERE NormalizedEmail = 'MEMBER@EXAMPLE.ORG';"
  rm -f "$jar"; jar=$(mktemp)
  t=$(curl -s "${HTTPS[@]}" -c "$jar" -b "$jar" "$URL/Identity/Account/Login" | token)
  curl -s "${HTTPS[@]}" -c "$jar" -b "$jar" -o /dev/null -X POST "$URL/Identity/Account/Login" \
    --data-urlencode "Input.Email=member@example.org" --data-urlencode "Input.Password=a long member passphrase 2026" \
    --data-urlencode "Input.RememberMe=false" --data-urlencode "__RequestVerificationToken=$t"
  awk '!/^#/ || /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s=%s; ", $6, $7 }' "$jar" | sed 's/; $//'
  rm -f "$jar"
}

# wrk's summary: requests/s and the 99th percentile in ms.
load() { # path connections [extra wrk arguments…]
  local path=$1 connections=$2; shift 2
  wrk -t2 -c"$connections" -d"$DURATION" --latency "${HTTPS[@]}" "$@" "$URL$path" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /us$/) { sub(/us/, "", v); v = v / 1000 } else if (v ~ /s$/) { sub(/s/, "", v); v = v * 1000 } p99 = v }
    END { printf "%.0f %.2f\n", rps, p99 }'
}
# Mean latency in ms with one connection (one request at a time).
latency() { # url
  wrk -t1 -c1 -d3s "${HTTPS[@]}" "$1" | awk '/Requests\/sec/ { printf "%.3f\n", 1000 / $2 }'
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
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(dotnet --version); wrk -t2 -c64 -d$DURATION on loopback; Release build, ReadyToRun; $(redis-server --version | awk '{print $1, $2, $3}')."
echo
echo "## Article page against the same HTML as a static file (64 connections)"
echo
echo "\"member\" is a signed-in member (the output cache is for anonymous visitors only; the data cache on); \"redis\""
echo "keeps the output cache in a local redis-server (Redis__Configuration) instead of the process."
echo
echo "| caches | run | static file req/s | article req/s | ratio | static p99 ms | article p99 ms |"
echo "|---|---|---|---|---|---|---|"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for config in "output+data true true" "output+data+redis true true redis" "data-only false true" "none false false" "member true true member"; do
  read -r label cache data extra <<<"$config"
  start_app "$small" "$cache" "$data" "$URL" "$([ "${extra:-}" = redis ] && echo "127.0.0.1:$REDIS_PORT" || true)"
  curl -sf "${HTTPS[@]}" "$URL$ARTICLE" > "$APP/wwwroot/bench-article.html"
  AUTH=()
  if [ "${extra:-}" = member ]; then AUTH=(-H "Cookie: $(member_cookie "$small")"); fi
  curl -sf "${HTTPS[@]}" "${AUTH[@]}" "$URL$ARTICLE" >/dev/null; curl -sf "${HTTPS[@]}" "$URL/bench-article.html" >/dev/null
  wrk -t2 -c64 -d10s "${HTTPS[@]}" "${AUTH[@]}" "$URL$ARTICLE" >/dev/null; wrk -t2 -c64 -d5s "${HTTPS[@]}" "$URL/bench-article.html" >/dev/null # warm-up: tiered JIT settles after ~10 s of load
  for run in 1 2; do
    read -r s_rps s_p99 < <(load /bench-article.html 64)
    read -r a_rps a_p99 < <(load "$ARTICLE" 64 "${AUTH[@]}")
    ratio=$(awk -v a="$a_rps" -v s="$s_rps" 'BEGIN { printf "%.2f", a / s }')
    echo "| $label | $run | $s_rps | $a_rps | $ratio | $s_p99 | $a_p99 |"
  done
  stop_app
done
kill "$REDIS_PID" 2>/dev/null || true

echo
echo "## Cold start (existing database)"
echo
echo "The published site's process start to its first answered page (\`/\`), the database already migrated and seeded;"
echo "each start after the last one stopped, the two publishes taking turns (nine starts each; the script waits for the port"
echo "by reading \`/proc/net/tcp\` with shell builtins, then asks for the page), each on its own copy of the data after"
echo "one untimed start (which leaves the build's multi-core JIT profile, as any start after a deploy's first does)."
echo "\"framework-dependent\" is the VM recipe's publish (\`--ucr --self-contained false\`: ReadyToRun, the runtime from"
echo "Debian's packages);"
echo "\"self-contained composite\" is the container's (\`-r linux-x64 --self-contained -p:PublishReadyToRunComposite=true\`:"
echo "the runtime and the site compiled ahead of time as one, docs/decisions/0017)."
echo
# Its own artifacts folder: a self-contained publish must not share obj/ with the framework-dependent one.
dotnet publish src/AmericanBalintSociety.Web -c Release -r linux-x64 --self-contained -p:PublishReadyToRunComposite=true \
  --artifacts-path "$WORK/artifacts" -o "$WORK/app-composite" --nologo -v quiet >/dev/null
HEXPORT=$(printf ':%04X' "$PORT"); exec {never}<> <(:) # a descriptor nothing is written to: `read -t` sleeps on it
listening() { # is something listening on $PORT (IPv4 loopback)?
  local _sl address _remote state _rest
  while read -r _sl address _remote state _rest; do [[ $address == *"$HEXPORT" && $state == 0A ]] && return 0; done </proc/net/tcp
  return 1
}
cold_start() { # folder data-dir command…: one start of the site in folder, printing ms to its first page
  local folder=$1 data=$2; shift 2
  local t0; t0=$(date +%s%N)
  ( cd "$folder" && exec env ConnectionStrings__Default="Data Source=$data/abs.db" MailingList__PostalAddress="Benchmark, 1 Test St" \
      Site__DataDirectory="$data" ASPNETCORE_URLS="$URL" "$@" >"$data/app.log" 2>&1 ) &
  APPS+=($!)
  # Wait for the port without starting a process (bash builtins reading /proc/net/tcp every 2 ms): a curl spawned
  # every few ms competes with the start for the two cores (about 0.1 s here). Then ask for the page.
  local waits=0
  until listening; do
    read -t 0.002 -u "$never" || true
    (( ++waits < 15000 )) || { echo "the site did not start" >&2; cat "$data/app.log" >&2; stop_app; exit 1; }
  done
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "${HTTPS[@]}" "$URL/" 2>/dev/null)" = 200 ]; do sleep 0.005; done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
  stop_app
}
# Each publish on its own copy of the database and data folder, started once untimed first: as after a deploy's first
# start, its multi-core JIT profile (App_Data/jit-profile, one per build) is there.
cp -a "$small" "$WORK/cold-dependent"; cp -a "$small" "$WORK/cold-composite"
cold_start "$APP" "$WORK/cold-dependent" dotnet AmericanBalintSociety.Web.dll >/dev/null
cold_start "$WORK/app-composite" "$WORK/cold-composite" ./AmericanBalintSociety.Web >/dev/null
dependent=(); composite=()
for _ in $(seq 1 9); do
  dependent+=($(cold_start "$APP" "$WORK/cold-dependent" dotnet AmericanBalintSociety.Web.dll))
  composite+=($(cold_start "$WORK/app-composite" "$WORK/cold-composite" ./AmericanBalintSociety.Web))
done
echo "| publish | start to first page, ms (nine starts) | median |"
echo "|---|---|---|"
echo "| framework-dependent, ReadyToRun | ${dependent[*]} | $(median "${dependent[@]}") |"
echo "| self-contained composite | ${composite[*]} | $(median "${composite[@]}") |"
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
items() { curl -sf "${HTTPS[@]}" "$1" | grep -o '<article' | wc -l; }
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
