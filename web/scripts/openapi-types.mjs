// Generates the web client's API types from the server's contract, src/server/openapi/openapi.yaml,
// with openapi-typescript, into src/api/openapi.gen.ts (not committed: `npm run build`, `npm test`,
// `npm run dev` and `npm run typecheck` run this first).
//
//   npm run api:types [-- --spec path/to/openapi.yaml]
//
// The client (src/api/client.ts) names its routes by the document's paths and takes request and
// response types from it, so `tsc` fails when the client calls a route the document lacks, sends a
// body the document does not allow, or reads a field it does not define. The file is written only
// when its text changes, so watchers and incremental builds see no change on a re-run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--spec');
const spec = path.resolve(web, i > 0 ? process.argv[i + 1] : '../src/server/openapi/openapi.yaml');
const out = path.join(web, 'src/api/openapi.gen.ts');

if (!fs.existsSync(spec)) {
  console.error(`api:types: no OpenAPI document at ${spec}; the client's types are generated from it`);
  process.exit(1);
}

let ast;
try {
  ast = await openapiTS(pathToFileURL(spec), { alphabetize: true });
} catch (e) {
  console.error(`api:types: ${path.relative(web, spec)} is not a valid OpenAPI document: ${e.message}`);
  process.exit(1);
}
const source =
  `// Generated from ${path.relative(web, spec).split(path.sep).join('/')} by scripts/openapi-types.mjs ` +
  `(openapi-typescript). Do not edit.\n${astToString(ast)}`;
const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null;
if (previous !== source) fs.writeFileSync(out, source);
