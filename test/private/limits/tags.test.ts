import { checkTag, checkTagCondition, checkTags } from '../../../src/private/limits';

describe('checkTag (tags the library writes on AWS resources)', () => {
  test.each([
    ['backup:environment', 'production'],
    ['team name', 'data platform'],
    ['k'.repeat(128), 'v'.repeat(256)],
    ['Équipe', 'café'],
    ['a_b.c:d/e=f+g-h@i', ''],
  ])('%s=%s is valid', (key, value) => {
    expect(checkTag('selection.tags', key, value)).toBeUndefined();
  });

  test.each([
    ['aws:createdBy', 'me', 'selection.tags key ("aws:createdBy") must not start with "aws:": the prefix is reserved for AWS\'s own tags, which cannot be set'],
    ['AWS:x', 'me', 'must not start with "aws:"'],
    ['', 'v', 'selection.tags key ("") must be 1 to 128 characters (AWS tag key)'],
    ['k'.repeat(129), 'v', 'must be 1 to 128 characters (AWS tag key)'],
    ['team,name', 'v', 'selection.tags key ("team,name") may hold only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)'],
    ['team', 'a*b', 'selection.tags value of "team" ("a*b") may hold only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)'],
    ['team', 'v'.repeat(257), 'selection.tags value of "team" (257 characters) must be at most 256 characters (AWS tag value)'],
  ])('%j=%j is rejected', (key, value, message) => {
    expect(checkTag('selection.tags', key, value)).toContain(message);
  });

  test('a map reports its first problem', () => {
    expect(checkTags('backupPlanTags', { 'ok': 'yes', 'aws:no': 'x' })).toContain('backupPlanTags key ("aws:no") must not start with "aws:"');
    expect(checkTags('backupPlanTags', { ok: 'yes' })).toBeUndefined();
  });
});

describe('checkTagCondition (conditions on resource tags: AWS tags and any characters allowed)', () => {
  test('aws: keys and wildcards are fine in a condition', () => {
    expect(checkTagCondition('selection tag', 'aws:cloudformation:stack-name', 'prod-*')).toBeUndefined();
  });
  test('the condition key aws:ResourceTag/<key> is at most 128 characters', () => {
    expect(checkTagCondition('selection tag', 'k'.repeat(113), 'v'))
      .toBe(`selection tag key ("${'k'.repeat(113)}") must be at most 112 characters: the condition key aws:ResourceTag/<key> is at most 128`);
    expect(checkTagCondition('selection tag', 'k'.repeat(112), 'v')).toBeUndefined();
  });
  test('empty keys and long values fail', () => {
    expect(checkTagCondition('selection tag', '', 'v')).toBe('selection tag key ("") must be a non-empty tag key');
    expect(checkTagCondition('selection tag', 'k', 'v'.repeat(257))).toBe('selection tag value of "k" (257 characters) must be at most 256 characters');
  });
});
