#!/bin/bash
# bootstrap.sh - from a fresh Debian 12 clone to a running demo or a
# passing test suite.  Idempotent: installs only missing packages,
# configures once, rebuilds only what changed.
#
#	bash bootstrap.sh demo	install, build, run the agent with sample users
#	bash bootstrap.sh test	install, build, run every test
set -eu -o pipefail

cd "$(dirname "$0")"
top=$(pwd)
build=$top/_build

packages="build-essential autoconf automake libtool pkg-config \
libevent-dev libssl-dev libldap-dev liblmdb-dev libbsd-dev check \
ldap-utils python3 python3-ldap valgrind openssl"

install_missing() {
	local missing=""
	for p in $packages; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
			|| missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "bootstrap: installing$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "bootstrap: run as root, or install these packages first:$missing" >&2
		exit 1
	fi
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

build() {
	[ -x "$top/configure" ] || autoreconf -fi
	mkdir -p "$build"
	cd "$build"
	[ -f Makefile ] || "$top/configure" ${CONFIGURE_FLAGS:-}
	make -j"$(nproc)"
	cd "$top"
}

case "${1:-}" in
demo)
	install_missing
	build
	exec bash "$top/conf/demo.sh" "$build"
	;;
test)
	install_missing
	CONFIGURE_FLAGS="${CONFIGURE_FLAGS:---enable-werror}" build
	cd "$build"
	status=0
	make -j"$(nproc)" check 2>&1 | tee check.out || status=1
	[ "$status" = 0 ] || cat test-suite.log
	grep -h '^[0-9]*%: Checks:' tests/unit/check_*.log || true
	make check-valgrind || status=1
	echo "tests: $(sed -n 's/^# PASS: *//p' check.out) passed," \
		"$(sed -n 's/^# FAIL: *//p' check.out) failed"
	exit "$status"
	;;
*)
	echo "usage: bash bootstrap.sh demo|test" >&2
	exit 64
	;;
esac
