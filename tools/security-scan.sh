#!/usr/bin/env bash
# Runs the scanners of the penetration test (sqlmap and wapiti) against a local copy of the site, as deployed
# (Production, HTTPS, an empty database with its seed content), once anonymously and once signed in as a member,
# and writes a summary to docs/security-scan.md. Not part of CI: it takes 20-40 minutes on two cores, and each pass
# stops at its time cap (WAPITI_MINUTES, SQLMAP_MINUTES per target), so a longer cap tests more parameters.
#
#   sudo apt-get install -y sqlmap wapiti openssl curl   # once
#   tools/security-scan.sh                                # WAPITI_MINUTES=15 SQLMAP_MINUTES=15 by default
#
# The site runs from a temporary folder that is deleted afterwards; raw reports stay in $OUT (printed at the end).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${PORT:-5443}"
BASE="https://localhost:$PORT"
WAPITI_MINUTES="${WAPITI_MINUTES:-15}"
SQLMAP_MINUTES="${SQLMAP_MINUTES:-15}"
WORK="$(mktemp -d)"
OUT="${OUT:-$WORK/reports}"
mkdir -p "$OUT"

for tool in sqlmap wapiti openssl curl dotnet; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (sudo apt-get install -y sqlmap wapiti openssl curl)" >&2; exit 2; }
done

cleanup() {
  [[ -n "${SITE_PID:-}" ]] && kill "$SITE_PID" 2>/dev/null && wait "$SITE_PID" 2>/dev/null || true
  [[ -z "${KEEP:-}" ]] && rm -rf "$WORK/data" "$WORK/site" || true
}
trap cleanup EXIT

echo "== building the site"
dotnet publish "$ROOT/src/AmericanBalintSociety.Web" -c Release -o "$WORK/site" --nologo -v quiet

echo "== certificates (TLS for localhost, and the data-protection key certificate)"
mkdir -p "$WORK/data"
openssl req -x509 -newkey rsa:2048 -sha256 -days 2 -nodes -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
openssl pkcs12 -export -inkey "$WORK/tls.key" -in "$WORK/tls.crt" -out "$WORK/tls.pfx" -passout pass:scan
openssl req -x509 -newkey rsa:2048 -sha256 -days 2 -nodes -subj "/CN=scan data protection" \
  -keyout "$WORK/dp.key" -out "$WORK/dp.crt" 2>/dev/null
openssl pkcs12 -export -inkey "$WORK/dp.key" -in "$WORK/dp.crt" -out "$WORK/dp.pfx" -passout pass:scan

export ASPNETCORE_ENVIRONMENT=Production
export ASPNETCORE_URLS="$BASE"
export Kestrel__Certificates__Default__Path="$WORK/tls.pfx" Kestrel__Certificates__Default__Password=scan
export DataProtection__Certificate__Path="$WORK/dp.pfx" DataProtection__Certificate__Password=scan
export Site__PublicBaseUrl="$BASE"
export ConnectionStrings__Default="Data Source=$WORK/data/abs.db"
export Email__PickupDirectory="$WORK/data/mail" News__MediaDirectory="$WORK/data/media" Shop__EbookDirectory="$WORK/data/ebooks"
export MailingList__PostalAddress="The American Balint Society, security scan, nowhere"
# The scanners send thousands of requests a minute: the rate limits would answer most of them 429 and hide the forms.
export RateLimiting__FormPostsPerMinute=10000 RateLimiting__SignupsPerMinute=10000 RateLimiting__SearchesPerMinute=10000
export Security__AccountMailInterval=00:00:00

echo "== a member account for the signed-in pass"
(cd "$WORK/site" && printf 'a long scanning passphrase\n' | dotnet AmericanBalintSociety.Web.dll staff add --email scanner@example.org --role Editor --name "Scan Member" >/dev/null)

