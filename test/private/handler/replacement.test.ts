import { othersOfSameType, replacementOf, restoreOnDeleteOf } from '../../../src/private/handler/replacement';

const TYPE = 'Custom::BackupRegionSettings';
const event = { StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/1', LogicalResourceId: 'Old', PhysicalResourceId: 'p-1', ResourceType: TYPE };

describe('replacementOf (a Delete that is part of a replacement)', () => {
  test('a new logical id of the same type, alive: a replacement', () => {
    const next = { LogicalResourceId: 'New', PhysicalResourceId: 'p-2', ResourceType: TYPE, ResourceStatus: 'CREATE_COMPLETE' };
    expect(replacementOf([{ ...event, ResourceStatus: 'DELETE_IN_PROGRESS' }, next], event)).toBe(next);
  });

  test('the same logical id listed with another physical id (a new physical id answered to an Update): a replacement', () => {
    const current = { LogicalResourceId: 'Old', PhysicalResourceId: 'p-2', ResourceType: TYPE, ResourceStatus: 'UPDATE_COMPLETE' };
    expect(replacementOf([current], event)).toBe(current);
  });

  test('a failed update rolling back a new resource: the old one, still alive, is its replacement', () => {
    const rolledBack = { ...event, LogicalResourceId: 'New', PhysicalResourceId: 'p-2' };
    const old = { LogicalResourceId: 'Old', PhysicalResourceId: 'p-1', ResourceType: TYPE, ResourceStatus: 'UPDATE_COMPLETE' };
    expect(replacementOf([old, { ...rolledBack, ResourceStatus: 'DELETE_IN_PROGRESS' }], rolledBack)).toBe(old);
  });

  test('a removal or a stack deletion: none', () => {
    expect(replacementOf([{ ...event, ResourceStatus: 'DELETE_IN_PROGRESS' }], event)).toBeUndefined();
    expect(replacementOf([], event)).toBeUndefined();
    expect(replacementOf([{ LogicalResourceId: 'Other', PhysicalResourceId: 'x', ResourceType: 'AWS::IAM::Role', ResourceStatus: 'CREATE_COMPLETE' }], event)).toBeUndefined();
    expect(replacementOf([{ LogicalResourceId: 'Gone', PhysicalResourceId: 'p-0', ResourceType: TYPE, ResourceStatus: 'DELETE_COMPLETE' }], event)).toBeUndefined();
  });
});

describe('othersOfSameType at a Create (the resource a replacement replaces)', () => {
  test('the old logical id, still alive while the new one is created, is listed; the new one itself is not', () => {
    const create = { StackId: event.StackId, LogicalResourceId: 'New', ResourceType: TYPE };
    const old = { LogicalResourceId: 'Old', PhysicalResourceId: 'p-1', ResourceType: TYPE, ResourceStatus: 'UPDATE_COMPLETE' };
    const self = { LogicalResourceId: 'New', PhysicalResourceId: '', ResourceType: TYPE, ResourceStatus: 'CREATE_IN_PROGRESS' };
    expect(othersOfSameType([old, self], create)).toEqual([old]);
    expect(othersOfSameType([self], create)).toEqual([]);
    expect(othersOfSameType([{ ...old, ResourceStatus: 'DELETE_COMPLETE' }, self], create)).toEqual([]);
  });
});

describe('restoreOnDeleteOf', () => {
  test.each([[undefined, false], ['false', false], [false, false], ['true', true], [true, true]])('%s is %s', (value, expected) => {
    expect(restoreOnDeleteOf(value === undefined ? {} : { RestoreOnDelete: value })).toBe(expected);
  });

  test('anything else fails, naming the value', () => {
    expect(() => restoreOnDeleteOf({ RestoreOnDelete: 'yes' })).toThrow('RestoreOnDelete must be true or false, got "yes"');
  });
});
