# bench/: benchmarks, run by hand (see bench/README).
#
# ldapbench is the LDAP load generator gateway-bench.sh drives against
# esmgated and slapd; it is a client, so it links libldap.
noinst_PROGRAMS += bench/ldapbench
bench_ldapbench_SOURCES = bench/ldapbench.c
bench_ldapbench_LDADD = $(LDAP_LIBS) $(PTHREAD_LIBS)

dist_noinst_SCRIPTS += bench/agent-bench.sh bench/gateway-bench.sh \
	bench/events-bench.sh
EXTRA_DIST += bench/README bench/events_bench.py
