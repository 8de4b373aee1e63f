// The core User schema, urn:ietf:params:scim:schemas:core:2.0:User (RFC 7643 §4.1, §8.7.1).
import { boolean, complex, multiValued, reference, type SchemaDef, string } from "./attribute";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

const address = complex(
  "addresses",
  "A physical mailing address for this User.",
  [
    string("formatted", "The full mailing address, formatted for display or use with a mailing label."),
    string("streetAddress", "The full street address component."),
    string("locality", "The city or locality component."),
    string("region", "The state or region component."),
    string("postalCode", "The zip code or postal code component."),
    string("country", "The country name component, as an ISO 3166-1 alpha-2 code."),
    string("type", "A label indicating the attribute's function.", {
      canonicalValues: ["work", "home", "other"],
    }),
    boolean("primary", "A Boolean value indicating the 'primary' or preferred address."),
  ],
  { multiValued: true },
);

const groups = complex(
  "groups",
  "A list of groups to which the user belongs, either through direct membership or nested groups. Read-only.",
  [
    string("value", "The identifier of the User's group.", { mutability: "readOnly" }),
    reference("$ref", "The URI of the corresponding 'Group' resource.", ["Group"], {
      mutability: "readOnly",
    }),
    string("display", "A human-readable name, primarily used for display purposes.", {
      mutability: "readOnly",
    }),
    string("type", "A label indicating the membership: 'direct' or 'indirect'.", {
      canonicalValues: ["direct", "indirect"],
      mutability: "readOnly",
    }),
  ],
  { multiValued: true, mutability: "readOnly" },
);

export const userSchema: SchemaDef = {
  id: USER_SCHEMA,
  name: "User",
  description: "User Account",
  attributes: [
    string(
      "userName",
      "Unique identifier for the User, typically used to authenticate to the service provider.",
      {
        required: true,
        uniqueness: "server",
      },
    ),
    complex("name", "The components of the user's real name.", [
      string(
        "formatted",
        "The full name, including all middle names, titles, and suffixes, formatted for display.",
      ),
      string("familyName", "The family name of the User, or last name."),
      string("givenName", "The given name of the User, or first name."),
      string("middleName", "The middle name(s) of the User."),
      string("honorificPrefix", "The honorific prefix(es) of the User, or title."),
      string("honorificSuffix", "The honorific suffix(es) of the User, or suffix."),
    ]),
    string("displayName", "The name of the User, suitable for display to end-users."),
    string("nickName", "The casual way to address the user in real life."),
    reference(
      "profileUrl",
      "A fully qualified URL pointing to a page representing the User's online profile.",
      ["external"],
    ),
    string("title", "The user's title, such as 'Vice President'."),
    string("userType", "Used to identify the relationship between the organization and the user."),
    string(
      "preferredLanguage",
      "Indicates the User's preferred written or spoken language (RFC 7231 §5.3.5).",
    ),
    string("locale", "Used to indicate the User's default location for localizing items (e.g. 'en-US')."),
    string("timezone", "The User's time zone in the 'Olson' time zone database format."),
    boolean("active", "A Boolean value indicating the User's administrative status."),
    string("password", "The User's cleartext password. Write-only: never returned.", {
      mutability: "writeOnly",
      returned: "never",
    }),
    multiValued("emails", "Email addresses for the user.", "Email address for the user.", {
      types: ["work", "home", "other"],
    }),
    multiValued("phoneNumbers", "Phone numbers for the User.", "Phone number of the User.", {
      types: ["work", "home", "mobile", "fax", "pager", "other"],
    }),
    multiValued(
      "ims",
      "Instant messaging addresses for the User.",
      "Instant messaging address for the User.",
      {
        types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
      },
    ),
    multiValued("photos", "URLs of photos of the User.", "URL of a photo of the User.", {
      types: ["photo", "thumbnail"],
      valueType: "reference",
      valueOptions: { referenceTypes: ["external"], caseExact: true },
    }),
    address,
    groups,
    multiValued("entitlements", "A list of entitlements for the User.", "The value of an entitlement."),
    multiValued("roles", "A list of roles for the User.", "The value of a role."),
    multiValued(
      "x509Certificates",
      "A list of certificates issued to the User.",
      "The value of an X.509 certificate.",
      {
        valueType: "binary",
        valueOptions: { caseExact: true },
      },
    ),
  ],
};
