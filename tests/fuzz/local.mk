# tests/fuzz/: fuzz harnesses (libFuzzer) and their replay in make check.
#
# Each harness is tests/fuzz/fuzz_NAME.c, one LLVMFuzzerTestOneInput()
# over the real code; its seed inputs are in tests/fuzz/corpus/NAME/ and
# the inputs that once crashed it in tests/fuzz/crashes/NAME/.
#
#   make check	builds each harness with the normal compiler and
#		replay.c, and runs it over its seeds and crashes (under
#		valgrind too: make check-valgrind).
#   make fuzz	builds each harness with clang and libFuzzer, ASan and
#		UBSan, and runs each for FUZZ_TIME seconds; a crash, leak,
#		UB or hang lands in tests/fuzz/crashes/NAME/ of the source
#		tree and fails the target.  FUZZ_HARNESSES picks some.
#
# The clang build compiles every source it needs again, with the
# fuzzer's flags, into tests/fuzz/clang/ of the build tree: archives
# mirroring the normal build's (from the same source lists), so that
# nothing of the gcc build is linked into a harness or overwritten.
FUZZ_TIME = 60
FUZZ_CC = clang
FUZZ_DIR = tests/fuzz/clang
FUZZ_SANITIZE = -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer $(FUZZ_SANITIZE) \
	$(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS)
FUZZ_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/fuzz \
	-DFUZZ_TOP_SRCDIR='"$(abs_top_srcdir)"'
# What a harness may link besides the archives its LDADD names.
FUZZ_EXTLIBS = $(LMDB_LIBS) $(LIBEVENT_OPENSSL_LIBS) $(LIBEVENT_LIBS) \
	$(OPENSSL_LIBS) $(LBER_LIBS) $(PTHREAD_LIBS)

# -max_len per harness: the longest input worth mutating.
FUZZ_MAXLEN_pdu = 8192
FUZZ_MAXLEN_filter = 2048
FUZZ_MAXLEN_dn = 1024
FUZZ_MAXLEN_link_msg = 4096
FUZZ_MAXLEN_link_session = 2048
FUZZ_MAXLEN_racf_cmd = 1024
FUZZ_MAXLEN_acf2_cmd = 1024
FUZZ_MAXLEN_tss_cmd = 1024
FUZZ_MAXLEN_agent_policy = 512
FUZZ_MAXLEN_racf_list = 8192
FUZZ_MAXLEN_acf2_list = 8192
FUZZ_MAXLEN_tss_list = 8192
FUZZ_MAXLEN_map = 16384
FUZZ_MAXLEN_racf_quote = 512
FUZZ_MAXLEN_acf2_quote = 512
FUZZ_MAXLEN_tss_quote = 512

# The replay build: fuzz_NAME = fuzz_NAME.c + the shared files + replay.c.
FUZZ_ENV_SOURCES = tests/fuzz/fuzzenv.c tests/fuzz/fuzzenv.h
FUZZ_MODEL_SOURCES = tests/fuzz/fuzzmodel.c tests/fuzz/fuzzmodel.h
FUZZ_SIM_SOURCES = tests/fuzz/fuzzsim.c tests/fuzz/fuzzsim.h
FUZZ_LIST_SOURCES = tests/fuzz/fuzzlist.c tests/fuzz/fuzzlist.h \
	$(FUZZ_ENV_SOURCES) $(FUZZ_MODEL_SOURCES) tests/fuzz/replay.c
FUZZ_QUOTE_SOURCES = tests/fuzz/fuzzquote.c tests/fuzz/fuzzquote.h \
	$(FUZZ_ENV_SOURCES) $(FUZZ_MODEL_SOURCES) tests/fuzz/replay.c
FUZZ_REPLAY = tests/fuzz/fuzz_pdu tests/fuzz/fuzz_filter tests/fuzz/fuzz_dn \
	tests/fuzz/fuzz_link_msg tests/fuzz/fuzz_link_session \
	tests/fuzz/fuzz_racf_cmd tests/fuzz/fuzz_acf2_cmd tests/fuzz/fuzz_tss_cmd \
	tests/fuzz/fuzz_agent_policy tests/fuzz/fuzz_racf_list \
	tests/fuzz/fuzz_acf2_list tests/fuzz/fuzz_tss_list tests/fuzz/fuzz_map \
	tests/fuzz/fuzz_racf_quote tests/fuzz/fuzz_acf2_quote \
	tests/fuzz/fuzz_tss_quote
