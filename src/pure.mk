# SPDX-License-Identifier: GPL-2.0
# The pure source files: no mm, no locking, no asm.  Listed once here for
# both the module (src/Kbuild) and the Check unit tests (tests/unit/Makefile).
PURE_FILES := policy.c fault_around.c sim_model.c sim_encls.c sim_enclu.c validate.c \
	      sim_request.c sim_inject.c budget_spec.c
