// Attributes every resource has (RFC 7643 §3.1): server-assigned id, the client's externalId, and meta.
import { type AttributeDef, complex, dateTime, reference, string } from "./attribute";

export const idAttribute: AttributeDef = string(
  "id",
  "Unique identifier for the SCIM resource as defined by the service provider.",
  {
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
  },
);

export const externalIdAttribute: AttributeDef = string(
  "externalId",
  "A String that is an identifier for the resource as defined by the provisioning client.",
  { caseExact: true },
);

export const metaAttribute: AttributeDef = complex(
  "meta",
  "A complex attribute containing resource metadata.",
  [
    string("resourceType", "The name of the resource type of the resource.", {
      caseExact: true,
      mutability: "readOnly",
    }),
    dateTime("created", "The DateTime that the resource was added to the service provider.", {
      mutability: "readOnly",
    }),
    dateTime("lastModified", "The most recent DateTime that the details of this resource were updated.", {
      mutability: "readOnly",
    }),
    reference("location", "The URI of the resource being returned.", ["uri"], { mutability: "readOnly" }),
    string("version", "The version of the resource being returned (its ETag).", {
      caseExact: true,
      mutability: "readOnly",
    }),
  ],
  { mutability: "readOnly" },
);

export const commonAttributes: AttributeDef[] = [idAttribute, externalIdAttribute, metaAttribute];
