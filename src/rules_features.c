/* P1C020: one finding per feature the module uses and the profile's runtime lacks. */
#include "rules_internal.h"

void check_features(struct rules_ctx *ctx)
{
	(void)ctx; /* filled in by the feature-gating work (issue 4) */
}
