// RJSF's validator interface over @cfworker/json-schema, which interprets schemas rather than
// compiling them to code (AJV's `new Function` would need `unsafe-eval` in the page's CSP).
import { Validator } from "@cfworker/json-schema";
import { type ErrorSchema, type RJSFSchema, type RJSFValidationError, type ValidatorType } from "@rjsf/utils";

function validate(schema: RJSFSchema, data: unknown) {
  return new Validator(schema as never, "2020-12", false).validate(data);
}

export const validator: ValidatorType = {
  validateFormData(formData, schema) {
    const result = validate(schema, formData);
    const errors: RJSFValidationError[] = result.errors
      .filter((error) => error.keyword !== "properties" && error.keyword !== "schema")
      .map((error) => ({
        property: error.instanceLocation.replace(/^#/, "").replace(/\//g, "."),
        message: error.error,
        stack: error.error,
      }));
    const errorSchema: ErrorSchema = {};
    for (const error of errors) {
      const path = (error.property ?? "").split(".").filter(Boolean);
      let target: Record<string, unknown> = errorSchema as Record<string, unknown>;
      for (const key of path) target = (target[key] ??= {}) as Record<string, unknown>;
      ((target.__errors ??= []) as string[]).push(error.message ?? "invalid");
    }
    return { errors, errorSchema };
  },
  isValid(schema, formData, rootSchema) {
    const withDefinitions = { ...schema, $defs: rootSchema.$defs, definitions: rootSchema.definitions } as RJSFSchema;
    return validate(withDefinitions, formData).valid;
  },
  rawValidation(schema, formData) {
    const result = validate(schema, formData);
    return { errors: result.errors as never[] };
  },
};

export default validator;
