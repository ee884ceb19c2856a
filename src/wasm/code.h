/* Instruction decoding: walks one function body by immediate kind (opcodes.def) and reports
 * what the call graph and the feature rules need to a visitor. No output. */
#ifndef P1C_CODE_H
#define P1C_CODE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "wasm/module.h"
#include "base/reader.h"
#include "wasm/opcodes.h"

enum p1c_code_event_kind {
	P1C_EV_CALL,                 /* call / return_call: target = function index */
	P1C_EV_CALL_INDIRECT,        /* call_indirect / return_call_indirect: type, table */
	P1C_EV_CALL_REF,             /* call_ref / return_call_ref: type */
	P1C_EV_REF_FUNC,             /* ref.func: target = function index (address taken) */
	P1C_EV_TABLE_WRITE,          /* table.set/grow/fill/copy(dst)/init: table */
	P1C_EV_FEATURE,              /* an instruction or immediate that needs a post-MVP feature */
};

struct p1c_code_event {
	enum p1c_code_event_kind kind;
	uint64_t offset;     /* absolute offset of the instruction's first byte */
	uint32_t func;       /* function being decoded (function index space) */
	enum p1c_op op;      /* the instruction */
	bool tail;           /* return_call* */
	uint32_t target;     /* CALL, REF_FUNC: function index */
	uint32_t type_index; /* CALL_INDIRECT, CALL_REF */
	uint32_t table;      /* CALL_INDIRECT, TABLE_WRITE */
	int feature;         /* FEATURE: enum p1c_feature value (features.def order) */
	bool overlong_table; /* CALL_INDIRECT and its FEATURE events: table index in >1 byte */
	bool certain;        /* the instruction runs on every run of its function (p1c_insn) */
};

typedef void (*p1c_code_visit_fn)(void *user, const struct p1c_code_event *ev);

/* Decode the body of defined function `func` (nfunc_imports <= func < nfuncs). On an unknown
 * opcode or a truncated immediate returns false with err set (offset, section code, item =
 * func); events already delivered stand. */
bool p1c_code_walk(const struct p1c_module *m, uint32_t func, p1c_code_visit_fn visit, void *user,
		   struct p1c_error *err);
/* The same, validating what is cheap as it goes (code_validate.c: index ranges against the
 * module, labels, alignment, lanes, the data count rule): such an error has code
 * P1C_ERR_INVALID (P1C_ERR_MALFORMED for the data count rule). */
bool p1c_code_walk_validate(const struct p1c_module *m, uint32_t func, p1c_code_visit_fn visit,
			    void *user, struct p1c_error *err);

/* Direct calls (call, return_call) in bulk, for a consumer that takes them by the million (the
 * call graph): a walk given a sink appends each one to calls instead of delivering a
 * P1C_EV_CALL event, and hands calls to flush whenever all cap of them are used, in the order
 * of the walks and of the calls in each body. A target the module does not have (index >=
 * nfuncs, which is below P1C_CALL_SURE) is left out. count is 0 before the first walk; after
 * the last, p1c_call_sink_flush hands over the rest. */
#define P1C_CALL_SURE 0x80000000u
struct p1c_call {
	uint32_t caller;
	uint32_t target; /* | P1C_CALL_SURE when the site always runs (p1c_insn.certain) */
};
struct p1c_call_sink {
	void (*flush)(void *user, const struct p1c_call *calls, uint32_t count);
	void *user;
	struct p1c_call *calls; /* cap >= 1 entries, the caller's */
	uint32_t cap, count;
};
/* p1c_code_walk_validate with a sink for the direct calls. */
bool p1c_code_walk_validate_calls(const struct p1c_module *m, uint32_t func,
				  p1c_code_visit_fn visit, void *user, struct p1c_call_sink *sink,
				  struct p1c_error *err);
void p1c_call_sink_flush(struct p1c_call_sink *sink);

