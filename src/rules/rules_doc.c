/* The rules' documentation (rules_doc.def), rule lookup by id or slug, and what a rule means on
 * one profile (for --explain). No output: the reporters format it. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rules/rules.h"

static const struct p1c_rule_doc rule_docs[] = {
#define RULE_DOC(id, tags, precision, checks, bites, fix, example) \
	{tags, precision, checks, bites, fix, example},
#include "rules/rules_doc.def"
#undef RULE_DOC
};

_Static_assert(sizeof(rule_docs) / sizeof(rule_docs[0]) == P1C_RULE_COUNT,
	       "rules_doc.def needs one entry per rule of rules.def");

const struct p1c_rule_doc *p1c_rule_doc(enum p1c_rule rule) { return &rule_docs[rule]; }

bool p1c_rule_lookup(const char *name, enum p1c_rule *out)
{
	for (int r = 0; r < P1C_RULE_COUNT; r++) {
		enum p1c_rule rule = (enum p1c_rule)r;
		if (strcasecmp(name, p1c_rule_id(rule)) == 0 || strcmp(name, p1c_rule_slug(rule)) == 0) {
			*out = rule;
			return true;
		}
	}
	return false;
}

/* "a, b, c" of the features the profile leaves out; false when it allows every one. */
static bool features_left_out(const struct p1c_profile *p, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int f = 0; f < P1C_FEATURE_COUNT; f++) {
		if (f == P1C_FEATURE_COMPONENT_MODEL || p1c_profile_feature_allowed(p, (enum p1c_feature)f))
			continue;
		int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
				 p1c_feature_name((enum p1c_feature)f));
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return used > 0;
}

static bool any_limit(const struct p1c_profile_limits *l)
{
	for (int i = 0; i < P1C_LIMIT_COUNT; i++)
		if (p1c_limit_get(l, (enum p1c_limit_id)i) != P1C_LIMIT_UNSET)
			return true;
	return false;
}

static const char *import_bites(const struct p1c_profile *p)
{
	return p->unresolved == P1C_UNRESOLVED_LINK_ERROR
		       ? "instantiate (link-error runtime): an error, reachable or not"
		       : "call when a root reaches it, instantiate when an init root does (errors); "
			 "never when nothing does (a warning)";
}

static const char *stage_word(uint8_t stage)
{
	return p1c_stage_name((enum p1c_stage)stage) ? p1c_stage_name((enum p1c_stage)stage) : "load";
}

static const char *kind_bites(const struct p1c_profile *p)
{
	switch (p->kind) {
	case P1C_KIND_COMMAND:
		return "call, for a module without an entry point (an error: the run fails)";
	case P1C_KIND_COMMAND_OR_REACTOR:
		return "call, for a library (a warning: a host that runs its entry point fails)";
	case P1C_KIND_REACTOR:
		return "never, for a command (a warning: its _start never runs)";
	case P1C_KIND_ANY:
		break;
	}
	return "never for the module's kind";
}

/* The shape rules' answer on p, or NULL for a rule that is not a shape rule. */
static const char *shape_bites(enum p1c_rule rule, const struct p1c_profile *p, char *buf, size_t size)
{
	switch (rule) {
	case P1C_RULE_P1C030:
		return p->start_and_initialize == P1C_BOTH_REFUSE
			       ? "call: the host refuses a module exporting both (an error)"
			       : "never: the runtime runs _start, and _initialize when its init sequence says so "
				 "(a warning)";
	case P1C_RULE_P1C031:
		snprintf(buf, size, "%s; %s", kind_bites(p), p->nentry_checks
			 ? "an entry export failing module.entry-checks where the check says (an error)"
			 : "entry exports are not checked");
		return buf;
	case P1C_RULE_P1C032:
		if (!p->memory_export_required)
			return "never: memory-export is not required";
		snprintf(buf, size, "%s", stage_word(p->memory_export_bites));
		return buf;
	case P1C_RULE_P1C033:
		return p->nrequired_exports ? "instantiate, for the exports the profile requires"
					    : "never: the profile requires no export";
	case P1C_RULE_P1C035:
		return "never (a warning)";
	case P1C_RULE_P1C036:
		for (uint32_t i = 0; i < p->ninit; i++)
			if (p->init[i].wasi_unavailable)
				return "instantiate, for a WASI call reachable from an init step that runs before "
				       "WASI is set up (an error)";
		return "never: WASI is set up before anything runs";
	case P1C_RULE_P1C037:
		for (uint32_t i = 0; i < p->ninit; i++)
			if (p->init[i].proc_exit == P1C_EXIT_FAILS_INSTANTIATE)
				return "instantiate, for a proc_exit reachable from an init step the runtime runs "
				       "while instantiating: the exit fails instantiation (an error)";
		for (uint32_t i = 0; i < p->ninit; i++)
			if (p->init[i].proc_exit == P1C_EXIT_FAILS)
				return "call, for a proc_exit reachable from an init step whose host call fails "
				       "when the module exits (an error)";
		return "never: an exit during initialisation ends the module as asked";
	default:
		return NULL;
	}
}

void p1c_rule_bites_on(enum p1c_rule rule, const struct p1c_profile *p, char *buf, size_t size)
{
	char features[512], shape_buf[256];
	const char *shape = shape_bites(rule, p, shape_buf, sizeof(shape_buf));
	const char *text = "load";
	if (shape)
		text = shape;
	else if (rule == P1C_RULE_P1C012 && p->import_types_coerced)
		text = "never: the host links a mistyped import and coerces its arguments (a warning)";
	else if (rule == P1C_RULE_P1C010 || rule == P1C_RULE_P1C011 || rule == P1C_RULE_P1C012)
		text = import_bites(p);
	else if (rule == P1C_RULE_P1C013)
		text = "instantiate";
	else if (rule == P1C_RULE_P1C034 || rule == P1C_RULE_P1C060)
		text = "never";
	else if (rule == P1C_RULE_P1C050)
		text = "with --baseline only (a gate, not a runtime failure)";
	else if (rule == P1C_RULE_P1C040)
		text = any_limit(&p->limits) ? "instantiate, over the profile's limits"
					     : "never: the profile sets no limits";
	if (rule == P1C_RULE_P1C020) {
		if (features_left_out(p, features, sizeof(features)))
			snprintf(buf, size, "load, for %s", features);
		else
			snprintf(buf, size, "never: the profile allows every feature");
		return;
	}
	snprintf(buf, size, "%s", text);
}
