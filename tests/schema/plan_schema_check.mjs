// Validates the golden plan files (tests/testdata/golden/*.json, written by plan::to_json via
// the views test) against schemas/plan.schema.json with ajv (JSON Schema 2020-12), and checks
// that a few broken variants are rejected, so the schema cannot silently accept everything.
// Usage: node plan_schema_check.mjs <source dir>
import fs from 'node:fs';
import path from 'node:path';
import { makePlanValidator } from './plan_validator.mjs';

const root = process.argv[2];
if (!root) {
  console.error('usage: node plan_schema_check.mjs <source dir>');
  process.exit(2);
}
const { validate, errorsText } = makePlanValidator(root);

let failures = 0;
const golden = path.join(root, 'tests/testdata/golden');
const plans = fs.readdirSync(golden).filter((f) => f.endsWith('.json')).sort();
if (plans.length === 0) {
  console.error(`no golden plans in ${golden}`);
  process.exit(1);
}
for (const name of plans) {
  const plan = JSON.parse(fs.readFileSync(path.join(golden, name), 'utf8'));
  if (validate(plan)) {
    console.log(`ok      ${name}`);
  } else {
    failures++;
    console.log(`INVALID ${name}\n${errorsText()}`);
  }
}

// Each mutation of the first golden plan must be rejected.
const base = JSON.parse(fs.readFileSync(path.join(golden, plans[0]), 'utf8'));
const firstStep = (p) => p.mirrors.find((m) => m.steps.length > 0).steps[0];
const mutations = {
  'unknown format_version': (p) => { p.format_version = 3; },
  'format_version 1 (no endpoints)': (p) => { p.format_version = 1; },
  'no endpoints': (p) => { delete p.endpoints; },
  'remote plain http endpoint': (p) => { p.endpoints.hf = 'http://127.evil.example'; },
  'unknown top-level key': (p) => { p.extra = true; },
  'bad sha256': (p) => { firstStep(p).sha256 = 'ABC'; },
  'unknown step action': (p) => { firstStep(p).action = 'copy'; },
  'embedded step without content': (p) => { firstStep(p).transport = 'embedded'; },
  'negative size': (p) => { firstStep(p).size = -1; },
  'missing totals': (p) => { delete p.totals; },
};
for (const [what, mutate] of Object.entries(mutations)) {
  const plan = structuredClone(base);
  mutate(plan);
  if (validate(plan)) {
    failures++;
    console.log(`ACCEPTED (should reject): ${what}`);
  } else {
    console.log(`rejects ${what}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
