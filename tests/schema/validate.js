// Validates reports against their schemas (make check, through tests/schemas.sh):
//   node validate.js report SCHEMA FILE...   wasm-p1check-report/1 JSON reports
//   node validate.js sarif FILE...           SARIF 2.1.0 (the OASIS schema as shipped in
//                                            @microsoft/jest-sarif) plus what GitHub code
//                                            scanning needs of each result and rule
// Prints one line per invalid file and a closing "schemas: N passed, N failed" count.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");
const Ajv04 = require("ajv-draft-04");
const addFormats = require("ajv-formats");

const [mode, ...rest] = process.argv.slice(2);
let pass = 0, fail = 0;
function bad(file, msg) { fail++; console.log(`FAIL ${path.basename(file)}: ${msg}`); }

// What GitHub's SARIF upload requires or uses (docs: "SARIF support for code scanning").
function githubProblems(log) {
	const out = [];
	const run = log.runs && log.runs[0];
	if (!run) return ["no run"];
	const driver = run.tool.driver;
	if (!driver.informationUri) out.push("tool.driver.informationUri missing");
	for (const r of driver.rules || []) {
		for (const k of ["fullDescription", "help"])
			if (!r[k] || !r[k].text) out.push(`rule ${r.id}: ${k}.text missing`);
		if (!r.help || !r.help.markdown) out.push(`rule ${r.id}: help.markdown missing`);
		if (!r.defaultConfiguration || !r.defaultConfiguration.level) out.push(`rule ${r.id}: defaultConfiguration.level missing`);
		const p = r.properties || {};
		if (!Array.isArray(p.tags) || !p.tags.length) out.push(`rule ${r.id}: properties.tags missing`);
		if (!["very-high", "high", "medium", "low"].includes(p.precision)) out.push(`rule ${r.id}: properties.precision`);
	}
	if (!run.automationDetails || !run.automationDetails.id) out.push("automationDetails.id missing");
	const bases = run.originalUriBaseIds || {};
	(run.results || []).forEach((res, i) => {
		const loc = res.locations && res.locations[0] && res.locations[0].physicalLocation;
		if (!loc || !loc.artifactLocation || !loc.artifactLocation.uri) { out.push(`result ${i}: no physical location`); return; }
		const uri = loc.artifactLocation.uri;
		if (!/^([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})+$/.test(uri)) out.push(`result ${i}: uri not percent-encoded: ${uri}`);
		if (!/^[a-z][a-z0-9+.-]*:/.test(uri)) {
			if (!loc.artifactLocation.uriBaseId) out.push(`result ${i}: relative uri without uriBaseId`);
			else if (!bases[loc.artifactLocation.uriBaseId]) out.push(`result ${i}: uriBaseId not in originalUriBaseIds`);
		} else if (!uri.startsWith("file:///")) out.push(`result ${i}: absolute uri not file:///`);
		if (!loc.region || !(loc.region.startLine >= 1)) out.push(`result ${i}: region.startLine missing`);
		const fp = res.partialFingerprints || {};
		if (!fp.primaryLocationLineHash) out.push(`result ${i}: partialFingerprints.primaryLocationLineHash missing`);
	});
	return out;
}

function check(validate, files, extra) {
	for (const file of files) {
		let doc;
		try { doc = JSON.parse(fs.readFileSync(file, "utf8")); }
		catch (e) { bad(file, `not JSON: ${e.message}`); continue; }
		if (!validate(doc)) {
			const e = validate.errors.slice(0, 3).map(x => `${x.instancePath || "/"} ${x.message}`);
			bad(file, e.join("; "));
			continue;
		}
		const problems = extra ? extra(doc) : [];
		if (problems.length) { bad(file, problems.slice(0, 3).join("; ")); continue; }
		pass++;
	}
}

if (mode === "sarif") {
	const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
	// The schema's "language" pattern is not valid with the u flag: compile without it.
	const ajv = new Ajv04({ allErrors: false, strict: false, unicodeRegExp: false });
	addFormats(ajv);
	check(ajv.compile(schema), rest, githubProblems);
} else if (mode === "report") {
	const schema = JSON.parse(fs.readFileSync(rest[0], "utf8"));
	const ajv = new Ajv({ allErrors: false, strict: true });
	addFormats(ajv);
	check(ajv.compile(schema), rest.slice(1));
} else {
	console.log("usage: node validate.js report SCHEMA FILE... | sarif FILE...");
	process.exit(2);
}
console.log(`schemas: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
