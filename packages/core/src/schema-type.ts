/**
 * The TypeScript type a JSON Schema describes, for the subset of draft-07 the
 * policy schema uses (type, enum, const, properties/required,
 * additionalProperties, items, oneOf, if/then/else, one `$ref`), and a
 * check that two types describe the same documents. Types only: it ties the
 * hand-written `Policy` types (with their doc comments) to `policySchema` at
 * compile time. Imports nothing.
 */

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ObjectType<P, R, Ref> = Simplify<
  { -readonly [K in keyof P as K extends R ? K : never]-?: SchemaType<P[K], Ref> } & {
    -readonly [K in keyof P as K extends R ? never : K]?: SchemaType<P[K], Ref>;
  }
>;

/** The type of the documents a schema accepts; `$ref` (the schema's one recursive definition) stands for `Ref`. */
export type SchemaType<S, Ref> = S extends { $ref: string }
  ? Ref
  : S extends { const: infer C }
    ? C
    : S extends { enum: readonly (infer E)[] }
      ? E
      : S extends { oneOf: readonly (infer O)[] }
        ? O extends unknown
          ? SchemaType<O, Ref>
          : never
        : S extends { if: unknown; then: infer T; else: infer E }
          ? SchemaType<T, Ref> | SchemaType<E, Ref>
          : S extends { type: 'string' }
            ? string
            : S extends { type: 'integer' | 'number' }
              ? number
              : S extends { type: 'boolean' }
                ? boolean
                : S extends { type: 'array'; items: infer I }
                  ? SchemaType<I, Ref>[]
                  : S extends { properties: infer P }
                    ? ObjectType<P, S extends { required: readonly (infer R)[] } ? R : never, Ref>
                    : S extends { additionalProperties: infer A extends object }
                      ? Record<string, SchemaType<A, Ref>>
                      : S extends { type: 'object' }
                        ? Record<string, unknown>
                        : unknown;

/** True when A and B accept each other's values and have the same fields (an extra optional field is drift too). */
export type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never]
      ? true
      : false
    : false
  : false;

/** Fails to compile unless given `true`. */
export type Assert<T extends true> = T;
