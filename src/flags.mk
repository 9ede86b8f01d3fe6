# SPDX-License-Identifier: GPL-2.0
# The compile flags of every object under src/, included by src/Kbuild
# and by the emulated CPU's ring-0 probe (tests/qemu/sgx-cpu/probe/Kbuild),
# which builds hw/ into a module of its own.  The includer sets sgx2_src to
# this folder.
ccflags-y += -I$(sgx2_src)/../include/uapi \
	     -include $(sgx2_src)/compat.h \
	     -D'pr_fmt(fmt)=KBUILD_MODNAME ": " fmt'

# Stack frames: at most 1 KiB, half the kernel's own 64-bit limit.  KASAN
# puts a redzone around every stack variable (EREPORT's frame grows from
# under 1 KiB to 1128 bytes), so a KASAN kernel gets the kernel's 2 KiB.
ccflags-y += -Wframe-larger-than=$(if $(CONFIG_KASAN),2048,1024)

# Feature probes against the target kernel's headers (see compat.h).
sgx2_probe = $(shell grep -qsw -E '$(2)' $(srctree)/include/$(1) && echo -D$(3))
ccflags-y += $(call sgx2_probe,linux/mm.h,static inline void vm_flags_set,SGX2_HAVE_VM_FLAGS_SET)
ccflags-y += $(call sgx2_probe,linux/sched/mm.h,mm_get_unmapped_area,SGX2_HAVE_MM_GET_UNMAPPED_AREA)
ccflags-y += $(call sgx2_probe,linux/vmalloc.h,vcalloc,SGX2_HAVE_VCALLOC)
# hw backend: the ENCLS exception-table entry type (5.16+), see compat.h
ccflags-y += $(call sgx2_probe,../arch/x86/include/asm/extable_fixup_types.h,EX_TYPE_FAULT_SGX,SGX2_HAVE_EX_TYPE_FAULT_SGX)
