// Keeps schemas/hf2ms.schema.json and the hf2ms parser in agreement (DESIGN.md §2).
// Usage: node check_manifests.cjs <path to hf2ms> <source dir>
// - every examples/*.toml, hf2ms.toml.example and tests/testdata/manifests/valid/*.toml must be
//   valid for ajv (JSON Schema 2020-12, after smol-toml converts TOML to JSON) AND for
//   `hf2ms validate`;
// - every tests/testdata/manifests/invalid/*.toml must be rejected by `hf2ms validate` and,
//   unless listed in PARSER_ONLY, by the schema too (a TOML syntax error counts as rejected);
// - files in PARSER_ONLY must be accepted by the schema, so the list stays honest.
'use strict';
const { createRequire } = require('node:module');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// Problems no JSON Schema can express: comparisons between mirrors or between two fields.
const PARSER_ONLY = new Map([
  ['duplicate_target.toml', 'two mirrors write the same target (case-insensitive comparison)'],
  ['source_equals_target.toml', 'a mirror whose source equals its target'],
]);

const [hf2ms, root] = process.argv.slice(2);
if (!hf2ms || !root) {
  console.error('usage: node check_manifests.cjs <hf2ms> <source dir>');
  process.exit(2);
}
const conformance = path.join(root, 'tests/conformance');
if (!fs.existsSync(path.join(conformance, 'node_modules/ajv'))) {
  console.error('node modules missing: run scripts/install-conformance-deps');
  process.exit(1);
}
const load = createRequire(path.join(conformance, 'package.json'));
const Ajv2020 = load('ajv/dist/2020').default;
const addFormats = load('ajv-formats').default;
const TOML = load('smol-toml');

const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/hf2ms.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validateSchema = ajv.compile(schema);

function schemaVerdict(file) {
  let data;
  try {
    data = TOML.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, why: `TOML: ${e.message.split('\n')[0]}` };
  }
  const ok = validateSchema(data);
  return { ok, why: ok ? '' : ajv.errorsText(validateSchema.errors) };
}

function parserVerdict(file) {
  const run = spawnSync(hf2ms, ['validate', '-f', file], { encoding: 'utf8' });
  return { ok: run.status === 0, why: `exit ${run.status}: ${run.stderr}` };
}

function tomlFiles(dir) {
  return fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.toml')).sort()
      .map((f) => path.join(root, dir, f));
}

let failures = 0;
function check(cond, message) {
  if (!cond) {
    failures += 1;
    console.error(`FAIL ${message}`);
  }
}

const valid = [...tomlFiles('examples'), path.join(root, 'hf2ms.toml.example'),
  ...tomlFiles('tests/testdata/manifests/valid')];
for (const file of valid) {
  const s = schemaVerdict(file);
  const p = parserVerdict(file);
  check(s.ok, `${file}: schema rejects a valid manifest: ${s.why}`);
  check(p.ok, `${file}: parser rejects a valid manifest: ${p.why}`);
}

const invalid = tomlFiles('tests/testdata/manifests/invalid');
for (const file of invalid) {
  const name = path.basename(file);
  const s = schemaVerdict(file);
  const p = parserVerdict(file);
  check(!p.ok, `${file}: parser accepts an invalid manifest`);
  if (PARSER_ONLY.has(name)) {
    check(s.ok, `${file}: listed as parser-only but the schema rejects it; drop it from PARSER_ONLY`);
  } else {
    check(!s.ok, `${file}: schema accepts an invalid manifest`);
  }
}
for (const name of PARSER_ONLY.keys()) {
  check(invalid.some((f) => path.basename(f) === name), `PARSER_ONLY names a missing file ${name}`);
}

console.log(`schema check: ${valid.length} valid, ${invalid.length} invalid manifests, ` +
            `${failures} failure(s)`);
process.exit(failures === 0 ? 0 : 1);
