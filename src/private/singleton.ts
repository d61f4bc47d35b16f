import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from './validation';

/**
 * The one place where this library keeps "one per stack / app / account and region" rules.
 *
 * - `perStack`: a construct at a fixed id under the stack, created on first use (its id, and so its
 *   logical IDs, is the caller's: keep it stable, deployed stacks would otherwise see replacements).
 * - `attached` / `attach`: state kept on a construct (the app's root for app-wide state), under a
 *   global symbol so that two copies of this library in one app share it.
 * - `claim`: an app-wide owner per key (e.g. per `placeOf()`), the earlier owner returned on a clash.
 */

/** What an unresolved (environment-agnostic) account or region counts as: one place named `any`. */
export const ANY_PLACE = 'any';

/** The account of the stack of `scope`: `any` when unresolved. */
export function accountOf(scope: IConstruct): string {
  return known(Stack.of(scope).account);
}

/** The one account/region key: `account/region`, each `any` when unresolved. */
export function placeOf(scope: IConstruct): string {
  const stack = Stack.of(scope);
  return `${known(stack.account)}/${known(stack.region)}`;
}

/** `account 111111111111 region eu-west-1`, or `account (any account) region (any region)`. */
export function describePlace(place: string): string {
  const [account, region] = place.split('/');
  return `account ${account === ANY_PLACE ? '(any account)' : account} region ${region === ANY_PLACE ? '(any region)' : region}`;
}

function known(value: string): string {
  return Token.isUnresolved(value) ? ANY_PLACE : value;
}

const STATE = Symbol.for('cdk-environment-backup.state');

function stateOf(construct: IConstruct, create: boolean): Map<string, unknown> | undefined {
  const holder = construct as unknown as { [STATE]?: Map<string, unknown> };
  let state = holder[STATE];
  if (!state && create) {
    state = new Map();
    Object.defineProperty(construct, STATE, { value: state, enumerable: false });
  }
  return state;
}

/** The state stored on `construct` under `key`, if any. */
export function attached<T>(construct: IConstruct, key: string): T | undefined {
  return stateOf(construct, false)?.get(key) as T | undefined;
}

/** Stores `value` on `construct` under `key` (replacing an earlier value) and returns it. */
export function attach<T>(construct: IConstruct, key: string, value: T): T {
  stateOf(construct, true)!.set(key, value);
  return value;
}

/** The state stored on `construct` under `key`, created by `create` on first use. */
export function attachedOnce<T>(construct: IConstruct, key: string, create: () => T): T {
  const existing = attached<T>(construct, key);
  return existing !== undefined ? existing : attach(construct, key, create());
}

/** The state of the app (the root of `scope`'s tree) under `key`, created on first use. */
export function perApp<T>(scope: IConstruct, key: string, create: () => T): T {
  return attachedOnce(scope.node.root, key, create);
}

/**
 * Makes `owner` the app's owner of `key` among claims of `kind`. Returns the earlier owner when
 * another construct already holds the key (the claim is then not recorded), else undefined.
 */
export function claim(owner: IConstruct, kind: string, key: string): IConstruct | undefined {
  const owners = perApp(owner, `claims:${kind}`, () => new Map<string, IConstruct>());
  const other = owners.get(key);
  if (other && other !== owner) return other;
  owners.set(key, owner);
  return undefined;
}

/**
 * The construct of type `type` at `id` directly under the stack of `scope`, created by `create` on
 * first use. Fails when another kind of construct holds the id.
 */
export function perStack<T extends IConstruct>(
  scope: IConstruct, id: string, type: Function & { prototype: T }, create: (stack: Stack, id: string) => T): T {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(id);
  if (existing === undefined) return create(stack, id);
  if (!(existing instanceof type)) {
    throw validationError(scope,
      `${stack.node.path}/${id} is needed for the stack's shared ${type.name}, but holds another kind of construct: give that construct another id`);
  }
  return existing as T;
}
