/**
 * The CloudTrail fields Keytrail reads, each with its JSON path. DuckDB extracts them all with one
 * `json_extract_string(record, [paths])` call, which parses each record once; the normalisation
 * SQL then refers to them by name.
 */
const paths = {
  eventTime: '$.eventTime',
  timestamp: '$."@timestamp"',
  eventName: '$.eventName',
  eventSource: '$.eventSource',
  errorCode: '$.errorCode',
  errorMessage: '$.errorMessage',
  consoleLogin: '$.responseElements.ConsoleLogin',
  userType: '$.userIdentity.type',
  userArn: '$.userIdentity.arn',
  invokedBy: '$.userIdentity.invokedBy',
  userAccount: '$.userIdentity.accountId',
  onBehalfOf: '$.userIdentity.onBehalfOf.userId',
  identityProvider: '$.userIdentity.identityProvider',
  userName: '$.userIdentity.userName',
  principalId: '$.userIdentity.principalId',
  accessKeyId: '$.userIdentity.accessKeyId',
  issuerArn: '$.userIdentity.sessionContext.sessionIssuer.arn',
  issuedKey: '$.responseElements.credentials.accessKeyId',
  createdKey: '$.responseElements.accessKey.accessKeyId',
  createdKeyUser: '$.responseElements.accessKey.userName',
  assumedRoleArn: '$.responseElements.assumedRoleUser.arn',
  federatedArn: '$.responseElements.federatedUser.arn',
  roleArn: '$.requestParameters.roleArn',
  secretId: '$.requestParameters.secretId',
  firstSecretId: '$.requestParameters.secretIdList[0]',
  paramName: '$.requestParameters.name',
  firstParamName: '$.requestParameters.names[0]',
  paramPath: '$.requestParameters.path',
  bucketName: '$.requestParameters.bucketName',
  objectKey: '$.requestParameters.key',
  requestKeyId: '$.requestParameters.accessKeyId',
  requestUserName: '$.requestParameters.userName',
  requestRoleName: '$.requestParameters.roleName',
  resourceArn: '$.resources[0].ARN',
  sourceIp: '$.sourceIPAddress',
  userAgent: '$.userAgent',
  recipientAccount: '$.recipientAccountId',
  region: '$.awsRegion',
  sharedEventId: '$.sharedEventID',
  eventId: '$.eventID',
  instanceId: '$.requestParameters.instancesSet.items[0].instanceId',
  requestInstanceId: '$.requestParameters.instanceId',
  functionName: '$.requestParameters.functionName',
  groupName: '$.requestParameters.groupName',
  groupId: '$.requestParameters.groupId',
  policyArn: '$.requestParameters.policyArn',
  trailName: '$.requestParameters.trailName',
  snapshotId: '$.requestParameters.snapshotId',
  imageId: '$.requestParameters.imageId',
  dbSnapshot: '$.requestParameters.dBSnapshotIdentifier',
  modelId: '$.requestParameters.modelId',
  sessionTarget: '$.requestParameters.target',
  documentName: '$.requestParameters.documentName',
  queryLogConfigId: '$.requestParameters.resolverQueryLogConfigId',
  flowLogId: '$.requestParameters.DeleteFlowLogsRequest.FlowLogId.content',
  kmsKeyId: '$.requestParameters.keyId',
  requestName: '$.requestParameters.name',
} as const;

export type Field = keyof typeof paths;

const names = Object.keys(paths) as Field[];

/** The SQL list literal of every path, in a fixed order. */
export const pathList = `[${names.map((name) => `'${paths[name].replace(/'/g, "''")}'`).join(', ')}]`;

/** `nullif(v[i], '')` for a field: empty strings count as absent, as CloudTrail writes both. */
export function field(name: Field, list = 'v'): string {
  return `nullif(${list}[${names.indexOf(name) + 1}], '')`;
}

/** The columns of every field by name, for a SELECT list over the extracted list `v`. */
export function fieldColumns(list = 'v'): string {
  return names.map((name) => `${field(name, list)} AS ${snake(name)}`).join(',\n      ');
}

export function col(name: Field): string {
  return snake(name);
}

function snake(name: string): string {
  return `f_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}
