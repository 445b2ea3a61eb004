// Validates plan files written by `hf2ms plan --json` against schemas/plan.schema.json with
// ajv (JSON Schema 2020-12), using the npm packages the conformance tests pin.
// Usage: node plan_schema_validate.mjs <source dir> <plan.json>...   Exit 0 when all are valid.
import fs from 'node:fs';
import path from 'node:path';

const [root, ...files] = process.argv.slice(2);
if (!root || files.length === 0) {
  console.error('usage: node plan_schema_validate.mjs <source dir> <plan.json>...');
  process.exit(2);
}
const { makePlanValidator } = await import(path.join(root, 'tests/schema/plan_validator.mjs'));
const { validate, errorsText } = makePlanValidator(root);

let failures = 0;
for (const file of files) {
  const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(plan)) {
    console.log(`ok      ${file}`);
  } else {
    failures++;
    console.log(`INVALID ${file}\n${errorsText()}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
