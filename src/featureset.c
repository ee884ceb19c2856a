/* Feature names and descriptions (features.def). */
#include "featureset.h"

#include <string.h>

static const char *const feature_names[] = {
#define FEATURE(id, name, desc) name,
#include "features.def"
#undef FEATURE
};

static const char *const feature_descriptions[] = {
#define FEATURE(id, name, desc) desc,
#include "features.def"
#undef FEATURE
};

const char *p1c_feature_name(enum p1c_feature f)
{
	return (unsigned)f < P1C_FEATURE_COUNT ? feature_names[f] : NULL;
}

const char *p1c_feature_description(enum p1c_feature f)
{
	return (unsigned)f < P1C_FEATURE_COUNT ? feature_descriptions[f] : NULL;
}

int p1c_feature_lookup(const char *name)
{
	for (int f = 0; name && f < P1C_FEATURE_COUNT; f++) {
		if (strcmp(feature_names[f], name) == 0)
			return f;
	}
	return -1;
}

const char *p1c_evidence_name(enum p1c_evidence e)
{
	static const char *const names[] = {"opcode", "section", "limits", "type", "import",
					    "export", "segment", "constexpr", "custom-section",
					    "preamble"};
	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : NULL;
}

void p1c_features_init(struct p1c_feature_set *set)
{
	memset(set, 0, sizeof(*set));
}

void p1c_features_on_event(struct p1c_feature_set *set, const struct p1c_code_event *ev)
{
	if (ev->kind != P1C_EV_FEATURE || ev->feature < 0 || ev->feature >= P1C_FEATURE_COUNT)
		return;
	struct p1c_feature_use *use = &set->use[ev->feature];
	if (use->count == 0 || ev->offset < use->first_offset) {
		use->first_offset = ev->offset;
		use->first_func = ev->func;
		use->evidence = P1C_EVIDENCE_OPCODE;
		use->detail = p1c_op_name(ev->op);
	}
	if (use->count < UINT32_MAX)
		use->count++;
}
