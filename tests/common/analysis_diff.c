/* See analysis_diff.h. */
#include "analysis_diff.h"

#include <stdio.h>
#include <string.h>

static const char *use_diff(int f, const struct p1c_feature_use *a, const struct p1c_feature_use *b,
			    char *buf, size_t size)
{
	if (a->count == b->count && a->first_offset == b->first_offset &&
	    a->first_func == b->first_func && a->evidence == b->evidence && a->detail == b->detail)
		return NULL;
	snprintf(buf, size, "feature %d: %u uses from 0x%llx in one, %u from 0x%llx in the other", f,
		 a->count, (unsigned long long)a->first_offset, b->count,
		 (unsigned long long)b->first_offset);
	return buf;
}

static const char *errors_diff(const struct p1c_analysis *a, const struct p1c_analysis *b, char *buf,
			       size_t size)
{
	if (a->nbody_errors != b->nbody_errors || a->nbody_errors_kept != b->nbody_errors_kept) {
		snprintf(buf, size, "%u body errors in one, %u in the other", a->nbody_errors,
			 b->nbody_errors);
		return buf;
	}
	for (uint32_t i = 0; i < a->nbody_errors_kept; i++) {
		const struct p1c_error *x = &a->body_errors[i], *y = &b->body_errors[i];
		if (x->code == y->code && x->offset == y->offset && x->item == y->item &&
		    strcmp(x->msg, y->msg) == 0)
			continue;
		snprintf(buf, size, "body error %u: %s at 0x%llx in one, %s at 0x%llx in the other", i,
			 x->msg, (unsigned long long)x->offset, y->msg, (unsigned long long)y->offset);
		return buf;
	}
	return NULL;
}

static bool same_u32s(const uint32_t *a, const uint32_t *b, size_t n)
{
	return n == 0 || memcmp(a, b, n * sizeof(*a)) == 0;
}

static const char *graph_diff(const struct p1c_callgraph *a, const struct p1c_callgraph *b, char *buf,
			      size_t size)
{
	if (!a || !b) {
		if (a == b)
			return NULL;
		snprintf(buf, size, "a call graph in %s only", a ? "one" : "the other");
		return buf;
	}
	if (a->nfuncs != b->nfuncs || a->nnodes != b->nnodes || a->naddress_taken != b->naddress_taken ||
	    a->nindirect_sites != b->nindirect_sites) {
		snprintf(buf, size, "graph sizes differ: %u/%u nodes", a->nnodes, b->nnodes);
		return buf;
	}
	uint32_t nedges = a->edge_start[a->nnodes];
	if (same_u32s(a->edge_start, b->edge_start, (size_t)a->nnodes + 1) &&
	    same_u32s(a->edge_to, b->edge_to, nedges) &&
	    same_u32s(a->node_type, b->node_type, a->nnodes - a->nfuncs) &&
	    memcmp(a->node_kind, b->node_kind, a->nnodes) == 0 &&
	    memcmp(a->edge_sure, b->edge_sure, (nedges + 7) / 8) == 0)
		return NULL;
	snprintf(buf, size, "graph edges differ (%u edges)", nedges);
	return buf;
}

const char *analysis_diff(const struct p1c_analysis *a, const struct p1c_analysis *b, char *buf,
			  size_t size)
{
	const char *diff = NULL;
	for (int f = 0; f < P1C_FEATURE_COUNT && !diff; f++)
		diff = use_diff(f, &a->features.use[f], &b->features.use[f], buf, size);
	if (!diff)
		diff = use_diff(-1, &a->features.eh_shared, &b->features.eh_shared, buf, size);
	if (!diff)
		diff = errors_diff(a, b, buf, size);
	return diff ? diff : graph_diff(a->cg, b->cg, buf, size);
}
