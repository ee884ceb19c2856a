// Compares what Node did with each module (run.mjs's lines) with what wasm-p1check
// predicts for the node-wasi profile (its JSON reports). The mapping is in
// tests/node-oracle.sh's header. Prints one line per disagreement, the feature table and
// "node-oracle: N passed, N failed".
// Usage: node compare.mjs NODE_TSV PRED_DIR LISTS PROFILE_FEATURES
//   NODE_TSV: run.mjs's output; PRED_DIR/<n>.json: the report for the n-th line;
//   LISTS: lines "<list> <fixture path under BUILD/fixtures> <expected node stage> <reason>",
//   list = trap (the fixture's own code traps by design) or known (a known disagreement);
//   PROFILE_FEATURES: the features block of `wasm-p1check --show-profile node-wasi`.
import { readFileSync } from 'node:fs';

const [nodeTsv, predDir, listsFile, featuresFile] = process.argv.slice(2);
const lists = { trap: new Map(), known: new Map() };
for (const line of readFileSync(listsFile, 'utf8').split('\n')) {
  const m = line.match(/^(trap|known) (\S+) (\S+) (.*)$/);
  if (m) lists[m[1]].set(m[2], { stage: m[3], reason: m[4], seen: false });
}

// Which Node outcomes a prediction allows: [stages, why]. From the earliest stage an error
// may bite (summary.earliest_bites) to the earliest it surely bites
// (summary.earliest_certain_bites; none: it may also run).
const ORDER = ['load', 'instantiate', 'run', 'exit'];
const stageOf = (bites) => ({ load: 'load', instantiate: 'instantiate', call: 'run' })[bites] ?? 'exit';
function allowed(file) {
  const errors = file.findings.filter((f) => f.severity === 'error' && !f.suppressed);
  const run = new Set(file.exports.filter((e) => e.kind === 'func' &&
    (e.name === '_start' || e.name === '_initialize')).map((e) => e.index));
  const exercised = (f) => f.paths.length === 0 || f.paths.some((p) => run.has(p[0].index));
  const lo = stageOf(file.summary.earliest_bites);
  let hi = stageOf(file.summary.earliest_certain_bites);
  // A sure call failure that Node's run exercises: an error at call with certainty "always"
  // on a path from _start or _initialize, or with none (the host's own checks).
  const certainCalls = errors.filter((f) => f.bites === 'call' &&
    (f.certainty === null || (f.certainty === 'always' && exercised(f))));
  const certainCall = certainCalls[0];
  if (hi === 'run' && !certainCall) hi = 'exit';
  const stages = ORDER.slice(ORDER.indexOf(lo), ORDER.indexOf(hi) + 1);
  const why = { load: 'the engine rejects the binary', instantiate: 'instantiation fails',
    run: `start()/initialize() fails (${certainCall?.rule})`, exit: 'it runs' };
  return [stages, stages.length === 1 ? why[lo] : `it may fail from ${lo} on`, certainCalls];
}

// What Node 20's lib/wasi.js throws for the host checks each rule predicts (start() and
// initialize(): validateFunction, validateUndefined, setupInstance; an uncaught exit).
const RUN_FAILURES = {
  P1C030: /"instance\.exports\._(initialize|start)" property must be undefined/,
  P1C031: /"instance\.exports\._(start|initialize)" property must be of type function/,
  P1C032: /"instance\.exports\.memory" property must be a WebAssembly\.Memory/,
  P1C037: /^Symbol\(kExitCode\)$/,
};

// A failure in start()/initialize() must be one a sure call finding predicts, when Node's
// message for that rule is known. null when it is, else what is wrong.
function runFailureUnexplained(findings, detail) {
  const known = findings.filter((f) => RUN_FAILURES[f.rule]);
  if (known.length === 0 || known.some((f) => RUN_FAILURES[f.rule].test(detail))) return null;
  return `start()/initialize() failed, but not as ${known.map((f) => f.rule).join(', ')} predicts`;
}

