import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { accountOf, attach, attached, attachedOnce, claim, describePlace, perApp, perStack, placeOf } from '../../src/private/singleton';
import { testStack } from '../support/stack';

class Shared extends Construct {}

describe('placeOf / accountOf: one account/region key', () => {
  test('a stack with an environment is its account/region', () => {
    const s = testStack({ env: { account: '111111111111', region: 'eu-west-1' } });
    expect(placeOf(s)).toBe('111111111111/eu-west-1');
    expect(accountOf(s)).toBe('111111111111');
    expect(describePlace(placeOf(s))).toBe('account 111111111111 region eu-west-1');
  });

  test('unresolved account and region count as one place named any', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B', { env: { region: 'us-east-1' } });
    expect(placeOf(a)).toBe('any/any');
    expect(placeOf(b)).toBe('any/us-east-1');
    expect(accountOf(a)).toBe('any');
    expect(describePlace('any/any')).toBe('account (any account) region (any region)');
  });
});

describe('claim', () => {
  test('the first owner of a key keeps it; a second one gets the first back', () => {
    const app = new App();
    const first = new Construct(new Stack(app, 'A'), 'X');
    const second = new Construct(new Stack(app, 'B'), 'X');
    expect(claim(first, 'kind', 'k')).toBeUndefined();
    expect(claim(first, 'kind', 'k')).toBeUndefined(); // the owner claiming again is no clash
    expect(claim(second, 'kind', 'k')?.node.path).toBe('A/X');
    expect(claim(second, 'other-kind', 'k')).toBeUndefined();
    expect(claim(second, 'kind', 'k2')).toBeUndefined();
  });

  test('claims are per app', () => {
    const a = new Construct(testStack({ id: 'A' }), 'X');
    const b = new Construct(testStack({ id: 'A' }), 'X');
    expect(claim(a, 'kind', 'k')).toBeUndefined();
    expect(claim(b, 'kind', 'k')).toBeUndefined();
  });
});

describe('attached state', () => {
  test('is stored per construct, created once, and replaceable', () => {
    const s = testStack();
    const c = new Construct(s, 'C');
    expect(attached(c, 'k')).toBeUndefined();
    const list = attachedOnce<string[]>(c, 'k', () => []);
    list.push('a');
    expect(attachedOnce<string[]>(c, 'k', () => ['never'])).toEqual(['a']);
    attach(c, 'k', ['b']);
    expect(attached(c, 'k')).toEqual(['b']);
    expect(attached(s, 'k')).toBeUndefined();
    // not enumerable: it does not show in the construct's own keys
    expect(Object.keys(c)).not.toContain(expect.stringContaining('cdk-environment-backup'));
  });

  test('perApp keeps one value on the root', () => {
    const app = new App();
    const one = perApp(new Stack(app, 'A'), 'k', () => ({ n: 1 }));
    expect(perApp(new Stack(app, 'B'), 'k', () => ({ n: 2 }))).toBe(one);
    expect(attached(app, 'k')).toBe(one);
  });
});

describe('perStack', () => {
  test('creates the construct at the fixed id under the stack once', () => {
    const s = testStack();
    const deep = new Construct(new Construct(s, 'A'), 'B');
    let created = 0;
    const make = (stack: Stack, id: string) => { created++; return new Shared(stack, id); };
    const one = perStack(deep, 'Shared', Shared, make);
    expect(one.node.path).toBe('S/Shared');
    expect(perStack(s, 'Shared', Shared, make)).toBe(one);
    expect(created).toBe(1);
  });

  test('fails when another kind of construct holds the id', () => {
    const s = testStack();
    new Construct(s, 'Shared');
    expect(() => perStack(s, 'Shared', Shared, (stack, id) => new Shared(stack, id)))
      .toThrow("S: S/Shared is needed for the stack's shared Shared, but holds another kind of construct: give that construct another id");
  });
});
