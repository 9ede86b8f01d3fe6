/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h - tracepoints: one event per batch of an SGX2 range operation,
 * and one per PTE zap.
 *
 *   echo 1 > /sys/kernel/tracing/events/sgx2_edmm/sgx2_batch/enable
 *   echo 1 > /sys/kernel/tracing/events/sgx2_edmm/sgx2_zap/enable
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM sgx2_edmm

#if !defined(SGX2_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define SGX2_TRACE_H

#include <linux/tracepoint.h>

/* sgx2_batch.op */
#define SGX2_BATCH_RESTRICT	0
#define SGX2_BATCH_MODIFY_TYPES	1
#define SGX2_BATCH_REMOVE	2
#define SGX2_BATCH_AUGMENT	3

/*
 * One batch: for RESTRICT_PERMISSIONS and MODIFY_TYPES the pages one ETRACK
 * covered, for REMOVE_PAGES and AUGMENT_PAGES one hold of the enclave lock.
 */
TRACE_EVENT(sgx2_batch,
	    TP_PROTO(unsigned int op, unsigned long addr, unsigned long pages,
		     int ret),
	    TP_ARGS(op, addr, pages, ret),
	    TP_STRUCT__entry(__field(unsigned int, op)
			     __field(unsigned long, addr)
			     __field(unsigned long, pages)
			     __field(int, ret)),
	    TP_fast_assign(__entry->op = op;
			   __entry->addr = addr;
			   __entry->pages = pages;
			   __entry->ret = ret;),
	    TP_printk("op=%s addr=%#lx pages=%lu ret=%d",
		      __print_symbolic(__entry->op,
				       { SGX2_BATCH_RESTRICT, "restrict" },
				       { SGX2_BATCH_MODIFY_TYPES, "modify_types" },
				       { SGX2_BATCH_REMOVE, "remove" },
				       { SGX2_BATCH_AUGMENT, "augment" }),
		      __entry->addr, __entry->pages, __entry->ret)
);

/* One zap of every user PTE of the enclave pages [addr, addr + pages). */
TRACE_EVENT(sgx2_zap,
	    TP_PROTO(unsigned long addr, unsigned long pages),
	    TP_ARGS(addr, pages),
	    TP_STRUCT__entry(__field(unsigned long, addr)
			     __field(unsigned long, pages)),
	    TP_fast_assign(__entry->addr = addr;
			   __entry->pages = pages;),
	    TP_printk("addr=%#lx pages=%lu", __entry->addr, __entry->pages)
);

#endif /* SGX2_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
