// SPDX-License-Identifier: GPL-2.0
/*
 * paths.c - the preload library's list of redirected paths (pure).
 */
#include <limits.h>
#include <string.h>

#include "paths.h"

static const char *effective(const char *list)
{
	return list && *list ? list : PRELOAD_DEFAULT_PATHS;
}

bool preload_path_redirected(const char *path, const char *list)
{
	size_t len;
	const char *p, *end;

	if (!path || path[0] != '/')
		return false;
	len = strlen(path);
	for (p = effective(list); *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if ((size_t)(end - p) == len && !memcmp(p, path, len))
			return true;
	}
	return false;
}

bool preload_paths_valid(const char *list)
{
	const char *p, *end;

	if (!list || !*list)
		return true;
	for (p = list; ; p = end + 1) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (end == p || *p != '/' || end - p >= PATH_MAX)
			return false;
		if (!*end)
			return true;
	}
}
