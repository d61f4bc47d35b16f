import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EnvironmentBackup, TagOperator } from '../../../src';
import { resolveSelection, selectionNamePrefix } from '../../../src/selection/private/resolved-selection';
import { environmentBackup, testStack } from '../../support/stack';

// The selection option resolved (src/selection/resolved-selection.ts): its tags and conditions, and
// the selection names.

function stack(): Stack {
  return testStack();
}

describe('resolveSelection', () => {
  test('by default the tag backup:environment=<environmentName>, as a StringEquals condition', () => {
    expect(resolveSelection(stack(), 'prod', {})).toEqual({
      tags: { 'backup:environment': 'prod' },
      conditions: [{ key: 'backup:environment', value: 'prod', operator: TagOperator.STRING_EQUALS }],
    });
  });

  test('the tags, then the conditions; none when selecting by resources only', () => {
    const like = { key: 'service', value: 'orders-*', operator: TagOperator.STRING_LIKE };
    expect(resolveSelection(stack(), 'prod', { tags: { team: 'payments' }, conditions: [like] }).conditions).toEqual([
      { key: 'team', value: 'payments', operator: TagOperator.STRING_EQUALS }, like,
    ]);
    expect(resolveSelection(stack(), 'prod', { selectByTags: false, resources: ['arn:aws:s3:::b'] })).toEqual({ tags: {}, conditions: [] });
  });

  test('selectionNamePrefix: <name>-selection while <name>-selection-resources fits 50 characters, else <name>-sel', () => {
    expect(selectionNamePrefix('a'.repeat(30))).toBe(`${'a'.repeat(30)}-selection`);
    expect(selectionNamePrefix('a'.repeat(31))).toBe(`${'a'.repeat(31)}-sel`);
  });
});

describe('selection tags', () => {
  test('tag key and value lengths', () => {
    expect(() => environmentBackup({ selection: { tags: { ['k'.repeat(129)]: 'v' } } })).toThrow(/selection\.tags key \("k{129}"\) must be 1 to 128 characters \(AWS tag key\)/);
    expect(() => environmentBackup({ selection: { conditions: [{ key: 'k', value: 'v'.repeat(257), operator: TagOperator.STRING_LIKE }] } }))
      .toThrow(/selection tag value of "k" \(257 characters\) must be at most 256 characters/);
  });

  test('tags with selectByTags false', () => {
    expect(() => environmentBackup({ selection: { selectByTags: false, tags: { a: 'b' }, resources: ['arn:aws:s3:::b'] } }))
      .toThrow(/selection\.selectByTags is false but selection\.tags or selection\.conditions are set/);
  });
});

describe('environmentName length', () => {
  function selectionNames(name: string): string[] {
    const s = stack();
    new EnvironmentBackup(s, 'E', { environmentName: name, selection: { resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'] } });
    return Object.values(Template.fromStack(s).findResources('AWS::Backup::BackupSelection'))
      .map((r) => r.Properties.BackupSelection.SelectionName);
  }

  test('names of up to 30 characters keep their deployed selection names', () => {
    expect(selectionNames('production')).toEqual(['production-selection-tags', 'production-selection-resources']);
    const thirty = 'a'.repeat(30);
    expect(selectionNames(thirty)).toEqual([`${thirty}-selection-tags`, `${thirty}-selection-resources`]);
  });

  test.each([31, 32])('a name of %d characters (documented valid) synthesizes, with selection names within 50 characters', (length) => {
    const name = `1${'a'.repeat(length - 1)}`;
    const names = selectionNames(name);
    expect(names).toEqual([`${name}-sel-tags`, `${name}-sel-resources`]);
    for (const n of names) expect(n).toMatch(/^[a-zA-Z0-9\-_.]{1,50}$/);
  });

});
