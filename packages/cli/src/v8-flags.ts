/** Set V8 flags in this process, one after the other (the CLI's own process only; see tiering.ts and memory.ts). */
export function setV8Flags(...flags: string[]): void {
  const v8 = process.getBuiltinModule('node:v8');
  for (const flag of flags) v8.setFlagsFromString(flag);
}
