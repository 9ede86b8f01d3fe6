/* SPDX-License-Identifier: GPL-2.0 */
/*
 * paths.h - which device paths the preload library redirects (pure).
 */
#ifndef SGX2_PRELOAD_PATHS_H
#define SGX2_PRELOAD_PATHS_H

#include <stdbool.h>

/* The in-kernel driver's enclave device: redirected unless told otherwise. */
#define PRELOAD_DEFAULT_PATHS	"/dev/sgx_enclave"

/*
 * Is @path one of the colon-separated absolute paths in @list (NULL or
 * empty: PRELOAD_DEFAULT_PATHS)?  Paths compare as written: no
 * normalization, no symlinks followed; a relative @path never matches.
 */
bool preload_path_redirected(const char *path, const char *list);

/*
 * Is @list well formed: non-empty entries, each absolute and shorter than
 * PATH_MAX?  (An empty or NULL @list is: it means the default.)
 */
bool preload_paths_valid(const char *list);

#endif /* SGX2_PRELOAD_PATHS_H */
