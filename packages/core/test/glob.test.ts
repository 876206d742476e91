import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../src/index.js';

describe('globToRegExp', () => {
  it('* is any run of characters and ? one, everything else literal', () => {
    const re = globToRegExp('module.edge.aws_lb.*[?]');
    expect(re.test('module.edge.aws_lb.public[0]')).toBe(true);
    expect(re.test('module.edgeXaws_lb.public[0]')).toBe(false);
    expect(re.test('module.edge.aws_lb.public[10]')).toBe(false);
  });
  it('keeps ? literal when told, as kind patterns and matchesGlob read it', () => {
    expect(globToRegExp('a?b*', { questionMark: false }).test('a?bc')).toBe(true);
    expect(globToRegExp('a?b*', { questionMark: false }).test('axbc')).toBe(false);
  });
  it('ignores case when told, as file names are matched', () => {
    expect(globToRegExp('*.YAML', { ignoreCase: true }).test('x.yaml')).toBe(true);
    expect(globToRegExp('*.YAML').test('x.yaml')).toBe(false);
  });
});
