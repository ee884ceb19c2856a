/* P1C040: sizes and counts over the profile's limits. */
#include <inttypes.h>
#include <stdio.h>

#include "rules/rules_internal.h"

static uint64_t pages_to_bytes(uint64_t pages, uint32_t log2)
{
	if (log2 >= 64 || pages > (UINT64_MAX >> log2))
		return UINT64_MAX;
	return pages << log2;
}

/* "16 MiB" when exact, else the byte count. */
static const char *size_text(struct rules_ctx *ctx, uint64_t bytes)
{
	uint64_t n;
	const char *unit = p1c_size_unit(bytes, &n);
	return rules_text(ctx, p1c_arena_printf(ctx->arena, "%" PRIu64 " %s", n,
						unit ? unit : "bytes"));
}

/* The value of a limit as the finding writes it: a size or a plain count (limits.def). */
static const char *limit_text(struct rules_ctx *ctx, enum p1c_limit_id id)
{
	uint64_t v = p1c_limit_get(&ctx->profile->limits, id);
	if (p1c_limit_is_size(id))
		return size_text(ctx, v);
	return rules_text(ctx, p1c_arena_printf(ctx->arena, "%" PRIu64, v));
}

static void over(struct rules_ctx *ctx, uint64_t offset, int section, const char *what,
		 const char *have, enum p1c_limit_id id)
{
	struct p1c_finding *f = rules_add(ctx, P1C_RULE_P1C040, offset, section);
	if (!f)
		return;
	f->has_offset = true;
	f->bites = P1C_BITES_INSTANTIATE;
	rules_subject(f, P1C_SUBJECT_LIMIT, p1c_limit_key(id));
	f->message = rules_printf(ctx, "%s %s exceeds the profile's %s (%s)", what, have,
				  p1c_limit_key(id), limit_text(ctx, id));
}

static void check_memory_limits(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	const struct p1c_profile_limits *lim = &ctx->profile->limits;
	for (uint32_t i = 0; i < m->nmemories; i++) {
		const struct p1c_memory *mem = &m->memories[i];
		int section = mem->imported ? P1C_SEC_IMPORT : P1C_SEC_MEMORY;
		uint64_t initial = pages_to_bytes(mem->limits.min, mem->limits.page_size_log2);
		char what[64];
		snprintf(what, sizeof(what), "memory[%u]", i);
		if (lim->max_initial_memory != P1C_LIMIT_UNSET && initial > lim->max_initial_memory)
			over(ctx, mem->offset, section, what,
			     rules_text(ctx, p1c_arena_printf(ctx->arena, "initial size %s (%" PRIu64 " pages)",
							      size_text(ctx, initial), mem->limits.min)),
			     P1C_LIMIT_INITIAL_MEMORY);
		if (!mem->limits.has_max || lim->max_memory == P1C_LIMIT_UNSET)
			continue;
		uint64_t maximum = pages_to_bytes(mem->limits.max, mem->limits.page_size_log2);
		if (maximum > lim->max_memory)
			over(ctx, mem->offset, section, what,
			     rules_text(ctx, p1c_arena_printf(ctx->arena, "maximum size %s (%" PRIu64 " pages)",
							      size_text(ctx, maximum), mem->limits.max)),
			     P1C_LIMIT_MEMORY);
	}
}

static void check_table_limits(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	uint64_t limit = ctx->profile->limits.max_table_elements;
	if (limit == P1C_LIMIT_UNSET)
		return;
	for (uint32_t i = 0; i < m->ntables; i++) {
		const struct p1c_table *t = &m->tables[i];
		if (t->type.limits.min <= limit)
			continue;
		char what[64];
		snprintf(what, sizeof(what), "table[%u]", i);
		over(ctx, t->offset, t->imported ? P1C_SEC_IMPORT : P1C_SEC_TABLE, what,
		     rules_text(ctx, p1c_arena_printf(ctx->arena, "initial size %" PRIu64 " elements",
						      t->type.limits.min)),
		     P1C_LIMIT_TABLE_ELEMENTS);
	}
}

static void check_module_sizes(struct rules_ctx *ctx)
{
	const struct p1c_module *m = ctx->module;
	const struct p1c_profile_limits *lim = &ctx->profile->limits;
	uint64_t defined = m->nfuncs - m->nfunc_imports;
	if (lim->max_code_size != P1C_LIMIT_UNSET && m->code_size > lim->max_code_size)
		over(ctx, rules_section_offset(m, P1C_SEC_CODE), P1C_SEC_CODE, "code section",
		     size_text(ctx, m->code_size), P1C_LIMIT_CODE_SIZE);
	if (lim->max_functions != P1C_LIMIT_UNSET && defined > lim->max_functions)
		over(ctx, rules_section_offset(m, P1C_SEC_FUNCTION), P1C_SEC_FUNCTION, "defined functions:",
		     rules_text(ctx, p1c_arena_printf(ctx->arena, "%" PRIu64, defined)),
		     P1C_LIMIT_FUNCTIONS);
	if (lim->max_data_size != P1C_LIMIT_UNSET && m->data_size > lim->max_data_size)
		over(ctx, rules_section_offset(m, P1C_SEC_DATA), P1C_SEC_DATA, "data segments:",
		     size_text(ctx, m->data_size), P1C_LIMIT_DATA_SIZE);
}

void check_limits(struct rules_ctx *ctx)
{
	check_memory_limits(ctx);
	check_table_limits(ctx);
	check_module_sizes(ctx);
}
