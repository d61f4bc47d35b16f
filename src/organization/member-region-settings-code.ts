// The handler of the member baseline's region settings, as inline Lambda code (CloudFormation
// `Code.ZipFile`, at most 4,096 characters): a StackSet template cannot carry a CDK asset. Plain
// CommonJS for the Node.js runtime, which ships the AWS SDK v3; it answers CloudFormation itself with
// `fetch` (the `cfn-response` module is not needed).
//
// Create and Update set the named service opt-in preferences that differ (UpdateRegionSettings);
// Create records in the physical id the values those keys had before; Delete puts back each key this
// resource changed, unless someone changed it since. A Create that fails records nothing ('e30' is
// '{}'), so its Delete changes nothing.

/** The prefix of the physical id. */
export const MEMBER_REGION_SETTINGS_ID_PREFIX = 'member-region-settings:';

export const MEMBER_REGION_SETTINGS_CODE = `
const { BackupClient, DescribeRegionSettingsCommand, UpdateRegionSettingsCommand } = require('@aws-sdk/client-backup');
const P = '${MEMBER_REGION_SETTINGS_ID_PREFIX}';
const enc = (o) => P + Buffer.from(JSON.stringify(o)).toString('base64url');
const dec = (id) => { try { return JSON.parse(Buffer.from(id.slice(P.length), 'base64url').toString()); } catch { return {}; } };
exports.handler = async (event) => {
  let status = 'SUCCESS', reason, id = event.PhysicalResourceId || enc({});
  try {
    const want = {};
    for (const [k, v] of Object.entries((event.ResourceProperties || {}).ResourceTypeOptInPreference || {})) {
      if (v !== true && v !== false && v !== 'true' && v !== 'false') throw new Error('opt-in of ' + k + ' must be true or false, got ' + JSON.stringify(v));
      want[k] = v === true || v === 'true';
    }
    const client = new BackupClient({});
    const cur = (await client.send(new DescribeRegionSettingsCommand({}))).ResourceTypeOptInPreference || {};
    const update = {};
    if (event.RequestType === 'Delete') {
      const before = id.startsWith(P) ? dec(id) : {};
      for (const [k, v] of Object.entries(want)) if (k in before && before[k] !== v && cur[k] === v) update[k] = before[k];
    } else {
      if (event.RequestType === 'Create') id = enc(Object.fromEntries(Object.keys(want).filter((k) => k in cur).map((k) => [k, cur[k]])));
      for (const [k, v] of Object.entries(want)) if (cur[k] !== v) update[k] = v;
    }
    console.log(JSON.stringify({ requestType: event.RequestType, update }));
    if (Object.keys(update).length > 0) await client.send(new UpdateRegionSettingsCommand({ ResourceTypeOptInPreference: update }));
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
