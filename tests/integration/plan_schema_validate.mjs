// Validates plan files written by `hf2ms plan --json` against schemas/plan.schema.json with
// ajv (JSON Schema 2020-12), using the npm packages the conformance tests pin.
// Usage: node plan_schema_validate.mjs <source dir> <plan.json>...   Exit 0 when all are valid.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [root, ...files] = process.argv.slice(2);
if (!root || files.length === 0) {
  console.error('usage: node plan_schema_validate.mjs <source dir> <plan.json>...');
  process.exit(2);
}
const load = createRequire(path.join(root, 'tests/conformance/package.json'));
const Ajv2020 = load('ajv/dist/2020').default;
const addFormats = load('ajv-formats').default;
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/plan.schema.json'), 'utf8'));
// Same settings as tests/schema/plan_schema_check.mjs.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

let failures = 0;
for (const file of files) {
  const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(plan)) {
    console.log(`ok      ${file}`);
  } else {
    failures++;
    console.log(`INVALID ${file}\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
