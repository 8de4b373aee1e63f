// What an organisation's slug, its verified domains and its custom hostnames may look like (RFC 1035 §2.3.4,
// RFC 1123 §2.1), and the length limits of the other names an admin types.

/** Longest organisation, directory, licence or admin name. */
export const NAME_MAX_LENGTH = 200;
/** RFC 5321 §4.5.3.1.3 limits a path to 256 octets, so an address to 254. */
export const EMAIL_MAX_LENGTH = 254;
/** Seats on one licence; far above any real organisation, low enough to stay an exact integer everywhere. */
export const LICENCE_MAX_SEATS = 10_000_000;

/** A DNS label is at most 63 octets, a name at most 253 (RFC 1035 §2.3.4). */
const LABEL_MAX = 63;
const NAME_MAX = 253;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** The slug is the tenant's subdomain label: <slug>.<SCIM_DOMAIN>. */
export function slugProblem(slug: string): string | undefined {
  if (slug.length === 0) return "The slug is empty.";
  if (slug.length > LABEL_MAX) return `The slug is longer than ${LABEL_MAX} characters (a DNS label).`;
  if (!LABEL.test(slug))
    return "The slug may contain only a-z, 0-9 and '-', and may not start or end with '-'.";
  return undefined;
}

/** A fully qualified domain name in lower case: at least two labels, ASCII (IDNs in their xn-- form). */
export function domainNameProblem(name: string): string | undefined {
  if (name.length === 0) return "The name is empty.";
  if (/[\u0080-\uffff]/.test(name)) return "Write internationalised names in their ASCII form (xn--…).";
  if (name.endsWith(".")) return "Leave out the trailing dot.";
  if (name.length > NAME_MAX) return `The name is longer than ${NAME_MAX} characters.`;
  const labels = name.split(".");
  if (labels.length < 2) return "A domain name has at least two labels, such as example.com.";
  for (const label of labels) {
    if (label.length === 0) return "The name has an empty label ('..').";
    if (label.length > LABEL_MAX) return `The label "${label}" is longer than ${LABEL_MAX} characters.`;
    if (!LABEL.test(label))
      return `The label "${label}" may contain only a-z, 0-9 and '-', and may not start or end with '-'.`;
  }
  if (/^[0-9]+$/.test(labels.at(-1) ?? "")) return "An IP address is not a domain name.";
  return undefined;
}

/** True for `domain` itself and any name below it. */
export const isWithin = (name: string, domain: string): boolean =>
  name === domain || name.endsWith(`.${domain}`);
