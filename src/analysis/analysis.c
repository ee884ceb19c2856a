/* One pass over every function body. A module with many bytes of code is walked on two
 * threads: this one takes the first half of the bodies, a helper the second, recording what it
 * sees; its record is then replayed into the call graph builder after the first half, so the
 * builder gets what one walk in function order would give it, and the report is the same. */
#include "analysis/analysis.h"

#include <pthread.h>
#include <string.h>

#include "base/caps.h"
#include "wasm/code.h"

#define CALL_BATCH 512u /* direct calls a sink holds before it flushes */

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

/* Functions [from, to) into the builder, in order. */
static void walk_bodies(const struct p1c_module *m, uint32_t from, uint32_t to, struct walk *w)
{
	struct p1c_call batch[CALL_BATCH];
	struct p1c_call_sink calls = {p1c_cg_on_calls, w->cg, batch, CALL_BATCH, 0};
	struct p1c_error err;
	for (uint32_t func = from; func < to; func++)
		if (!p1c_code_walk_validate_calls(m, func, on_event, w, &calls, &err))
			keep_body_error(w->analysis, &err);
	p1c_call_sink_flush(&calls);
}

/* ---- the helper thread's half: recorded, then replayed ---- */

/* What the helper records, in order: the direct calls as its sink flushes them, every other
 * event (feature uses too), and its body errors, into buffers taken from the arena before it
 * starts (it allocates nothing). When a buffer runs out in a body, what that body gave is taken
 * back and the helper stops before it (`done`): this thread walks the rest. */
struct half {
	const struct p1c_module *m;
	uint32_t from, to, done;
	struct p1c_call *calls;
	size_t ncalls, calls_cap;
	struct p1c_code_event *events;
	size_t nevents, events_cap;
	bool full;                     /* a buffer ran out in the current body */
	struct p1c_analysis seen;      /* body errors only */
	struct p1c_error errors[P1C_MAX_WARNINGS];
};

static void record_calls(void *user, const struct p1c_call *calls, uint32_t count)
{
	struct half *h = user;
	if (count > h->calls_cap - h->ncalls) {
		h->full = true;
		return;
	}
	memcpy(h->calls + h->ncalls, calls, count * sizeof(*calls));
	h->ncalls += count;
}

static void record_event(void *user, const struct p1c_code_event *ev)
{
	struct half *h = user;
	if (h->nevents < h->events_cap)
		h->events[h->nevents++] = *ev;
	else
		h->full = true;
}

static void *walk_half(void *arg)
{
	struct half *h = arg;
	struct p1c_call batch[CALL_BATCH];
	struct p1c_call_sink calls = {record_calls, h, batch, CALL_BATCH, 0};
	struct p1c_error err;
	for (h->done = h->from; h->done < h->to; h->done++) {
		size_t ncalls = h->ncalls, nevents = h->nevents;
		bool ok = p1c_code_walk_validate_calls(h->m, h->done, record_event, h, &calls, &err);
		p1c_call_sink_flush(&calls); /* this body's calls, before it is judged whole */
		if (h->full) {
			h->ncalls = ncalls;
			h->nevents = nevents;
			break;
		}
		if (!ok)
			keep_body_error(&h->seen, &err);
	}
	return NULL;
}

/* What the helper saw, as the walk in order would have delivered it after the first half. */
static void replay_half(const struct half *h, struct walk *w)
{
	for (size_t i = 0; i < h->ncalls; i += CALL_BATCH)
		p1c_cg_on_calls(w->cg, h->calls + i,
				(uint32_t)(h->ncalls - i < CALL_BATCH ? h->ncalls - i : CALL_BATCH));
	for (size_t i = 0; i < h->nevents; i++)
		on_event(w, &h->events[i]);
	struct p1c_analysis *a = w->analysis;
	for (uint32_t i = 0; i < h->seen.nbody_errors_kept && a->nbody_errors_kept < P1C_MAX_WARNINGS; i++)
		a->body_errors[a->nbody_errors_kept++] = h->errors[i];
	a->nbody_errors += h->seen.nbody_errors;
}

static uint32_t body_bytes(const struct p1c_body *b)
{
	return b->end > b->code_offset ? b->end - b->code_offset : 0;
}

/* The first function of the second half of the code bytes, *rest: that half's bytes; nfuncs
 * when the code is too small to share. */
static uint32_t split_point(const struct p1c_module *m, uint64_t min_shared, uint64_t *rest)
{
	if (m->nbodies < 2)
		return m->nfuncs;
	uint64_t total = 0;
	for (uint32_t i = 0; i < m->nbodies; i++)
		total += body_bytes(&m->bodies[i]);
	if (total < min_shared)
		return m->nfuncs;
	uint64_t sum = 0;
	uint32_t i = 0;
	while (i + 1 < m->nbodies && sum < total / 2)
		sum += body_bytes(&m->bodies[i++]);
	*rest = total - sum;
	return m->nfunc_imports + i;
}

/* Walks [split, nfuncs) (bytes of code) on a helper thread while this one walks the first
 * half; false when that cannot be arranged (the caller walks it all). The helper's buffers hold the calls its
 * half can have (a call takes two bytes at least) and an event per 8 bytes, far more than code
 * has (rspack: one per 144): arena memory that costs pages only as it is written. */
static bool walk_shared(const struct p1c_module *m, uint32_t split, uint64_t bytes,
			struct p1c_arena *arena, struct walk *w)
{
	struct half h;
	memset(&h, 0, sizeof(h));
	h.m = m;
	h.from = split;
	h.to = m->nfuncs;
	h.seen.body_errors = h.errors;
	h.calls_cap = (size_t)(bytes / 2 + 1);
	h.events_cap = (size_t)(bytes / 8 + 64);
	h.calls = p1c_arena_scratch(arena, h.calls_cap, sizeof(*h.calls));
	h.events = p1c_arena_scratch(arena, h.events_cap, sizeof(*h.events));
	pthread_t helper;
	bool started = h.calls && h.events && pthread_create(&helper, NULL, walk_half, &h) == 0;
	if (started) {
		walk_bodies(m, m->nfunc_imports, split, w);
		pthread_join(helper, NULL);
		replay_half(&h, w);
		walk_bodies(m, h.done, m->nfuncs, w); /* where the helper stopped, if it did */
	}
	p1c_arena_scratch_free(arena, h.events, h.events_cap, sizeof(*h.events));
	p1c_arena_scratch_free(arena, h.calls, h.calls_cap, sizeof(*h.calls));
	return started;
}

bool p1c_analyze(const struct p1c_module *m, struct p1c_arena *arena, struct p1c_analysis *out)
{
	return p1c_analyze_split(m, arena, out, P1C_PARALLEL_WALK_BYTES);
}

bool p1c_analyze_split(const struct p1c_module *m, struct p1c_arena *arena,
		       struct p1c_analysis *out, uint64_t min_shared)
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
	uint64_t rest = 0;
	uint32_t split = split_point(m, min_shared, &rest);
	if (split >= m->nfuncs || !walk_shared(m, split, rest, arena, &w))
		walk_bodies(m, m->nfunc_imports, m->nfuncs, &w);
	p1c_features_finish(&out->features);
	out->cg = p1c_cg_build(w.cg);
	return out->cg != NULL;
}