/* Instruction by instruction (p1c_code_walk is built on this; tests and tools can use it to
 * see every instruction). Indices, here and in events (call targets included), are as
 * encoded: the decoder does not range-check them against the module; consumers must.
 * One decoded instruction: */
struct p1c_insn {
	enum p1c_op op;
	uint64_t offset;      /* absolute offset of its first byte (the prefix byte for FB..FE) */
	uint64_t end;         /* one past its last byte */
	/* Immediates, by p1c_op_imm(op):
	 *   idx[0]: the index of every one-index kind (LABEL, DELEGATE, CALL*, REF_FUNC, LOCAL,
	 *     GLOBAL, TABLE, TABLE_WRITE, ELEM, DATA, MEM, TAG, TYPE); CALL_INDIRECT type, table;
	 *     two-index kinds in encoding order (TABLE_TABLE dst, src; ELEM_TABLE elem, table;
	 *     DATA_MEM data, mem; MEM_MEM dst, src; TYPE_FIELD/TYPE_TYPE/TYPE_U32/TYPE_DATA/
	 *     TYPE_ELEM type, second); BR_TABLE idx[0] = default label, idx[1] the largest other label (0 if none); BR_ON_CAST idx[0] = label, idx[1] = the target heap type's type index
	 *     (P1C_NO_INDEX when abstract);
	 *     MEMARG(_LANE) idx[0] = memidx, idx[1] = alignment exponent;
	 *     BLOCKTYPE/TRY_TABLE idx[0] = block type index, or P1C_NO_INDEX for a value type/empty.
	 *   value: MEMARG(_LANE) offset; I32/I64 the integer (sign-extended); F32/F64 raw bits;
	 *     BR_TABLE label count (default excluded); TRY_TABLE catch count; SELECT_T type count;
	 *     HEAPTYPE the s33 (type index >= 0, abstract < 0); BR_ON_CAST cast flags. */
	uint32_t idx[2];
	uint64_t value;
	uint8_t lane;         /* LANE, MEMARG_LANE */
	bool overlong_table;  /* CALL_INDIRECT kinds: table index LEB longer than one byte */
	const uint8_t *bytes; /* V128, SHUFFLE: the 16 bytes, in the input */
	uint32_t features;    /* bit (1u << P1C_FEATURE_x) per feature it needs: its row's and the
	                       * ones its immediates imply (multi-memory, multi-value...) */
	uint32_t depth;       /* blocks open after it, the body's own included (0 after the last) */
	/* Must-execute over structured control flow: it runs on every run of the function that
	 * does not trap or exit first. False inside an if or else arm or a catch arm, after a
	 * br_if/br_table/br_on_* that can skip it (up to the end of the block it targets, or the
	 * loop's end), after br, return, unreachable, a throw or a tail call (to the end of the
	 * branch target; of the body for the others), after a try_table with catch clauses;
	 * true again after the end of the block where the last such doubt ends. A loop's first
	 * iteration counts. */
	bool certain;
};

/* Iterator state; fields are private. */
struct p1c_code_iter {
	const struct p1c_module *m;
	struct p1c_reader r;
	struct p1c_loc loc;
	uint32_t func;
	uint32_t depth;
	uint32_t doubt;   /* the outermost open block whose rest may be skipped (depth), 0: none */
	uint32_t nlocals;  /* parameters + declared locals */
	bool failed;
};

/* Start at the first instruction of defined function func. False (err set) when func has no
 * body. err is cleared here and receives the first decode error of the walk. */
bool p1c_code_begin(struct p1c_code_iter *it, const struct p1c_module *m, uint32_t func,
		    struct p1c_error *err);
/* Decode the next instruction. False when there is none: after the body's final end
 * (it->failed false) or on a decode error (it->failed true, err filled). Linear time, no
 * allocation; block nesting is bounded by P1C_MAX_BLOCK_DEPTH. */
bool p1c_code_next(struct p1c_code_iter *it, struct p1c_insn *out);

#endif
