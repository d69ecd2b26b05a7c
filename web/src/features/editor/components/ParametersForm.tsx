import Form from "@rjsf/core";
import type { ErrorSchema, FieldProps, RJSFSchema, UiSchema, WidgetProps } from "@rjsf/utils";
import { memo, useMemo } from "react";
import { useCredentials } from "../api/editor";
import { ExpressionInput, type ExpressionContext } from "./ExpressionInput";
import { validator } from "./formValidator";

interface FormContext {
  expressions: ExpressionContext;
  credentialTypes: string[];
}

type Schema = RJSFSchema & { properties?: Record<string, RJSFSchema> };
type Property = Exclude<RJSFSchema, boolean>;

/** The node type's schema as the form draws it: a value of any type becomes an expression string,
 * a free-form object a list of named values; every string an expression field. */
export function formSchema(schema: Schema): { schema: RJSFSchema; uiSchema: UiSchema } {
  const properties: Record<string, RJSFSchema> = {};
  const uiSchema: UiSchema = { "ui:submitButtonOptions": { norender: true } };
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const property = (typeof raw === "object" ? raw : {}) as Property;
    if (name === "credential") {
      properties[name] = { type: "string", title: "Credential", description: property.description };
      uiSchema[name] = { "ui:widget": "credential" };
    } else if (property.type === "object" && !property.properties) {
      properties[name] = { ...property, title: name };
      uiSchema[name] = { "ui:field": "keyValue" };
    } else if (property.type === undefined && !property.enum) {
      properties[name] = { ...property, type: "string", title: name };
      uiSchema[name] = { "ui:widget": "expression" };
    } else if (property.type === "string" && !property.enum) {
      properties[name] = { ...property, title: name };
      uiSchema[name] = { "ui:widget": "expression" };
    } else {
      properties[name] = { ...property, title: name };
    }
  }
  return {
    schema: { type: "object", properties, required: (schema.required as string[] | undefined) ?? [] },
    uiSchema,
  };
}

function ExpressionWidget(props: WidgetProps) {
  const context = props.registry.formContext as FormContext;
  return (
    <ExpressionInput
      id={props.id}
      label={props.label || props.name}
      value={typeof props.value === "string" ? props.value : props.value === undefined ? "" : JSON.stringify(props.value)}
      onChange={(value) => props.onChange(value === "" ? undefined : value)}
      context={context.expressions}
      disabled={props.disabled || props.readonly}
      required={props.required}
      invalid={(props.rawErrors?.length ?? 0) > 0}
      describedBy={(props.rawErrors?.length ?? 0) > 0 ? `${props.id}__error` : undefined}
    />
  );
}

function CredentialWidget(props: WidgetProps) {
  const context = props.registry.formContext as FormContext;
  const credentials = useCredentials(context.credentialTypes);
  return (
    <select
      id={props.id}
      value={(props.value as string) ?? ""}
      disabled={props.disabled || props.readonly}
      onChange={(event) => props.onChange(event.target.value || undefined)}
    >
      <option value="">{credentials.isPending ? "Loading credentials…" : "Choose a credential"}</option>
      {credentials.data?.map((credential) => (
        <option key={credential.id} value={credential.id}>
          {credential.name} ({credential.type})
        </option>
      ))}
    </select>
  );
}

