// SPDX-License-Identifier: GPL-2.0
/*
 * probe.c - first contact with /dev/sgx2_edmm on a fresh enclave fd:
 * the device node, unknown ioctls, the EDMM probes that Intel PSW, Gramine
 * and Enarx run, the unload pin, and the extension ioctls.  TAP output.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sgx2_edmm.h>

#include "tap.h"

static int open_dev(void)
{
	int fd = open(SGX2_EDMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		printf("Bail out! cannot open %s: %s\n", SGX2_EDMM_DEVICE_PATH,
		       strerror(errno));
		exit(1);
	}
	return fd;
}

static void test_node(void)
{
	struct stat st;
	int ret = stat(SGX2_EDMM_DEVICE_PATH, &st);

	tap_result(ret == 0 && S_ISCHR(st.st_mode),
		   "%s is a character device", SGX2_EDMM_DEVICE_PATH);
	tap_result(ret == 0 && (st.st_mode & 07777) == 0600,
		   "default mode is 0600 (got %04o)", st.st_mode & 07777);
}

static void test_unknown(int fd)
{
	long ret;

	ret = ioctl(fd, _IO(SGX2_MAGIC, 0x7f), 0);
	tap_errno(ret, ENOTTY, "unknown nr 0x7f");
	ret = ioctl(fd, _IOWR(SGX2_MAGIC, 0x08, struct sgx2_enclave_remove_pages), 0);
	tap_errno(ret, ENOTTY, "unassigned nr 0x08");
	ret = ioctl(fd, _IOW('T', 0x01, int), 0);
	tap_errno(ret, ENOTTY, "foreign magic");
}

/* The probes real runtimes run on a fresh fd (sgx2-reference.md 1). */
static void test_runtime_probes(void)
{
	struct sgx2_enclave_restrict_permissions rp;
	struct sgx2_enclave_remove_pages rm;
	struct sgx2_enclave_modify_types mt;
	struct sgx2_enclave_augment_pages ap;
	int fd = open_dev();
	long ret;

	/* Intel PSW: EDMM iff RESTRICT on a zeroed struct is not ENOTTY. */
	memset(&rp, 0, sizeof(rp));
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &rp);
	tap_result(ret == -1 && errno != ENOTTY,
		   "PSW probe: RESTRICT_PERMISSIONS(zeroed) is not ENOTTY");

	/* Gramine: REMOVE_PAGES {0, 0} must be exactly EINVAL. */
	memset(&rm, 0, sizeof(rm));
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &rm);
	tap_errno(ret, EINVAL, "Gramine probe: REMOVE_PAGES{0,0}");

	/* Enarx: RESTRICT(0, 0, 0) -> EINVAL. */
	memset(&rp, 0, sizeof(rp));
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &rp);
	tap_errno(ret, EINVAL, "Enarx probe: RESTRICT_PERMISSIONS(0,0,0)");

	memset(&mt, 0, sizeof(mt));
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &mt);
	tap_errno(ret, EINVAL, "MODIFY_TYPES on an uninitialized enclave");

	memset(&ap, 0, sizeof(ap));
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
	tap_errno(ret, EINVAL, "AUGMENT_PAGES on an uninitialized enclave");

	/* Readiness is checked before the argument is read, as mainline. */
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, NULL);
	tap_errno(ret, EINVAL, "readiness before copy_from_user (NULL arg)");

	close(fd);
}

static void test_unload_pinned(void)
{
	int fd = open_dev();
	long ret;

	ret = syscall(SYS_delete_module, "sgx2_edmm", O_NONBLOCK);
	tap_errno(ret, EWOULDBLOCK, "rmmod while an enclave fd is open");
	close(fd);
}

static void test_stats(int fd)
{
	struct sgx2_enclave_stats st;
	long ret;

	memset(&st, 0, sizeof(st));
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_STATS, &st);
	tap_result(ret == 0 && st.nr == SGX2_STAT_NR &&
		   st.value[SGX2_STAT_EPC_PAGES] == 0,
		   "STATS of a fresh enclave: nr=%llu, no EPC pages",
		   (unsigned long long)st.nr);

	memset(&st, 0, sizeof(st));
	st.flags = SGX2_STATS_GLOBAL;
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_STATS, &st);
	tap_result(ret == 0 && st.nr == SGX2_STAT_NR, "STATS global");

	memset(&st, 0, sizeof(st));
	st.flags = 2;
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_STATS, &st);
	tap_errno(ret, EINVAL, "STATS unknown flag");

	memset(&st, 0, sizeof(st));
	st.nr = 1;
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_STATS, &st);
	tap_errno(ret, EINVAL, "STATS non-zero OUT nr");

	memset(&st, 0, sizeof(st));
	st.value[SGX2_STAT_MAX - 1] = 1;
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_STATS, &st);
	tap_errno(ret, EINVAL, "STATS non-zero OUT value");

	ret = ioctl(fd, SGX2_IOC_ENCLAVE_STATS, (void *)8);
	tap_errno(ret, EFAULT, "STATS bad pointer");
}

