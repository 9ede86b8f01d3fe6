/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One line per unit: SUITE(name) declares Suite *name_suite(void), defined
 * in check_<name>.c.  The runner adds them in this order.
 */
SUITE(uapi)
SUITE(policy)
SUITE(fault_around)
SUITE(sim_encls)
SUITE(sim_paging)
SUITE(sim_enclu)
SUITE(sim_keys)
SUITE(sim_track)
SUITE(sim_measure)
SUITE(sim_inject)
SUITE(validate)
SUITE(sim_request)
SUITE(sim_inject_parse)
SUITE(budget)
SUITE(edmmctl)
SUITE(preload)
