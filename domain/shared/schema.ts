import { Type, type TSchema } from '@sinclair/typebox';

/** Every body refuses unknown fields; every value is a scalar of a known shape, so no query operator gets in. */
export const Strict = <T extends Record<string, TSchema>>(props: T, options: Record<string, unknown> = {}) => Type.Object(props, { additionalProperties: false, ...options });

/** Reasons given in words: at least one, each a line of text. */
export const Reasons = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 1, maxItems: 50 });
