// Attribute definitions in the shape RFC 7643 §7 publishes them, with builders that default as §2.2 does.
export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "reference"
  | "complex"
  | "binary";
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

type Options = Partial<Omit<AttributeDef, "name" | "type" | "description">>;

function attribute(
  type: AttributeType,
  name: string,
  description: string,
  options: Options = {},
): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...options,
  };
}

export const string = (name: string, description: string, options?: Options) =>
  attribute("string", name, description, options);
export const boolean = (name: string, description: string, options?: Options) =>
  attribute("boolean", name, description, options);
export const dateTime = (name: string, description: string, options?: Options) =>
  attribute("dateTime", name, description, options);
export const reference = (name: string, description: string, referenceTypes: string[], options?: Options) =>
  attribute("reference", name, description, { caseExact: true, referenceTypes, ...options });
export const complex = (
  name: string,
  description: string,
  subAttributes: AttributeDef[],
  options?: Options,
) => attribute("complex", name, description, { subAttributes, ...options });

/**
 * The value/display/type/primary shape that RFC 7643 §2.4 gives most multi-valued attributes
 * (emails, phoneNumbers, ims, photos, entitlements, roles, x509Certificates).
 */
export function multiValued(
  name: string,
  description: string,
  valueDescription: string,
  options: { types?: string[]; valueType?: AttributeType; valueOptions?: Options } = {},
): AttributeDef {
  const typeOptions: Options = options.types ? { canonicalValues: options.types } : {};
  return complex(
    name,
    description,
    [
      attribute(options.valueType ?? "string", "value", valueDescription, options.valueOptions),
      string("display", "A human-readable name, primarily used for display purposes.", {
        mutability: "readWrite",
      }),
      string("type", "A label indicating the attribute's function.", typeOptions),
      boolean("primary", "A Boolean value indicating the 'primary' or preferred attribute value."),
    ],
    { multiValued: true },
  );
}
