#include "cli/output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- removing the temp files when a signal ends the run -----------------------------------
 * The one piece of mutable global state in the program, and why: a signal handler gets no
 * argument, so the paths of the temp files it must remove can only be reached through a
 * static. A slot's path is written only while SIGINT, SIGTERM and SIGHUP are blocked, before
 * the slot is armed; the handler reads only armed slots. unlink, signal and raise are
 * async-signal-safe. Two outputs can be open at once (-o and --write-baseline). */
#define SIGNAL_TEMPS 4
static char signal_temp[SIGNAL_TEMPS][sizeof(((struct p1c_output *)0)->temp)];
static volatile sig_atomic_t signal_temp_armed[SIGNAL_TEMPS];

static void remove_temp_and_die(int sig)
{
	for (int i = 0; i < SIGNAL_TEMPS; i++)
		if (signal_temp_armed[i])
			unlink(signal_temp[i]);
	signal(sig, SIG_DFL);
	raise(sig); /* delivered when the handler returns: the default action, with its status */
}

/* The signals that end a run: SIGINT, SIGTERM, SIGHUP, and the ones a crash raises, so that even a
 * bug leaves no temp file behind. Under AddressSanitizer its own SIGSEGV/SIGBUS/SIGFPE
 * report is kept instead (it exits through abort, which is caught). */
#if defined(__SANITIZE_ADDRESS__)
#define P1C_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define P1C_ASAN 1
#endif
#endif
#ifdef P1C_ASAN
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGABRT};
#else
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE,
				      SIGILL};
#endif

static void block_signals(bool block, sigset_t *saved)
{
	if (block) {
		sigset_t set;
		sigemptyset(&set);
		for (size_t i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++)
			sigaddset(&set, cleanup_signals[i]);
		sigprocmask(SIG_BLOCK, &set, saved);
	} else {
		sigprocmask(SIG_SETMASK, saved, NULL);
	}
}

/* Catches the signals that end a run (one that was ignored, as SIGINT is for a background
 * job of a non-interactive shell, stays ignored) and arms a slot for temp. Called with
 * them blocked. Returns the slot, or -1 when all are in use (the file
 * is then not cleaned up). */
static int arm_cleanup(const char *temp)
{
	const int *sigs = cleanup_signals;
	int slot = 0;
	while (slot < SIGNAL_TEMPS && signal_temp_armed[slot])
		slot++;
	if (slot == SIGNAL_TEMPS)
		return -1;
	snprintf(signal_temp[slot], sizeof(signal_temp[slot]), "%s", temp);
	signal_temp_armed[slot] = 1;
	for (size_t i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++) {
		struct sigaction old, act;
		if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
			continue;
		memset(&act, 0, sizeof(act));
		act.sa_handler = remove_temp_and_die;
		sigemptyset(&act.sa_mask);
		sigaction(sigs[i], &act, NULL);
	}
	return slot;
}

/* Follows the symbolic links of path (at most 40, as path_resolution(7) allows) into target.
 * Returns false when the chain passes through /proc or /dev/fd (a descriptor's magic link:
 * its name is not a path to rename over) or cannot be followed; the caller then writes in
 * place. A dangling link yields the name its last link points to. */
static bool follow_links(const char *path, char *target, size_t size)
{
	if ((size_t)snprintf(target, size, "%s", path) >= size)
		return false;
	for (int hops = 0; hops < 40; hops++) {
		if (!strncmp(target, "/proc/", 6) || !strncmp(target, "/dev/fd/", 8) ||
		    !strncmp(target, "/dev/std", 8))
			return false;
		struct stat st;
		if (lstat(target, &st) != 0)
			return errno == ENOENT;
		if (!S_ISLNK(st.st_mode))
			return true;
		char link[sizeof(((struct p1c_output *)0)->temp)];
		ssize_t n = readlink(target, link, sizeof(link) - 1);
		if (n < 0 || (size_t)n >= sizeof(link) - 1)
			return false;
		link[n] = '\0';
		const char *slash = strrchr(target, '/');
		int dir_len = link[0] == '/' || !slash ? 0 : (int)(slash - target + 1);
		char joined[sizeof(link)];
		if ((size_t)snprintf(joined, sizeof(joined), "%.*s%s", dir_len, target, link) >= sizeof(joined))
			return false;
		memcpy(target, joined, strlen(joined) + 1);
	}
	return false;
}