# make fuzz FUZZ_HARNESSES='pdu map' runs those only.
FUZZ_HARNESSES = $(FUZZ_REPLAY:tests/fuzz/fuzz_%=%)
check_PROGRAMS += $(FUZZ_REPLAY)
TESTS += $(FUZZ_REPLAY)
VALGRIND_TESTS += $(FUZZ_REPLAY)

tests_fuzz_fuzz_pdu_SOURCES = tests/fuzz/fuzz_pdu.c $(FUZZ_ENV_SOURCES) \
	$(FUZZ_MODEL_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_pdu_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME='"pdu"'
tests_fuzz_fuzz_pdu_LDADD = $(GWPDU_LIBS) $(MAP_LIBS) $(GWMODEL_LIBS) \
	$(ESM_LIBS)

tests_fuzz_fuzz_filter_SOURCES = tests/fuzz/fuzz_filter.c \
	$(FUZZ_ENV_SOURCES) $(FUZZ_MODEL_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_filter_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME='"filter"'
tests_fuzz_fuzz_filter_LDADD = $(MAP_LIBS) $(GWMODEL_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_dn_SOURCES = tests/fuzz/fuzz_dn.c $(FUZZ_ENV_SOURCES) \
	$(FUZZ_MODEL_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_dn_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME='"dn"'
tests_fuzz_fuzz_dn_LDADD = $(MAP_LIBS) $(GWMODEL_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_link_msg_SOURCES = tests/fuzz/fuzz_link_msg.c \
	$(FUZZ_ENV_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_link_msg_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME='"link_msg"'
tests_fuzz_fuzz_link_msg_LDADD = $(ESM_LIBS)

tests_fuzz_fuzz_link_session_SOURCES = tests/fuzz/fuzz_link_session.c \
	$(FUZZ_ENV_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_link_session_CPPFLAGS = $(FUZZ_CPPFLAGS) \
	-DFUZZ_NAME='"link_session"'
tests_fuzz_fuzz_link_session_LDADD = $(ESM_LIBS)

tests_fuzz_fuzz_racf_cmd_SOURCES = tests/fuzz/fuzz_racf_cmd.c \
	$(FUZZ_ENV_SOURCES) $(FUZZ_SIM_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_racf_cmd_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME='"racf_cmd"'
tests_fuzz_fuzz_racf_cmd_LDADD = $(RACFSIM_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_acf2_cmd_SOURCES = tests/fuzz/fuzz_acf2_cmd.c \
	$(FUZZ_ENV_SOURCES) $(FUZZ_SIM_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_acf2_cmd_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME='"acf2_cmd"'
tests_fuzz_fuzz_acf2_cmd_LDADD = $(ACF2SIM_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_tss_cmd_SOURCES = tests/fuzz/fuzz_tss_cmd.c \
	$(FUZZ_ENV_SOURCES) $(FUZZ_SIM_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_tss_cmd_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME='"tss_cmd"'
tests_fuzz_fuzz_tss_cmd_LDADD = $(TSSSIM_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_agent_policy_SOURCES = tests/fuzz/fuzz_agent_policy.c \
	$(FUZZ_ENV_SOURCES) $(FUZZ_SIM_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_agent_policy_CPPFLAGS = $(FUZZ_CPPFLAGS) \
	-DFUZZ_NAME='"agent_policy"'
tests_fuzz_fuzz_agent_policy_LDADD = $(AGENT_LIBS)

tests_fuzz_fuzz_racf_list_SOURCES = tests/fuzz/fuzz_racf_list.c \
	$(FUZZ_LIST_SOURCES)
tests_fuzz_fuzz_racf_list_CPPFLAGS = $(FUZZ_CPPFLAGS) \
	-DFUZZ_NAME='"racf_list"'
tests_fuzz_fuzz_racf_list_LDADD = $(RACFBE_LIBS) $(GWPDU_LIBS) \
	$(GWMODEL_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_acf2_list_SOURCES = tests/fuzz/fuzz_acf2_list.c \
	$(FUZZ_LIST_SOURCES)
tests_fuzz_fuzz_acf2_list_CPPFLAGS = $(FUZZ_CPPFLAGS) \
	-DFUZZ_NAME='"acf2_list"'
tests_fuzz_fuzz_acf2_list_LDADD = $(ACF2BE_LIBS) $(GWPDU_LIBS) \
	$(GWMODEL_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_tss_list_SOURCES = tests/fuzz/fuzz_tss_list.c \
	$(FUZZ_LIST_SOURCES)
tests_fuzz_fuzz_tss_list_CPPFLAGS = $(FUZZ_CPPFLAGS) \
	-DFUZZ_NAME='"tss_list"'
tests_fuzz_fuzz_tss_list_LDADD = $(TSSBE_LIBS) $(GWPDU_LIBS) \
	$(GWMODEL_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_map_SOURCES = tests/fuzz/fuzz_map.c $(FUZZ_ENV_SOURCES) \
	$(FUZZ_MODEL_SOURCES) tests/fuzz/replay.c
tests_fuzz_fuzz_map_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_NAME='"map"'
tests_fuzz_fuzz_map_LDADD = $(MAP_LIBS) $(GWMODEL_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_racf_quote_SOURCES = tests/fuzz/fuzz_racf_quote.c \
	$(FUZZ_QUOTE_SOURCES)
tests_fuzz_fuzz_racf_quote_CPPFLAGS = $(FUZZ_CPPFLAGS) \
	-DFUZZ_NAME='"racf_quote"'
tests_fuzz_fuzz_racf_quote_LDADD = $(RACFBE_LIBS) $(GWMODEL_LIBS) \
	$(RACFSIM_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_acf2_quote_SOURCES = tests/fuzz/fuzz_acf2_quote.c \
	$(FUZZ_QUOTE_SOURCES)
tests_fuzz_fuzz_acf2_quote_CPPFLAGS = $(FUZZ_CPPFLAGS) \
	-DFUZZ_NAME='"acf2_quote"'
tests_fuzz_fuzz_acf2_quote_LDADD = $(ACF2BE_LIBS) $(GWMODEL_LIBS) \
	$(ACF2SIM_LIBS) $(ESM_LIBS)

tests_fuzz_fuzz_tss_quote_SOURCES = tests/fuzz/fuzz_tss_quote.c \
	$(FUZZ_QUOTE_SOURCES)
tests_fuzz_fuzz_tss_quote_CPPFLAGS = $(FUZZ_CPPFLAGS) \
	-DFUZZ_NAME='"tss_quote"'
tests_fuzz_fuzz_tss_quote_LDADD = $(TSSBE_LIBS) $(GWMODEL_LIBS) \
	$(TSSSIM_LIBS) $(ESM_LIBS)

EXTRA_DIST += tests/fuzz/run-fuzz.sh tests/fuzz/corpus tests/fuzz/crashes

# ---- the clang build --------------------------------------------------

# The clang objects of a source list, and the clang archive of each
# archive of an LDADD (other words of it are left out: FUZZ_EXTLIBS).
fuzz_objs = $(patsubst %.c,$(FUZZ_DIR)/%.o,$(filter-out \
	tests/fuzz/replay.c,$(filter %.c,$(1))))
fuzz_libs = $(patsubst %.a,$(FUZZ_DIR)/%.a,$(filter %.a,$(1)))
# What the clang harness NAME is linked from.
fuzz_deps = $(call fuzz_objs,$(tests_fuzz_fuzz_$(1)_SOURCES)) \
	$(call fuzz_libs,$(tests_fuzz_fuzz_$(1)_LDADD))

$(FUZZ_DIR)/%.o: %.c
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(FUZZ_CC) $(DEFS) $(DEFAULT_INCLUDES) $(FUZZ_CPPFLAGS) \
	    $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/%.a:
	$(AM_V_AR)rm -f $@ && $(AR) cr $@ $(filter %.o,$^) && $(RANLIB) $@

$(FUZZ_DIR)/lib/libesm.a: $(call fuzz_objs,$(lib_libesm_a_SOURCES))
$(FUZZ_DIR)/gateway/libgwmodel.a: \
	$(call fuzz_objs,$(gateway_libgwmodel_a_SOURCES))
$(FUZZ_DIR)/gateway/libgwpdu.a: \
	$(call fuzz_objs,$(gateway_libgwpdu_a_SOURCES))
$(FUZZ_DIR)/backends/libmap.a: \
	$(call fuzz_objs,$(backends_libmap_a_SOURCES))
$(FUZZ_DIR)/mainframe-agent/sim/common/libsimcommon.a: \
	$(call fuzz_objs,$(mainframe_agent_sim_common_libsimcommon_a_SOURCES))
$(FUZZ_DIR)/mainframe-agent/sim/racf/libracfsim.a: \
	$(call fuzz_objs,$(mainframe_agent_sim_racf_libracfsim_a_SOURCES))
$(FUZZ_DIR)/mainframe-agent/sim/acf2/libacf2sim.a: \
	$(call fuzz_objs,$(mainframe_agent_sim_acf2_libacf2sim_a_SOURCES))
$(FUZZ_DIR)/mainframe-agent/sim/tss/libtsssim.a: \
	$(call fuzz_objs,$(mainframe_agent_sim_tss_libtsssim_a_SOURCES))
$(FUZZ_DIR)/mainframe-agent/libagent.a: \
	$(call fuzz_objs,$(mainframe_agent_libagent_a_SOURCES))
$(FUZZ_DIR)/backends/libracfbe.a: \
	$(call fuzz_objs,$(backends_libracfbe_a_SOURCES))
$(FUZZ_DIR)/backends/libacf2be.a: \
	$(call fuzz_objs,$(backends_libacf2be_a_SOURCES))
$(FUZZ_DIR)/backends/libtssbe.a: \
	$(call fuzz_objs,$(backends_libtssbe_a_SOURCES))

$(FUZZ_DIR)/fuzz_%:
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.o,$^) \
	    $(filter %.a,$^) $(FUZZ_EXTLIBS)

$(FUZZ_DIR)/fuzz_pdu: $(call fuzz_deps,pdu)
$(FUZZ_DIR)/fuzz_filter: $(call fuzz_deps,filter)
$(FUZZ_DIR)/fuzz_dn: $(call fuzz_deps,dn)
$(FUZZ_DIR)/fuzz_link_msg: $(call fuzz_deps,link_msg)
$(FUZZ_DIR)/fuzz_link_session: $(call fuzz_deps,link_session)
$(FUZZ_DIR)/fuzz_racf_cmd: $(call fuzz_deps,racf_cmd)
$(FUZZ_DIR)/fuzz_acf2_cmd: $(call fuzz_deps,acf2_cmd)
$(FUZZ_DIR)/fuzz_tss_cmd: $(call fuzz_deps,tss_cmd)
$(FUZZ_DIR)/fuzz_agent_policy: $(call fuzz_deps,agent_policy)
$(FUZZ_DIR)/fuzz_racf_list: $(call fuzz_deps,racf_list)
$(FUZZ_DIR)/fuzz_acf2_list: $(call fuzz_deps,acf2_list)
$(FUZZ_DIR)/fuzz_tss_list: $(call fuzz_deps,tss_list)
$(FUZZ_DIR)/fuzz_map: $(call fuzz_deps,map)
$(FUZZ_DIR)/fuzz_racf_quote: $(call fuzz_deps,racf_quote)
$(FUZZ_DIR)/fuzz_acf2_quote: $(call fuzz_deps,acf2_quote)
$(FUZZ_DIR)/fuzz_tss_quote: $(call fuzz_deps,tss_quote)

-include $(FUZZ_DIR)/*/*.d $(FUZZ_DIR)/*/*/*.d $(FUZZ_DIR)/*/*/*/*.d

# A harness that does nothing, linked first: no clang, or no libFuzzer
# and sanitizer runtimes, is said in one line instead of a link error.
fuzz:
	@$(MKDIR_P) $(FUZZ_DIR)
	@echo 'int LLVMFuzzerTestOneInput(const char *d, long n)' \
	    '{ return 0; }' > $(FUZZ_DIR)/probe.c
	@$(FUZZ_CC) $(FUZZ_SANITIZE) -o $(FUZZ_DIR)/probe \
	    $(FUZZ_DIR)/probe.c >/dev/null 2>&1 || { echo "make fuzz needs" \
	    "clang with libFuzzer, ASan and UBSan ($(FUZZ_CC)" \
	    "$(FUZZ_SANITIZE) cannot link a harness): apt-get install" \
	    "clang libclang-rt-14-dev"; exit 1; }
	@$(MAKE) $(AM_MAKEFLAGS) fuzz-build
	@$(MAKE) $(AM_MAKEFLAGS) -k $(FUZZ_HARNESSES:%=fuzz-run-%)

fuzz-build: $(FUZZ_HARNESSES:%=$(FUZZ_DIR)/fuzz_%)

fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	@FUZZ_TIME='$(FUZZ_TIME)' top_srcdir='$(abs_top_srcdir)' \
	    $(SHELL) $(srcdir)/tests/fuzz/run-fuzz.sh $* $(FUZZ_DIR) \
	    '$(FUZZ_MAXLEN_$*)' '$(abs_top_srcdir)'

clean-local: fuzz-clean
fuzz-clean:
	rm -rf $(FUZZ_DIR)

.PHONY: fuzz fuzz-build fuzz-clean