echo "== starting the site at $BASE"
(cd "$WORK/site" && exec dotnet AmericanBalintSociety.Web.dll >"$OUT/site.log" 2>&1) &
SITE_PID=$!
for _ in $(seq 1 60); do curl -ksf "$BASE/healthz" >/dev/null && break; sleep 1; done
curl -ksf "$BASE/healthz" >/dev/null || { echo "the site did not start; see $OUT/site.log" >&2; exit 1; }

# A fresh sign-in for each signed-in pass; the cookie's name is __Host-abs.auth.
sign_in() {
  local jar="$WORK/cookies.txt" token
  rm -f "$jar"
  token=$(curl -ks -c "$jar" "$BASE/Identity/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -ks -b "$jar" -c "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Input.Email=scanner@example.org" --data-urlencode "Input.Password=a long scanning passphrase" \
    --data-urlencode "Input.RememberMe=false" "$BASE/Identity/Account/Login"
  COOKIE=$(awk '$6 ~ /abs\.auth/ { print $6 "=" $7 }' "$jar")
  [[ -n "$COOKIE" ]] || { echo "sign-in failed" >&2; exit 1; }
}

# Whether a signed-in pass kept its session to the end (if not, it scanned the rest as a visitor).
session_kept() { # name
  curl -ks -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/Identity/Account/Manage" >"$OUT/$1.session"
}

# The signed-in pages with forms, and the forms' bodies for sqlmap (the token is fetched from the page each time).
# Not "Where you're signed in" (it ends the session) nor "Delete my account".
MEMBER_PAGES=(/Identity/Account/Manage /Identity/Account/Manage/Email /Identity/Account/Manage/ChangePassword
  /Identity/Account/Manage/MailingList /Identity/Account/Manage/Orders /Identity/Account/Manage/PersonalData)
MEMBER_FORMS=(
  "/Identity/Account/Manage|Input.Name=Scan&Input.ProfessionalRole=&Input.Organization=Org&Input.City=City&Input.State=NY"
  "/Identity/Account/Manage/Email|Input.NewEmail=new@example.org&Input.CurrentPassword=guess"
  "/Identity/Account/Manage/ChangePassword|Input.OldPassword=guess&Input.NewPassword=another+long+one&Input.ConfirmPassword=another+long+one"
)

# Wapiti 3.0.4's -x (exclude) fails on Python 3.11, so the signed-in pass goes page by page with --scope page: the
# header's sign-out form posts to another page and is never sent.
run_wapiti() { # name, start path, minutes, extra args…
  local name="$1" start="$2" minutes="$3"; shift 3
  timeout $((minutes * 60 + 120)) wapiti -u "$BASE$start" --flush-session \
    -m "sql,blindsql,xss,permanentxss,exec,file,crlf,redirect,ssrf,xxe" \
    --max-scan-time $((minutes * 60)) --max-links-per-page 40 --max-files-per-dir 40 \
    -f json -o "$OUT/wapiti-$name.json" "$@" >"$OUT/wapiti-$name.log" 2>&1 || true
}

run_sqlmap() { # name, extra args…
  local name="$1"; shift
  timeout $((SQLMAP_MINUTES * 60)) sqlmap --batch --level=2 --risk=1 --csrf-token=__RequestVerificationToken \
    --output-dir="$OUT/sqlmap-$name" "$@" >>"$OUT/sqlmap-$name.log" 2>&1 || true
}

echo "== wapiti, visitor (${WAPITI_MINUTES} min at most)"
run_wapiti anonymous / "$WAPITI_MINUTES" --scope folder

echo "== wapiti, signed in, page by page"
sign_in
for page in "${MEMBER_PAGES[@]}"; do
  run_wapiti "member-$(basename "$page")" "$page" $(( (WAPITI_MINUTES + ${#MEMBER_PAGES[@]} - 1) / ${#MEMBER_PAGES[@]} )) \
    --scope page -H "Cookie: $COOKIE"
done
session_kept wapiti-member

echo "== sqlmap, visitor (${SQLMAP_MINUTES} min at most)"
run_sqlmap anonymous -u "$BASE/" --crawl=2 --forms

echo "== sqlmap, signed in, form by form"
sign_in
for target in "${MEMBER_FORMS[@]}"; do
  run_sqlmap member -u "$BASE${target%%|*}" --data "${target#*|}&__RequestVerificationToken=" --cookie="$COOKIE"
done
session_kept sqlmap-member

echo "== summary"
python3 - "$OUT" "$ROOT/docs/security-scan.md" "$WAPITI_MINUTES" "$SQLMAP_MINUTES" <<'PY'
import json, pathlib, re, sys, datetime
out, doc = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
wapiti_minutes, sqlmap_minutes = sys.argv[3], sys.argv[4]
read = lambda p: p.read_text(errors="ignore") if p.exists() else ""

def wapiti(names):
    found, crawled, ran = {}, 0, 0
    for n in names:
        report = out / f"wapiti-{n}.json"
        if not report.exists():
            continue
        ran += 1
        for k, v in json.loads(report.read_text()).get("vulnerabilities", {}).items():
            if v:
                found[k] = found.get(k, 0) + len(v)
        crawled += sum(int(c) for c in re.findall(r"found (\d+) URLs and forms", read(out / f"wapiti-{n}.log")))
    if ran == 0:
        return "DID NOT RUN (see its log)"
    return (", ".join(f"{k}: {n}" for k, n in found.items()) or "none") + f" ({crawled} URLs and forms)"

def sqlmap(name):
    log = read(out / f"sqlmap-{name}.log")
    injectable = sorted(set(re.findall(r"parameter '([^']+)' (?:is|might be) .*injectable", log)))
    tested = sorted(set(re.findall(r"(?:GET|POST) parameter '([^']+)' does not seem to be injectable", log)))
    if not tested and not injectable:
        return "DID NOT RUN (see its log)"
    return ("INJECTABLE: " + ", ".join(injectable)) if injectable else f"none ({len(tested)} parameters tested: {', '.join(tested)})"

def kept(name):
    code = read(out / f"{name}.session").strip()
    return "" if not code else (" Session kept to the end." if code == "200" else f" Session LOST during the pass (My account answered {code}).")

members = sorted(p.stem.removeprefix("wapiti-") for p in out.glob("wapiti-member-*.json"))
rows = [
    ("wapiti, visitor (crawl from the home page)", wapiti(["anonymous"])),
    ("wapiti, signed in (My account, page by page)", wapiti(members) + kept("wapiti-member")),
    ("sqlmap, visitor (crawl, every form)", sqlmap("anonymous")),
    ("sqlmap, signed in (the My account forms)", sqlmap("member") + kept("sqlmap-member")),
]
site_log = read(out / "site.log").splitlines()
errors = [l for l in site_log if '"LogLevel":"Error"' in l or '"LogLevel":"Critical"' in l]
events = {}
for l in site_log:
    m = re.search(r'"Message":"Security event (\w+)', l)
    if m:
        events[m.group(1)] = events.get(m.group(1), 0) + 1
stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
text = f"""# Security scan: last results

Made by `tools/security-scan.sh` on {stamp}: sqlmap and wapiti against the site as deployed (Production, HTTPS,
seed content), as a visitor and signed in as an account without staff access. The findings must stay at zero; the
raw reports are not kept in the repository.

| Scanner | Findings |
|---|---|
""" + "\n".join(f"| {a} | {b} |" for a, b in rows) + f"""

Error lines in the site's log during the scans: {len(errors)}. Security events logged (Warning, at most 30 a minute per
kind): {", ".join(f"{k} {n}" for k, n in sorted(events.items())) or "none"}.
"""
doc.write_text(text)
print(text)
PY
echo "raw reports: $OUT"
