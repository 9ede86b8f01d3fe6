# SPDX-License-Identifier: GPL-2.0
# sgx2-edmm: top-level Makefile.  The module's own build rules are in
# src/Kbuild; this file drives kbuild, the tests, DKMS and the QEMU guests.
#
#   make                      module for the running kernel (or KERNELRELEASE=/KDIR=)
#   make check                everything CI runs (installs its dependencies)
#   make demo                 the main job: a QEMU guest running the module (sim)
#   make demo BACKEND=hw      the same on the emulated SGX2 CPU (tests/qemu/sgx-cpu)
#   make bench                the benchmark: backend=hw on the emulated SGX CPU and
#                             backend=sim, one guest each, reported side by side
#                             (build/bench.txt; BENCH_MAX_PAGES=256: only the
#                             sizes up to 256 pages; tests/bench/README.md)
#   make vm-test KERNEL=6.12  the guest tests on one kernel (series or release;
#                             KERNEL_TREE=DIR: a kernel tree built by hand)
#   make fuzz SEED=1 SECONDS=600  the fuzzer (tests/fuzz) in a guest on KERNEL,
#                             backend=sim; a failing SEED reproduces
#   make coverage KERNEL=6.1  line coverage of src/: the guest suites on the
#                             debug kernel plus the unit tests (build/coverage/;
#                             tests/coverage.sh; builds the debug kernel, ~40 min)
#   make unit                 the Check unit tests only
#   make matrix               W=1 build against every installed headers tree
#   make style                checkpatch.pl, kernel-doc and the include rules over
#                             src/ and the UAPI; shellcheck
#   make dkms-test            dkms add/build/install/remove for each test kernel
#   make install              install the module for KERNELRELEASE (+ depmod)
#   make install-headers      install the UAPI header under $(PREFIX)/include
#   make tools                sgx2-edmmctl (tools/sgx2-edmmctl; needs libkmod-dev)
#                             and libsgx2-edmm-preload.so (tools/preload)
#   make install-tools        install them and the man page under $(PREFIX)
#   make deb                  Debian packages sgx2-edmm-dkms, sgx2-edmm-tools
#                             (build/deb/; lintian-clean)
#   make rpm                  RPMs of the same (build/rpm/; rpmlint-clean)
#   make pkg-test             build both, install/purge the .debs (root)
#   make dkms-install / dkms-remove
#   make clean

VERSION       := $(shell cat VERSION)
KERNELRELEASE ?= $(shell uname -r)
KDIR          ?= /lib/modules/$(KERNELRELEASE)/build
PREFIX        ?= /usr/local
DESTDIR       ?=
# Kernels the tests boot: Debian bookworm's 6.1 and bookworm-security's 6.12.
TEST_KERNELS  ?= 6.1 6.12
KERNEL        ?= 6.1
DKMS_SRC      := /usr/src/sgx2-edmm-$(VERSION)

all: module

module:
	@test -d "$(KDIR)" || { echo "no kernel build tree at $(KDIR):" \
		"install the headers or pass KERNELRELEASE= or KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/src modules

deps:
	tests/deps.sh

unit:
	$(MAKE) -C tests/unit run
	$(MAKE) -C tests/enclave check
	$(MAKE) -C tests/runtime check

style:
	tests/style.sh

matrix:
	tests/matrix.sh

dkms-test:
	tests/dkms/dkms-test.sh $(TEST_KERNELS)

vm-test:
	tests/vm-test.sh smoke $(if $(filter command line,$(origin KERNELRELEASE)),$(KERNELRELEASE),$(KERNEL))

vm-check:
	@set -e; for k in $(TEST_KERNELS); do tests/vm-test.sh smoke $$k; done

check: deps
	tests/check.sh $(TEST_KERNELS)

# BACKEND=hw: on the emulated SGX2 CPU (built and cached by
# tests/qemu/sgx-cpu/build.sh), the plan loads backend=hw.
BACKEND       ?= sim
demo: deps
	$(if $(filter hw,$(BACKEND)),RUN_ARGS="--sgx-epc 64M --mem 1G --append sgx2_demo_backend=hw") \
		tests/vm-test.sh demo $(KERNEL)

bench: deps
	BENCH_MAX_PAGES=$(BENCH_MAX_PAGES) tests/bench/bench.sh $(KERNEL)

SEED          ?= 1
SECONDS       ?= 600
OPS           ?= 1000000
coverage: deps
	tests/coverage.sh $(or $(KERNEL),6.1)

fuzz: deps
	RUN_ARGS="--append sgx2_fuzz=$(SEED),$(SECONDS),$(OPS) --timeout $$(($(SECONDS) + 300))" \
		tests/vm-test.sh fuzz $(KERNEL)

install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR)/src INSTALL_MOD_DIR=updates modules_install
	depmod -a $(KERNELRELEASE)

install-headers:
	install -D -m 0644 include/uapi/linux/sgx2_edmm.h \
		$(DESTDIR)$(PREFIX)/include/linux/sgx2_edmm.h

tools:
	$(MAKE) -C tools/sgx2-edmmctl
	$(MAKE) -C tools/preload

install-tools:
	$(MAKE) -C tools/sgx2-edmmctl install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	$(MAKE) -C tools/preload install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

deb:
	packaging/build-deb.sh

rpm:
	packaging/build-rpm.sh

pkg-test:
	tests/packaging/pkg-test.sh $(TEST_KERNELS)

dkms-install:
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp -r dkms.conf VERSION LICENSE src include $(DKMS_SRC)/
	find $(DKMS_SRC)/src \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete
	dkms add -m sgx2-edmm -v $(VERSION)
	dkms build -m sgx2-edmm -v $(VERSION) -k $(KERNELRELEASE)
	dkms install -m sgx2-edmm -v $(VERSION) -k $(KERNELRELEASE)

dkms-remove:
	-dkms remove -m sgx2-edmm -v $(VERSION) --all
	rm -rf $(DKMS_SRC)

clean:
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR)/src clean
	find src \( -name '*.o' -o -name '.*.cmd' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name modules.order -o -name Module.symvers \) -delete
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/enclave clean
	$(MAKE) -C tests/runtime clean
	$(MAKE) -C tools/sgx2-edmmctl clean
	$(MAKE) -C tools/preload clean
	rm -rf build

.PHONY: all module deps unit style matrix dkms-test vm-test vm-check check demo bench fuzz \
	install install-headers tools install-tools deb rpm pkg-test dkms-install dkms-remove coverage \
	clean