static int read_param(const char *name, char *buf, size_t len)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/module/sgx2_edmm/parameters/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static void test_policy(void)
{
	struct sgx2_enclave_policy p, q;
	int fd = open_dev(), fd2 = open_dev();
	char param[64] = "";
	long ret;

	memset(&p, 0xff, sizeof(p));
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_GET_POLICY, &p);
	read_param("batch_policy", param, sizeof(param));
	tap_result(ret == 0 && p.policy == SGX2_POLICY_PER_RANGE && p.chunk == 0 &&
		   !strcmp(param, "per_range\n") && p.fault_around == 0 &&
		   !p.flags && !p.reserved[0] && !p.reserved[1],
		   "GET_POLICY of a fresh enclave is the module default");

	memset(&p, 0, sizeof(p));
	p.policy = SGX2_POLICY_CHUNK;
	p.chunk = 16;
	p.fault_around = 8;
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p);
	memset(&q, 0, sizeof(q));
	ioctl(fd, SGX2_IOC_ENCLAVE_GET_POLICY, &q);
	tap_result(ret == 0 && q.policy == SGX2_POLICY_CHUNK && q.chunk == 16 &&
		   q.fault_around == 8, "SET_POLICY chunk:16, fault_around 8");

	memset(&q, 0, sizeof(q));
	ioctl(fd2, SGX2_IOC_ENCLAVE_GET_POLICY, &q);
	tap_result(q.policy == SGX2_POLICY_PER_RANGE,
		   "policy is per enclave (second fd unchanged)");

	memset(&p, 0, sizeof(p));
	p.policy = 9;
	tap_errno(ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p), EINVAL,
		  "SET_POLICY unknown policy");
	memset(&p, 0, sizeof(p));
	p.policy = SGX2_POLICY_PER_PAGE;
	p.chunk = 4;
	tap_errno(ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p), EINVAL,
		  "SET_POLICY chunk with per_page");
	memset(&p, 0, sizeof(p));
	p.policy = SGX2_POLICY_CHUNK;
	tap_errno(ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p), EINVAL,
		  "SET_POLICY chunk:0");
	memset(&p, 0, sizeof(p));
	p.policy = SGX2_POLICY_PER_PAGE;
	p.reserved[1] = 1;
	tap_errno(ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p), EINVAL,
		  "SET_POLICY reserved field set");
	memset(&p, 0, sizeof(p));
	p.policy = SGX2_POLICY_PER_PAGE;
	p.flags = 1;
	tap_errno(ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p), EINVAL,
		  "SET_POLICY flags set");
	memset(&p, 0, sizeof(p));
	p.policy = SGX2_POLICY_PER_PAGE;
	p.fault_around = 257;
	tap_errno(ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p), EINVAL,
		  "SET_POLICY fault_around above 256");
	tap_errno(ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, NULL), EFAULT,
		  "SET_POLICY NULL");

	memset(&q, 0, sizeof(q));
	ioctl(fd, SGX2_IOC_ENCLAVE_GET_POLICY, &q);
	tap_result(q.policy == SGX2_POLICY_CHUNK && q.chunk == 16,
		   "refused SET_POLICY calls changed nothing");

	memset(&p, 0, sizeof(p));
	p.policy = SGX2_POLICY_DEFAULT;
	ret = ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p);
	memset(&q, 0, sizeof(q));
	ioctl(fd, SGX2_IOC_ENCLAVE_GET_POLICY, &q);
	tap_result(ret == 0 && q.policy == SGX2_POLICY_PER_RANGE && q.chunk == 0,
		   "SET_POLICY default takes the module parameter");

	close(fd2);
	close(fd);
}

static void test_fork_shares_fd(void)
{
	struct sgx2_enclave_policy p = { .policy = SGX2_POLICY_PER_PAGE };
	struct sgx2_enclave_policy q = { 0 };
	int fd = open_dev(), status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(ioctl(fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p) ? 1 : 0);
	waitpid(pid, &status, 0);
	ioctl(fd, SGX2_IOC_ENCLAVE_GET_POLICY, &q);
	tap_result(WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
		   q.policy == SGX2_POLICY_PER_PAGE,
		   "a forked child acts on the parent's enclave");
	close(fd);
}

int main(void)
{
	int fd;

	test_node();
	fd = open_dev();
	tap_result(1, "open %s", SGX2_EDMM_DEVICE_PATH);
	test_unknown(fd);
	test_stats(fd);
	close(fd);
	test_runtime_probes();
	test_unload_pinned();
	test_policy();
	test_fork_shares_fd();
	return tap_done();
}
