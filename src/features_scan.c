/* Feature evidence outside function bodies: sections, limits, types, imports, exports,
 * segments, constant expressions, custom sections. */
#include "featureset.h"

void p1c_features_scan_module(const struct p1c_module *m, struct p1c_feature_set *set)
{
	(void)m;
	(void)set; /* filled in by the feature-gating work (issue 4) */
}
