// The one ajv set-up for schemas/plan.schema.json (JSON Schema 2020-12), shared by the golden
// plan check (tests/schema/plan_schema_check.mjs) and the plan CLI test
// (tests/integration/plan_schema_validate.mjs). Uses the npm packages pinned in
// tests/conformance/package.json (scripts/install-conformance-deps installs them).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

// Returns { validate, errorsText } for the plan schema under source dir `root`; exits 1 with
// a hint when the node modules are missing.
export function makePlanValidator(root) {
  const conformance = path.join(root, 'tests/conformance');
  if (!fs.existsSync(path.join(conformance, 'node_modules/ajv'))) {
    console.error('node modules missing: run scripts/install-conformance-deps');
    process.exit(1);
  }
  const load = createRequire(path.join(conformance, 'package.json'));
  const Ajv2020 = load('ajv/dist/2020').default;
  const addFormats = load('ajv-formats').default;
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/plan.schema.json'), 'utf8'));
  // strictRequired is off: the step's if/then rules name properties declared one level up.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return { validate, errorsText: () => ajv.errorsText(validate.errors, { separator: '\n' }) };
}
