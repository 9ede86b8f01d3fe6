/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sim_request.h - SGX2_IOC_SIM_ENCLU on top of the SGX2 model (pure).
 *
 * Under the sim backend enclave code runs natively in user mode and every
 * ENCLU traps; the runtime forwards the leaf, or an exception that enclave
 * code took, as a struct sgx2_sim_enclu.  sgx2_sim_request() plays it
 * against the model for one logical processor and leaves in the struct the
 * registers to resume with, the way the instruction (or the AEX) would have
 * left them.  See sim_request.c for the semantics chosen where the SDM and
 * the vDSO leave room.
 */
#ifndef SGX2_SIM_REQUEST_H
#define SGX2_SIM_REQUEST_H

#include "../pure.h"
#include "../model/sim_model.h"

/* #PF error code: instruction fetch (I/D), SDM Vol. 3A 4.7. */
#define SGX2_SIM_PF_ID			0x10

int sgx2_sim_request(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, struct sgx2_sim_enclu *req,
		     u64 *eaug_addr);
void sgx2_sim_lp_interrupt(struct sgx2_sim_encl *encl, struct sgx2_sim_lp *lp);

#endif /* SGX2_SIM_REQUEST_H */
