/* The post-MVP features (features.def): one enum for every layer, with names and descriptions. */
#ifndef P1C_FEATURES_H
#define P1C_FEATURES_H

enum p1c_feature {
	P1C_FEATURE_NONE = -1, /* an MVP instruction (opcodes.def rows with feature NONE) */
#define FEATURE(id, name, desc) P1C_FEATURE_##id,
#include "wasm/features.def"
#undef FEATURE
	P1C_FEATURE_COUNT
};

const char *p1c_feature_name(enum p1c_feature f);
const char *p1c_feature_description(enum p1c_feature f);
/* -1 when unknown. */
int p1c_feature_lookup(const char *name);

#endif