/* Writes in place: a character device, FIFO, socket or descriptor name must stay what it is. */
static bool open_in_place(struct p1c_output *out, char *msg, size_t msg_size)
{
	int fd = open(out->path, O_WRONLY | O_NOCTTY | O_TRUNC);
	if (fd < 0 && errno == EINVAL) /* O_TRUNC on something that cannot be truncated */
		fd = open(out->path, O_WRONLY | O_NOCTTY);
	if (fd < 0 || !(out->file = fdopen(fd, "w"))) {
		snprintf(msg, msg_size, "cannot write %s: %s", out->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	out->in_place = true;
	return true;
}

/* The temp file next to the file it will replace, with that file's mode (and owner, when we
 * may set it), or the umask's default for a new file. */
static bool open_temp(struct p1c_output *out, const struct stat *existing, char *msg, size_t msg_size)
{
	const char *slash = strrchr(out->target, '/');
	int dir_len = slash ? (int)(slash - out->target + 1) : 0;
	int n = snprintf(out->temp, sizeof(out->temp), "%.*s.%s.XXXXXX", dir_len, out->target,
			 slash ? slash + 1 : out->target);
	if (n < 0 || (size_t)n >= sizeof(out->temp)) {
		snprintf(msg, msg_size, "%s: path too long", out->path);
		return false;
	}
	sigset_t saved;
	block_signals(true, &saved); /* no window between creating the file and arming */
	int fd = mkstemp(out->temp);
	int e = errno;
	if (fd >= 0)
		out->signal_slot = arm_cleanup(out->temp);
	block_signals(false, &saved);
	if (fd < 0) {
		snprintf(msg, msg_size, "cannot create a temporary file for %s: %s", out->path, strerror(e));
		return false;
	}
	mode_t mode;
	if (existing) {
		mode = existing->st_mode & 07777;
		if (fchown(fd, existing->st_uid, existing->st_gid) != 0)
			mode &= 0777; /* never keep set-id bits for another owner */
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(fd, mode) != 0 || !(out->file = fdopen(fd, "w"))) {
		snprintf(msg, msg_size, "%s: %s", out->temp, strerror(errno));
		close(fd);
		out->file = NULL;
		p1c_output_commit(out, false, NULL, 0);
		return false;
	}
	return true;
}

bool p1c_output_open(struct p1c_output *out, const char *path, char *msg, size_t msg_size)
{
	memset(out, 0, sizeof(*out));
	out->path = path;
	out->signal_slot = -1;
	if (!path) {
		out->file = stdout;
		return true;
	}
	if (!follow_links(path, out->target, sizeof(out->target)))
		return open_in_place(out, msg, msg_size);
	struct stat st;
	if (stat(out->target, &st) != 0) {
		if (errno != ENOENT) {
			snprintf(msg, msg_size, "cannot write %s: %s", path, strerror(errno));
			return false;
		}
		return open_temp(out, NULL, msg, msg_size);
	}
	if (!S_ISREG(st.st_mode))
		return open_in_place(out, msg, msg_size);
	return open_temp(out, &st, msg, msg_size);
}

static bool commit_stdout(bool ok, char *msg, size_t msg_size)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		snprintf(msg, msg_size, "error writing standard output: %s", strerror(errno));
		return false;
	}
	if (!ok)
		snprintf(msg, msg_size, "error writing the report to standard output");
	return ok;
}

/* Renames the complete temp file over the target, or removes it; signals are held off
 * meanwhile so that the handler never races the rename. Returns 0 or an errno value. */
static int finish_temp(const struct p1c_output *out, bool keep)
{
	sigset_t saved;
	int e = 0;
	block_signals(true, &saved);
	if (keep && rename(out->temp, out->target) != 0)
		e = errno ? errno : EIO;
	if (!keep || e)
		unlink(out->temp);
	if (out->signal_slot >= 0)
		signal_temp_armed[out->signal_slot] = 0;
	block_signals(false, &saved);
	return e;
}

bool p1c_output_commit(struct p1c_output *out, bool ok, char *msg, size_t msg_size)
{
	if (!out->path)
		return commit_stdout(ok, msg, msg_size);
	int saved = 0;
	if (out->file) {
		errno = 0;
		if (fflush(out->file) != 0 || ferror(out->file) ||
		    (!out->in_place && fsync(fileno(out->file)) != 0))
			saved = errno ? errno : EIO;
		if (fclose(out->file) != 0 && !saved)
			saved = errno ? errno : EIO;
		out->file = NULL;
	}
	int renamed = out->in_place ? 0 : finish_temp(out, ok && !saved);
	if (ok && !saved && !renamed)
		return true;
	if (!msg)
		return false;
	if (saved || renamed)
		snprintf(msg, msg_size, "cannot write %s: %s", out->path, strerror(saved ? saved : renamed));
	else
		snprintf(msg, msg_size, "cannot write %s: the report could not be produced", out->path);
	return false;
}
