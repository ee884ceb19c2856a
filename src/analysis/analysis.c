#include "analysis/analysis.h"

#include <string.h>

#include "base/caps.h"
#include "wasm/code.h"

struct walk {
	struct p1c_analysis *analysis;
	struct p1c_cg_builder *cg;
};

static void on_event(void *user, const struct p1c_code_event *ev)
{
	struct walk *w = user;
	if (ev->kind == P1C_EV_FEATURE)
		p1c_features_on_event(&w->analysis->features, ev);
	else
		p1c_cg_on_event(w->cg, ev);
}

static void keep_body_error(struct p1c_analysis *a, const struct p1c_error *err)
{
	if (a->nbody_errors_kept < P1C_MAX_WARNINGS)
		a->body_errors[a->nbody_errors_kept++] = *err;
	a->nbody_errors++;
}

bool p1c_analyze(const struct p1c_module *m, struct p1c_arena *arena, struct p1c_analysis *out)
{
	memset(out, 0, sizeof(*out));
	out->body_errors = p1c_arena_array(arena, P1C_MAX_WARNINGS, sizeof(*out->body_errors));
	if (!out->body_errors)
		return false;
	p1c_features_init(&out->features);
	p1c_features_scan_module(m, &out->features);
	if (m->format != P1C_FORMAT_CORE)
		return true;
	struct walk w = {out, p1c_cg_builder_new(m, arena)};
	if (!w.cg)
		return false;
	struct p1c_call batch[512];
	struct p1c_call_sink calls = {p1c_cg_on_calls, w.cg, batch, 512, 0};
	struct p1c_error err;
	for (uint32_t func = m->nfunc_imports; func < m->nfuncs; func++)
		if (!p1c_code_walk_validate_calls(m, func, on_event, &w, &calls, &err))
			keep_body_error(out, &err);
	p1c_call_sink_flush(&calls);
	p1c_features_finish(&out->features);
	out->cg = p1c_cg_build(w.cg);
	return out->cg != NULL;
}