function KeyValueField(props: FieldProps) {
  const context = props.registry.formContext as FormContext;
  const entries = Object.entries((props.formData as Record<string, unknown> | undefined) ?? {});
  const label = String(props.schema.title ?? props.name);
  const rowErrors = (key: string) => ((props.errorSchema as Record<string, { __errors?: string[] }> | undefined)?.[key]?.__errors ?? []);
  const update = (next: [string, unknown][]) => props.onChange(Object.fromEntries(next), props.fieldPathId.path);
  return (
    <fieldset className="key-values">
      <legend>
        {label}
        {props.required ? " *" : ""}
      </legend>
      {props.schema.description && <p className="field-description">{props.schema.description}</p>}
      {entries.map(([key, value], index) => (
        <div className="key-value" key={index}>
          <label>
            {`${label} name ${index + 1}`}
            <input
              value={key}
              disabled={props.disabled || props.readonly}
              onChange={(event) => update(entries.map((entry, at) => (at === index ? [event.target.value, entry[1]] : entry)))}
            />
          </label>
          <ExpressionInput
            id={`${props.fieldPathId.$id}_${index}`}
            label={`${label} value ${index + 1}`}
            value={typeof value === "string" ? value : JSON.stringify(value)}
            onChange={(text) => update(entries.map((entry, at) => (at === index ? [entry[0], text] : entry)))}
            context={context.expressions}
            disabled={props.disabled || props.readonly}
            invalid={rowErrors(key).length > 0}
            describedBy={rowErrors(key).length ? `${props.fieldPathId.$id}_${index}__error` : undefined}
          />
          <button
            type="button"
            aria-label={`Remove ${label} ${key || index + 1}`}
            disabled={props.disabled || props.readonly}
            onClick={() => update(entries.filter((_, at) => at !== index))}
          >
            ✕
          </button>
          {rowErrors(key).length > 0 && (
            <p id={`${props.fieldPathId.$id}_${index}__error`} role="alert" className="error key-value-error">
              {rowErrors(key).join("; ")}
            </p>
          )}
        </div>
      ))}
      <button
        type="button"
        disabled={props.disabled || props.readonly}
        onClick={() => update([...entries, [entries.length ? `field_${entries.length + 1}` : "field", ""]])}
      >
        Add to {label}
      </button>
      {(props.errorSchema?.__errors ?? []).map((error) => (
        <p key={error} role="alert" className="error">
          {error}
        </p>
      ))}
    </fieldset>
  );
}

interface Props {
  schema: Schema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  errors: Record<string, string[]>;
  expressions: ExpressionContext;
  credentialTypes: string[];
  disabled: boolean;
}

/** A node's parameters as a form generated from its type's JSON Schema (RJSF); the save's
 * `errors[].field` messages appear on their fields. */
export const ParametersForm = memo(function ParametersForm({ schema, value, onChange, errors, expressions, credentialTypes, disabled }: Props) {
  const form = useMemo(() => formSchema(schema), [schema]);
  const extraErrors = useMemo(() => {
    // `values.total` → {values: {total: {__errors}}}: each message on the field it names.
    const result: Record<string, unknown> = {};
    for (const [field, messages] of Object.entries(errors)) {
      // A missing required parameter is reported on the parameters object: put it on the field.
      const required = messages.map((message) => /^'([^']+)' is a required property$/.exec(message)?.[1]).find(Boolean);
      const path = field ? field.split(".") : required ? [required] : [];
      if (!path.length) continue;
      let target = result as Record<string, unknown>;
      for (const key of path) target = (target[key] ??= {}) as Record<string, unknown>;
      target.__errors = [...((target.__errors as string[] | undefined) ?? []), ...messages];
    }
    return result as ErrorSchema;
  }, [errors]);
  const formContext = useMemo<FormContext>(() => ({ expressions, credentialTypes }), [expressions, credentialTypes]);
  if (Object.keys(form.schema.properties ?? {}).length === 0) return <p>This node has no parameters.</p>;
  return (
    <Form
      schema={form.schema}
      uiSchema={form.uiSchema}
      formData={value}
      validator={validator}
      noHtml5Validate
      liveOmit={false}
      showErrorList={false}
      extraErrors={extraErrors}
      extraErrorsBlockSubmit={false}
      disabled={disabled}
      formContext={formContext}
      widgets={{ expression: ExpressionWidget, credential: CredentialWidget }}
      fields={{ keyValue: KeyValueField }}
      onChange={(event) => onChange((event.formData ?? {}) as Record<string, unknown>)}
    />
  );
});
