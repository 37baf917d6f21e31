#!/usr/bin/env bash
# Scratch A/B of cold starts (issue 19): publishes under /tmp/ab/<name> (framework-dependent: dotnet NAME.dll;
# self-contained when libcoreclr.so is there), each with its own database /tmp/ab/d-<name> made by a first start.
# name@VAR=val,VAR2=val adds environment variables. Not part of the benchmark's report; see docs/performance.md.
# start-turns.sh ROUNDS name... : ms from process start to the first answered "/", waiting for the port without forking
# (bash builtins read /proc/net/tcp), then one curl; and the process's CPU time by then (user + system, /proc), which
# swings less than the wall time on a shared machine. Alternates the named publishes, each with its own DB; prints
# wall/cpu per start and the medians of both.
set -u
PORT=5199; URL="http://127.0.0.1:$PORT"; HEXPORT=$(printf '%04X' $PORT)
export ASPNETCORE_ENVIRONMENT=Production Site__PublicBaseUrl="https://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning \
  Email__Dispatcher__Enabled=false Backup__Schedule= ASPNETCORE_FORWARDEDHEADERS_ENABLED=true
exec {never}<> <(:)
listening() { local sl local rest; while read -r sl local _ st rest; do [[ $local == *":$HEXPORT" && $st == 0A ]] && return 0; done < /proc/net/tcp; return 1; }
one() {
  local name=${1%%@*} extra=""; [[ $1 == *@* ]] && extra=${1#*@}; extra=${extra//,/ }
  local d=/tmp/ab/d-$name; mkdir -p $d
  local t0; t0=$(date +%s%N)
  ( cd /tmp/ab/$name && exec env ConnectionStrings__Default="Data Source=$d/abs.db" MailingList__PostalAddress="Bench, 1 Test St" \
      Site__DataDirectory="$d" Email__PickupDirectory="$d/mail" ASPNETCORE_URLS="$URL" $extra $( [ -f /tmp/ab/$name/libcoreclr.so ] && echo ./AmericanBalintSociety.Web || echo dotnet AmericanBalintSociety.Web.dll ) >"$d/app.log" 2>&1 ) &
  local pid=$!
  until listening; do read -t 0.002 -u $never || true; done
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "$URL/")
  local t1; t1=$(date +%s%N)
  local stat; read -ra stat < "/proc/$pid/stat" # fields 14 and 15: user and system time in clock ticks
  local cpu=$(( (stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK) ))
  [ "$code" = 200 ] || echo -n "($code)"
  echo -n "$(( (t1 - t0) / 1000000 ))/$cpu "
  kill $pid; wait $pid 2>/dev/null
}
rounds=$1; shift
for n in "$@"; do one $n >/dev/null; done
declare -A res
for r in $(seq 1 $rounds); do for n in "$@"; do res[$n]+="$(one $n)"; done; done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for n in "$@"; do
  echo "$n: ${res[$n]} median wall $(tr ' ' '\n' <<<"${res[$n]}" | grep / | cut -d/ -f1 | median) ms, cpu $(tr ' ' '\n' <<<"${res[$n]}" | grep / | cut -d/ -f2 | median) ms"
done
