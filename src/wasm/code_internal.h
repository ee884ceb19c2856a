/* Shared by code.c and code_validate.c only. */
#ifndef P1C_CODE_INTERNAL_H
#define P1C_CODE_INTERNAL_H

#include "wasm/code.h"

/* Range checks of one decoded instruction (code_validate.c): false with the iterator's error
 * set (P1C_ERR_INVALID, or P1C_ERR_MALFORMED for a data index without a data count section). */
bool p1c_code_validate(struct p1c_code_iter *it, const struct p1c_insn *in);

#endif
