// The handler of the member baseline's region settings, as inline Lambda code (CloudFormation
// `Code.ZipFile`, at most 4,096 characters): a StackSet template cannot carry a CDK asset. Plain
// CommonJS for the Node.js runtime, which ships the AWS SDK v3; it answers CloudFormation itself with
// `fetch` (the `cfn-response` module is not needed).
//
// The same rules as the region settings handler (src/account/handler/region-settings.lambda.ts), for the
// opt-in map only; test/account/region-settings-lifecycle.test.ts runs the same CloudFormation
// sequences against both. Create and Update set the named service opt-in preferences that differ
// (UpdateRegionSettings); Create records in the physical id the values those keys had before. Only
// with RestoreOnDelete does Delete put back each key this resource changed (unless someone changed
// it since), and an Update put back a key it no longer names; never when the Delete is part of a
// replacement (src/private/replacement.ts: the stack lists another live resource of the type). A
// Create that fails records nothing ('e30' is '{}'), so its Delete changes nothing.

/** The prefix of the physical id. */
export const MEMBER_REGION_SETTINGS_ID_PREFIX = 'member-region-settings:';

export const MEMBER_REGION_SETTINGS_CODE = `
const { BackupClient, DescribeRegionSettingsCommand, UpdateRegionSettingsCommand } = require('@aws-sdk/client-backup');
const { CloudFormationClient, ListStackResourcesCommand } = require('@aws-sdk/client-cloudformation');
const P = '${MEMBER_REGION_SETTINGS_ID_PREFIX}';
const enc = (o) => P + Buffer.from(JSON.stringify(o)).toString('base64url');
const dec = (id) => { try { return JSON.parse(Buffer.from(id.slice(P.length), 'base64url').toString()); } catch { return {}; } };
const bools = (m) => {
  const r = {};
  for (const [k, v] of Object.entries(m || {})) {
    if (v !== true && v !== false && v !== 'true' && v !== 'false') throw new Error('opt-in of ' + k + ' must be true or false, got ' + JSON.stringify(v));
    r[k] = v === true || v === 'true';
  }
  return r;
};
const replaced = async (e) => {
  const all = [];
  let t;
  do {
    const p = await new CloudFormationClient({}).send(new ListStackResourcesCommand({ StackName: e.StackId, NextToken: t }));
    all.push(...(p.StackResourceSummaries || []));
    t = p.NextToken;
  } while (t);
  return all.find((r) => r.ResourceType === e.ResourceType && !String(r.ResourceStatus).startsWith('DELETE_')
    && !(r.LogicalResourceId === e.LogicalResourceId && r.PhysicalResourceId === e.PhysicalResourceId));
};
exports.handler = async (event) => {
  let status = 'SUCCESS', reason, id = event.PhysicalResourceId || enc({});
  try {
    const props = event.ResourceProperties || {};
    const want = bools(props.ResourceTypeOptInPreference);
    const restore = props.RestoreOnDelete === true || props.RestoreOnDelete === 'true';
    const type = event.RequestType;
    const before = id.startsWith(P) ? dec(id) : {};
    const back = (m, cur, update) => { for (const [k, v] of Object.entries(m)) if (k in before && before[k] !== v && cur[k] === v) update[k] = before[k]; };
    const update = {};
    let rep;
    if (type === 'Delete' && (!restore || (rep = await replaced(event)))) {
      console.log(JSON.stringify({ requestType: type, update: 'none', restore, replacedBy: rep && rep.LogicalResourceId }));
    } else {
      const client = new BackupClient({});
      const cur = (await client.send(new DescribeRegionSettingsCommand({}))).ResourceTypeOptInPreference || {};
      if (type === 'Delete') back(want, cur, update);
      else {
        if (type === 'Create') id = enc(Object.fromEntries(Object.keys(want).filter((k) => k in cur).map((k) => [k, cur[k]])));
        const old = type === 'Update' ? bools((event.OldResourceProperties || {}).ResourceTypeOptInPreference) : {};
        if (restore) back(Object.fromEntries(Object.entries(old).filter(([k]) => !(k in want))), cur, update);
        for (const [k, v] of Object.entries(want)) if (cur[k] !== v) update[k] = v;
      }
      console.log(JSON.stringify({ requestType: type, update }));
      if (Object.keys(update).length > 0) await client.send(new UpdateRegionSettingsCommand({ ResourceTypeOptInPreference: update }));
    }
  } catch (e) {
    status = 'FAILED';
    reason = String((e && e.message) || e).slice(0, 1000);
    console.error(reason);
  }
  const body = JSON.stringify({ Status: status, Reason: reason, PhysicalResourceId: id, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId });
  const res = await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
  if (!res.ok) throw new Error('the response URL answered ' + res.status);
};
`;
