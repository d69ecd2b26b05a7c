// Studio's typed API client, generated from the gateway's own OpenAPI document (make web-client).
// openapi-typescript writes a recursive schema as an indexed access that refers to itself
// (`StorableJson: ... | components["schemas"]["StorableJson"][]`), which TypeScript refuses
// (TS2502); free JSON becomes the top-level recursive alias `JsonValue` instead.
import fs from "node:fs";
import ts from "typescript";
import openapiTS, { astToString } from "openapi-typescript";

const [source, target] = process.argv.slice(2);
const RECURSIVE_JSON = "#/components/schemas/StorableJson";
const schema = JSON.parse(fs.readFileSync(source, "utf8"));
const ast = await openapiTS(schema, {
  transform(_schemaObject, metadata) {
    if (metadata.path === RECURSIVE_JSON) return ts.factory.createTypeReferenceNode("JsonValue");
    return undefined;
  },
});
const header =
  "/** Any JSON value (the API's `StorableJson`). */\n" +
  "export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };\n\n";
fs.writeFileSync(target, header + astToString(ast));
