#!/usr/bin/env bash
# Times the whole test suite as the README runs it (`dotnet test`, after a build), and reports each project's
# wall time and the sum of its tests' own times from the TRX files. Run with nothing else on the machine:
#   bash bench/test-suite.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -v q -nologo > /dev/null
find tests -type d -name TestResults -prune -exec rm -rf {} +

start=$(date +%s)
set +e
dotnet test --no-build > /tmp/abs-test-suite.log 2>&1
status=$?
set -e
end=$(date +%s)

echo "### Test suite, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD)"
echo
echo "\`dotnet test --no-build\`: $((end - start)) s wall, exit $status"
echo
echo "| project | tests | wall (first to last test) | sum of the tests' own times |"
echo "|---|---|---|---|"
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
from datetime import datetime
ns = '{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}'
for f in sorted(glob.glob('tests/*/TestResults/*.trx')):
    root = ET.parse(f).getroot()
    times = root.find(ns + 'Times')
    durations = []
    for r in root.iter(ns + 'UnitTestResult'):
        h, m, s = r.get('duration').split(':')
        durations.append(int(h) * 3600 + int(m) * 60 + float(s))
    parse = lambda t: datetime.fromisoformat(t[:26] + t[-6:]) if len(t) > 32 else datetime.fromisoformat(t)
    wall = (parse(times.get('finish')) - parse(times.get('start'))).total_seconds()
    print(f"| {f.split('/')[1].replace('AmericanBalintSociety.', '')} | {len(durations)} | {wall:.0f} s | {sum(durations):.0f} s |")
PY
