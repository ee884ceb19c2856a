// Runs WebAssembly modules under Node's node:wasi (preview 1) and prints, for each, one line
//     <file>\t<stage>\t<detail>
// stage: load (new WebAssembly.Module throws: the engine rejects the binary), instantiate
// (WebAssembly.instantiate with wasi.getImportObject() throws: a link error, or a trap in
// the start function), run (wasi.start() or wasi.initialize() throws or traps), exit (it
// returned: detail is the exit code), timeout (still running after the time limit).
// Each module runs in its own worker thread (two at a time), sandboxed: no preopens, an empty environment,
// stdin from /dev/null, stdout and stderr to files in OUTDIR, returnOnExit.
// Usage: node run.mjs [--timeout MS] [--arg ARG]... OUTDIR FILE...
//   --arg: one more guest argument after the module's name (argv[1], argv[2], ...), the same for
//   every FILE (tests/realbin.sh runs a command with --version this way).
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { readFileSync, openSync, closeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function oneLine(err) {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.split('\n')[0].replace(/\t/g, ' ');
}

async function runModule({ file, outdir, index, args }) {
  const { WASI } = await import('node:wasi');
  let module;
  try {
    module = new WebAssembly.Module(readFileSync(file));
  } catch (err) {
    return ['load', oneLine(err)];
  }
  const fds = [openSync('/dev/null', 'r'),
    openSync(join(outdir, `${index}.out`), 'w'), openSync(join(outdir, `${index}.err`), 'w')];
  try {
    const wasi = new WASI({
      version: 'preview1', args: [basename(file), ...args], env: {}, preopens: {},
      returnOnExit: true, stdin: fds[0], stdout: fds[1], stderr: fds[2],
    });
    let instance;
    try {
      instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    } catch (err) {
      return ['instantiate', oneLine(err)];
    }
    try {
      if (instance.exports._start !== undefined)
        return ['exit', String(wasi.start(instance))];
      wasi.initialize(instance);
      return ['exit', '0'];
    } catch (err) {
      return ['run', oneLine(err)];
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

function runInWorker(file, outdir, index, timeoutMs, args) {
  return new Promise((resolve) => {
    const worker = new Worker(fileURLToPath(import.meta.url),
      { workerData: { file, outdir, index, args }, stdout: true, stderr: true });
    const timer = setTimeout(() => {
      worker.terminate();
      resolve(['timeout', `${timeoutMs} ms`]);
    }, timeoutMs);
    worker.once('message', (result) => { clearTimeout(timer); resolve(result); });
    worker.once('error', (err) => { clearTimeout(timer); resolve(['run', oneLine(err)]); });
    worker.once('exit', (code) => { clearTimeout(timer); resolve(['run', `worker exited ${code}`]); });
  });
}

if (isMainThread) {
  const argv = process.argv.slice(2);
  let timeoutMs = 2000;
  const args = [];
  for (;;) {
    if (argv[0] === '--timeout') timeoutMs = Number(argv[1]);
    else if (argv[0] === '--arg') args.push(argv[1]);
    else break;
    argv.splice(0, 2);
  }
  const [outdir, ...files] = argv;
  // Two modules at a time; the lines come out in the order of the arguments.
  const results = new Array(files.length);
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const index = next++;
      results[index] = await runInWorker(files[index], outdir, index, timeoutMs, args);
    }
  };
  await Promise.all([lane(), lane()]);
  for (const [index, file] of files.entries())
    process.stdout.write(`${file}\t${results[index][0]}\t${results[index][1]}\n`);
} else {
  parentPort.postMessage(await runModule(workerData));
}
