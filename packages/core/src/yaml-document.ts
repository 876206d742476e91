/**
 * One YAML document read with its line numbers: the data, and the line of any
 * JSON pointer into it, so every problem in a policy, a config or params can
 * name its line. Imports the yaml library only.
 */
import { LineCounter, parseDocument, isNode } from 'yaml';

export interface YamlDocument {
  /** The document as plain data; undefined when it could not be read (see `problem`). */
  data?: unknown;
  /** Why the text is not usable YAML, with the line of the first mistake. */
  problem?: { line: number; message: string };
  /** The 1-based line of the node at a JSON pointer, or of its nearest ancestor that exists. */
  lineOf(pointer: string): number | undefined;
}

/** Parse one YAML document (duplicate keys are a mistake; alias bombs are refused). */
export function readYamlDocument(text: string): YamlDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (pointer: string): number | undefined => {
    const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    for (let n = keys.length; n >= 0; n--) {
      const node = doc.getIn(keys.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k)), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { lineOf, problem: { line: lineCounter.linePos(e.pos[0]).line, message: `not valid YAML: ${e.message.split('\n')[0]}` } };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), lineOf };
  } catch (err) {
    // The yaml library refuses alias bombs ("excessive alias count").
    return { lineOf, problem: { line: 1, message: `not usable YAML: ${err instanceof Error ? err.message : String(err)}` } };
  }
}
