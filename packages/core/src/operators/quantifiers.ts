/**
 * Quantifiers: operators whose value is a nested condition, with paths
 * relative to each item (`$` is the item). The evaluators run them, since
 * they need three-valued logic over items; here are their schema, words and
 * docs, and the JSON-document reader `jsonDocument` uses. Imports ./definition.ts only.
 */
import { defineQuantifier } from './definition.js';

const CONDITION = { type: 'object', description: 'a condition (paths relative to the item)' };

/**
 * Parse an IAM-style JSON document held as a string (also URL-encoded, as AWS
 * Config and `get-account-authorization-details` give them). Objects pass through.
 */
export function parseJsonDocument(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('{') || text.startsWith('[')) return JSON.parse(text);
  if (text.startsWith('%7B') || text.startsWith('%7b') || text.startsWith('%5B')) return JSON.parse(decodeURIComponent(text));
  throw new TypeError('not a JSON document');
}

export const quantifiers = [
  defineQuantifier({
    name: 'anyItem', value: CONDITION,
    phrases: { holds: 'at least one item of {subject} must satisfy', doesNotHold: 'no item of {subject} may satisfy' },
    doc: 'The nested condition holds for at least one item of the list (a lone value is one item).',
    examples: ['{ fact: values, path: $.ingress, operator: anyItem, value: { path: $.cidr_blocks, operator: intersects, value: ["0.0.0.0/0"] } }'],
  }),
  defineQuantifier({
    name: 'allItems', value: CONDITION,
    phrases: { holds: 'every item of {subject} must satisfy', doesNotHold: 'not every item of {subject} may satisfy' },
    doc: 'The nested condition holds for every item of the list (an empty list passes).',
    examples: ['{ fact: values, path: $.rule, operator: allItems, value: { path: $.enabled, operator: equal, value: true } }'],
  }),
  defineQuantifier({
    name: 'noItem', value: CONDITION,
    phrases: { holds: 'no item of {subject} may satisfy', doesNotHold: 'at least one item of {subject} must satisfy' },
    doc: 'The nested condition holds for no item of the list.',
    examples: ['{ fact: values, path: $.statement, operator: noItem, value: { path: $.effect, operator: equal, value: Allow } }'],
  }),
  defineQuantifier({
    name: 'jsonDocument', value: CONDITION,
    phrases: { holds: '{subject}, read as a JSON document, must satisfy', doesNotHold: '{subject}, read as a JSON document, must not satisfy' },
    doc: 'The nested condition holds on a JSON document held as a string (IAM policies; URL-encoded too).',
    examples: ['{ fact: values, path: $.policy, operator: jsonDocument, value: { path: $.Statement, operator: anyItem, value: { path: $.Effect, operator: equal, value: Allow } } }'],
  }),
];
