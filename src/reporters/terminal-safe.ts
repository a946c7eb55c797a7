/** Text that came from a repository or a database (tags, paths, messages quoting them) is printed to a terminal and
 * pasted into shells. Two defences, used wherever such text reaches text output. */

// C0 controls but tab, DEL, C1 controls, and the Unicode bidi overrides/isolates that reorder what a line shows.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters shown as visible escapes (`\x1b`, `\u202e`): an ESC in a tag can no longer clear the screen,
 * move the cursor or fake a "✓ check: no problems" line. */
export function visible(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

type Printable = { findings: { message: string; fix?: string; file?: string; tag?: string; target?: string; key?: string }[]; notes: string[] };

/** A result whose repository- and database-derived text is `visible()`: what the text reporters print. */
export function visibleResult<R extends Printable>(result: R): R {
  const v = (s: string | undefined) => (s === undefined ? s : visible(s));
  return {
    ...result,
    findings: result.findings.map((f) => ({ ...f, message: visible(f.message), fix: v(f.fix), file: v(f.file), tag: v(f.tag), target: v(f.target), key: v(f.key) })),
    notes: result.notes.map(visible),
  };
}
