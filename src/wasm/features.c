/* Feature names and descriptions (features.def). */
#include "wasm/features.h"

#include <string.h>

static const char *const feature_names[] = {
#define FEATURE(id, name, desc) name,
#include "wasm/features.def"
#undef FEATURE
};

static const char *const feature_descriptions[] = {
#define FEATURE(id, name, desc) desc,
#include "wasm/features.def"
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
