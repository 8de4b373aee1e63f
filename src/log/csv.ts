// The failed-provisioning report as CSV (RFC 4180) that opens cleanly in a spreadsheet: a UTF-8 byte order mark
// (Excel reads accents right), CRLF lines, and cells that a spreadsheet would run as a formula neutralised.

export const CSV_BOM = "\uFEFF";
export const CSV_HEADER = ["time", "operation", "userName", "status", "error"] as const;

/** Cells beginning with these are formulas to Excel, LibreOffice and Sheets (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: (string | number | null)[]): string => `${cells.map(csvCell).join(",")}\r\n`;
