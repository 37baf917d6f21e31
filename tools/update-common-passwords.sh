#!/usr/bin/env bash
# Regenerates src/AmericanBalintSociety.Web/Features/Membership/common-passwords.txt: the passwords of 8 or more
# characters from zxcvbn-ts's common-password dictionary (MIT, see common-passwords.LICENSE.txt), most common first.
# Needs node and npm. Shorter passwords are refused by the length rule already.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${VERSION:-4.1.3}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
( cd "$WORK" && npm install --silent "@zxcvbn-ts/language-common@$VERSION" >/dev/null &&
  node --input-type=module -e "
    import * as common from '@zxcvbn-ts/language-common';
    process.stdout.write(common.dictionary['passwords-common'].join('\n') + '\n');" ) |
  awk 'length($0) >= 8' > src/AmericanBalintSociety.Web/Features/Membership/common-passwords.txt
wc -l src/AmericanBalintSociety.Web/Features/Membership/common-passwords.txt
