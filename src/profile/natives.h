/* The `natives` scanner: reads an embedder's C sources and finds the host functions it
 * registers with WAMR (NativeSymbol array initializers and the wasm_runtime_register_natives
 * calls that name them), so they can be written as a profile. A careful scanner of C
 * initializers (comments, strings, #define macros that wrap the entries, #if 0), not a
 * compiler. No output: the command in cli/ prints what this returns. */
#ifndef P1C_NATIVES_H
#define P1C_NATIVES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

struct p1c_native {
	const char *module;    /* from the registration call */
	const char *name;      /* NativeSymbol.symbol */
	const char *signature; /* NativeSymbol.signature; "" when NULL (WAMR does not check) */
	const char *file;      /* where the entry is */
	uint32_t line;
	const char *array;     /* the NativeSymbol array */
	const char *reg_file;  /* where it is registered */
	uint32_t reg_line;
};

/* Something the scanner saw but could not use: said, never guessed. */
struct p1c_native_problem {
	const char *file;
	uint32_t line;
	const char *msg;
};

struct p1c_natives_array;
struct p1c_natives_reg;
struct p1c_natives_files;

struct p1c_natives {
	struct p1c_arena *arena;
	struct p1c_native *items; /* after p1c_natives_finish: in registration order */
	uint32_t nitems, capitems;
	struct p1c_native_problem *problems;
	uint32_t nproblems, capproblems;
	struct p1c_natives_array *arrays; /* collected over every file */
	uint32_t narrays, caparrays;
	struct p1c_natives_reg *regs;
	uint32_t nregs, capregs;
	struct p1c_natives_files *files; /* WAMR's macros, lexed once */
};

void p1c_natives_init(struct p1c_natives *n, struct p1c_arena *arena);
/* Scans one file's text (kept by reference: it must outlive n). False only when out of
 * memory or the text cannot be read as C (an unterminated comment or string): *err_line and
 * err say where and what. */
bool p1c_natives_scan(struct p1c_natives *n, const char *path, const char *text, size_t len,
		      uint32_t *err_line, char *err, size_t err_size);
/* Pairs arrays with registrations across all scanned files: fills items, and a problem for
 * every array no registration names and every registration of an unknown array. */
bool p1c_natives_finish(struct p1c_natives *n);

#endif
