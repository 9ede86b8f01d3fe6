# SPDX-License-Identifier: GPL-2.0
# The pure source files: no mm, no locking, no asm.  Listed once here, with
# their folders under src/, for both the module (src/Kbuild) and the Check
# unit tests (tests/unit/Makefile).
PURE_FILES := core/policy.c core/fault_around.c core/validate.c core/budget_spec.c \
	      model/sim_model.c model/sim_encls.c model/sim_enclu.c \
	      sim/sim_request.c sim/sim_inject.c
