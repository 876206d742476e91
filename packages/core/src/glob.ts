/**
 * The one glob helper: `*` is any run of characters and, unless told
 * otherwise, `?` is one character; everything else is literal (`.`, `[`, `/`
 * included). Waiver addresses and file names use `?`; policy kind patterns
 * and the `matchesGlob` operator keep `?` literal, as their values have
 * always been read. Imports nothing.
 */
export interface GlobOptions {
  /** `?` matches one character (default true); false keeps it literal. */
  questionMark?: boolean;
  /** Match regardless of case (default false). */
  ignoreCase?: boolean;
}

/** A glob as an anchored regular expression. */
export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  const wild = options.questionMark !== false;
  const body = glob.replace(wild ? /[.+^${}()|[\]\\]/g : /[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${wild ? body.replace(/\?/g, '.') : body}$`, options.ignoreCase ? 'i' : '');
}