// V8's link error names one import ("Import #N module=..."): the report must say that this
// import fails instantiation. null when it does, else what is wrong.
function linkErrorUnexplained(file, detail) {
  const m = detail.match(/Import #(\d+) module="/);
  if (!m) return null;
  const imp = (file.imports ?? []).find((i) => i.index === Number(m[1]));
  if (!imp) return `Node names import #${m[1]}, which the report does not list`;
  const named = file.findings.some((f) => f.severity === 'error' && f.bites === 'instantiate' &&
    f.import && f.import.module === imp.module && f.import.name === imp.name);
  return named ? null : `Node fails on import #${m[1]} ${imp.module}#${imp.name}, which no ` +
    'finding says fails instantiation';
}

const brief = (file) => file.findings.filter((f) => f.severity === 'error' && !f.suppressed)
  .map((f) => `${f.rule}/${f.bites}${f.certainty ? '/' + f.certainty : ''}` +
    (f.feature ? `(${f.feature})` : '')).join(' ') || 'no error';

let pass = 0, fail = 0, known = 0, traps = 0;
const features = new Map(); // name -> { allowed, loaded, sole }
const lines = readFileSync(nodeTsv, 'utf8').split('\n').filter((l) => l !== '');
lines.forEach((line, n) => {
  const [path, stage, detail] = line.split('\t');
  const name = path.replace(/^.*\/fixtures\//, '');
  let report;
  try {
    report = JSON.parse(readFileSync(`${predDir}/${n}.json`, 'utf8'));
  } catch (err) {
    console.log(`FAIL ${name}: no JSON report from wasm-p1check (${err.message})`);
    fail++;
    return;
  }
  const file = report.files?.[0];
  if (!Array.isArray(file?.findings)) { // the file failed as a whole: nothing to compare
    const error = file?.error ? `${file.error.kind}: ${file.error.message}` : 'no files entry';
    console.log(`FAIL ${name}: the report has no audit of it (${error}); Node: ${stage}`);
    fail++;
    return;
  }
  let [stages, why, certainCalls] = allowed(file);
  const trap = lists.trap.get(name);
  if (trap && stages.length === 1 && stages[0] === 'exit') {
    trap.seen = true;
    stages = [trap.stage];
    why = `its own code traps: ${trap.reason}`;
    traps++;
  }
  const agrees = stages.includes(stage);
  const entry = lists.known.get(name);
  const said = `wasm-p1check predicts ${file.summary.earliest_bites ?? 'no failure'} ` +
    `(${brief(file)}: ${why}); Node: ${stage} (${detail})`;
  if (entry) {
    entry.seen = true;
    if (!agrees && stage === entry.stage) {
      console.log(`KNOWN ${name}: ${said}; ${entry.reason}`);
      known++;
    } else {
      console.log(`FAIL ${name}: listed as a known disagreement (Node: ${entry.stage}), now ${said}`);
      fail++;
    }
  } else if (agrees && stage === 'instantiate' && linkErrorUnexplained(file, detail)) {
    console.log(`FAIL ${name}: ${linkErrorUnexplained(file, detail)} (${detail})`);
    fail++;
  } else if (agrees && stage === 'run' && runFailureUnexplained(certainCalls, detail)) {
    console.log(`FAIL ${name}: ${runFailureUnexplained(certainCalls, detail)} (${detail})`);
    fail++;
  } else if (agrees) {
    pass++;
  } else {
    console.log(`FAIL ${name}: ${said}`);
    fail++;
  }
  // The feature table: what V8 compiled against what the profile says.
  const loadErrors = file.findings.filter((f) => f.severity === 'error' && f.bites === 'load');
  // P1C001 (a component) is the component model's load error.
  const featureOf = (f) => f.rule === 'P1C001' ? 'component-model' : f.feature;
  const soleFeature = loadErrors.length > 0 && loadErrors.every((f) =>
    ['P1C001', 'P1C020'].includes(f.rule) && featureOf(f) === featureOf(loadErrors[0]))
    ? featureOf(loadErrors[0]) : null;
  for (const feat of file.features ?? []) {
    const row = features.get(feat.name) ?? { allowed: feat.allowed, loaded: 0, sole: 0 };
    // An unsupported feature counts as compiled only where the report calls it a load
    // error (component-model markers in a core module, cabi_realloc, are harmless: P1C034).
    const claimed = feat.allowed || loadErrors.some((f) => featureOf(f) === feat.name);
    if (stage !== 'load' && claimed) row.loaded++;
    if (stage === 'load' && soleFeature === feat.name) row.sole++;
    features.set(feat.name, row);
  }
});
for (const [kind, map] of Object.entries(lists)) {
  for (const [name, entry] of map) {
    if (entry.seen) continue;
    console.log(`FAIL ${name}: in the ${kind} list but ${kind === 'trap' ? 'not predicted to run' : 'not compared'}`);
    fail++;
  }
}
console.log('feature table (profile node-wasi vs V8 in Node ' + process.versions.node + '):');
for (const line of readFileSync(featuresFile, 'utf8').split('\n')) {
  const m = line.match(/^  ([a-z0-9-]+): (true|false)$/);
  if (m && !features.has(m[1]))
    features.set(m[1], { allowed: m[2] === 'true', loaded: 0, sole: 0, unused: true });
}
for (const [name, row] of [...features].sort()) {
  if (row.unused) {
    console.log(`  ${name}: profile ${row.allowed ? 'supported' : 'unsupported'}; no fixture uses it (unchecked)`);
    continue;
  }
  const claim = row.allowed ? 'supported' : 'unsupported';
  const confirmed = row.allowed ? row.loaded > 0 : row.sole > 0;
  console.log(`  ${name}: profile ${claim}; V8 compiled ${row.loaded} fixtures using it, ` +
    `rejected ${row.sole} where it is the only load error${confirmed ? '' : ' (unconfirmed)'}`);
}
console.log(`node-oracle: ${lines.length} modules compared, ${pass} agreed` +
  ` (${traps} of them trapping by design), ${known} known disagreements`);
if (lines.length === 0) {
  console.log('node-oracle: no module compared');
  fail++;
}
console.log(`node-oracle: ${pass} passed, ${fail} failed`);
process.exit(fail > 0 ? 1 : 0);
