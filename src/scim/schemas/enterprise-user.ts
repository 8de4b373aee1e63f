// The enterprise User extension (RFC 7643 §4.3), which Entra ID and Okta map employee data into.
import { complex, reference, type SchemaDef, string } from "./attribute";

export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export const enterpriseUserSchema: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    string(
      "employeeNumber",
      "Numeric or alphanumeric identifier assigned to a person within an organization.",
    ),
    string("costCenter", "Identifies the name of a cost center."),
    string("organization", "Identifies the name of an organization."),
    string("division", "Identifies the name of a division."),
    string("department", "Identifies the name of a department."),
    complex("manager", "The User's manager.", [
      string("value", "The id of the SCIM resource representing the User's manager.", { caseExact: true }),
      reference("$ref", "The URI of the SCIM resource representing the User's manager.", ["User"]),
      string("displayName", "The displayName of the User's manager.", { mutability: "readOnly" }),
    ]),
  ],
};
