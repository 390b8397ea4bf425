#!/usr/bin/env bash
# Test prerequisites from Debian's packages: Chromium (the review-page browser test) and
# PostgreSQL (the DESK_DATABASE_URL tests). Installed with apt only when running as root and
# missing. This script never fails the build: without them, those tests skip with a printed reason.
set -u

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
    echo "test-setup: chromium and postgresql present"
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: missing ${missing[*]} (not root or no apt-get); those tests will skip"
    exit 0
fi

echo "test-setup: installing ${missing[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq >/dev/null 2>&1 \
        && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    echo "test-setup: installed ${missing[*]}"
else
    echo "test-setup: apt-get could not install ${missing[*]}; those tests will skip"
fi
exit 0
