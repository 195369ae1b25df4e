/**
 * The CloudTrail fields Keytrail reads, as one nested shape. DuckDB's `json_transform` pulls the
 * whole shape out of a record in a single parse, which costs a fraction of looking each path up
 * on its own; a field absent from a record, or of another JSON type than declared, comes out
 * NULL instead of failing the batch. The normalisation SQL refers to fields by name
 * (`field('eventName')`).
 */

type Shape = string | { [key: string]: Shape } | Shape[];

const V = 'VARCHAR';

const shape: Shape = {
  eventTime: V,
  '@timestamp': V,
  eventName: V,
  eventSource: V,
  errorCode: V,
  errorMessage: V,
  sourceIPAddress: V,
  userAgent: V,
  recipientAccountId: V,
  awsRegion: V,
  sharedEventID: V,
  eventID: V,
  userIdentity: {
    type: V,
    arn: V,
    userName: V,
    principalId: V,
    accessKeyId: V,
    invokedBy: V,
    accountId: V,
    identityProvider: V,
    onBehalfOf: { userId: V },
    sessionContext: { sessionIssuer: { arn: V } },
  },
  resources: [{ ARN: V }],
  responseElements: {
    ConsoleLogin: V,
    credentials: { accessKeyId: V },
    accessKey: { accessKeyId: V, userName: V },
    assumedRoleUser: { arn: V },
    federatedUser: { arn: V },
  },
  requestParameters: {
    roleArn: V,
    secretId: V,
    secretIdList: [V],
    name: V,
    names: [V],
    path: V,
    bucketName: V,
    key: V,
    accessKeyId: V,
    userName: V,
    roleName: V,
    instancesSet: { items: [{ instanceId: V }] },
    instanceId: V,
    functionName: V,
    groupName: V,
    groupId: V,
    policyArn: V,
    trailName: V,
    snapshotId: V,
    imageId: V,
    dBSnapshotIdentifier: V,
    modelId: V,
    target: V,
    documentName: V,
    resolverQueryLogConfigId: V,
    keyId: V,
    DeleteFlowLogsRequest: { FlowLogId: { content: V } },
  },
};

/** Field names used by the normalisation, each a path into the shape. */
const paths = {
  eventTime: ['eventTime'],
  timestamp: ['@timestamp'],
  eventName: ['eventName'],
  eventSource: ['eventSource'],
  errorCode: ['errorCode'],
  errorMessage: ['errorMessage'],
  sourceIp: ['sourceIPAddress'],
  userAgent: ['userAgent'],
  recipientAccount: ['recipientAccountId'],
  region: ['awsRegion'],
  sharedEventId: ['sharedEventID'],
  eventId: ['eventID'],
  userType: ['userIdentity', 'type'],
  userArn: ['userIdentity', 'arn'],
  userName: ['userIdentity', 'userName'],
  principalId: ['userIdentity', 'principalId'],
  accessKeyId: ['userIdentity', 'accessKeyId'],
  invokedBy: ['userIdentity', 'invokedBy'],
  userAccount: ['userIdentity', 'accountId'],
  identityProvider: ['userIdentity', 'identityProvider'],
  onBehalfOf: ['userIdentity', 'onBehalfOf', 'userId'],
  issuerArn: ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'],
  resourceArn: ['resources', 1, 'ARN'],
  consoleLogin: ['responseElements', 'ConsoleLogin'],
  issuedKey: ['responseElements', 'credentials', 'accessKeyId'],
  createdKey: ['responseElements', 'accessKey', 'accessKeyId'],
  createdKeyUser: ['responseElements', 'accessKey', 'userName'],
  assumedRoleArn: ['responseElements', 'assumedRoleUser', 'arn'],
  federatedArn: ['responseElements', 'federatedUser', 'arn'],
  roleArn: ['requestParameters', 'roleArn'],
  secretId: ['requestParameters', 'secretId'],
  firstSecretId: ['requestParameters', 'secretIdList', 1],
  paramName: ['requestParameters', 'name'],
  firstParamName: ['requestParameters', 'names', 1],
  paramPath: ['requestParameters', 'path'],
  bucketName: ['requestParameters', 'bucketName'],
  objectKey: ['requestParameters', 'key'],
  requestKeyId: ['requestParameters', 'accessKeyId'],
  requestUserName: ['requestParameters', 'userName'],
  requestRoleName: ['requestParameters', 'roleName'],
  instanceId: ['requestParameters', 'instancesSet', 'items', 1, 'instanceId'],
  requestInstanceId: ['requestParameters', 'instanceId'],
  functionName: ['requestParameters', 'functionName'],
  groupName: ['requestParameters', 'groupName'],
  groupId: ['requestParameters', 'groupId'],
  policyArn: ['requestParameters', 'policyArn'],
  trailName: ['requestParameters', 'trailName'],
  snapshotId: ['requestParameters', 'snapshotId'],
  imageId: ['requestParameters', 'imageId'],
  dbSnapshot: ['requestParameters', 'dBSnapshotIdentifier'],
  modelId: ['requestParameters', 'modelId'],
  sessionTarget: ['requestParameters', 'target'],
  documentName: ['requestParameters', 'documentName'],
  queryLogConfigId: ['requestParameters', 'resolverQueryLogConfigId'],
  flowLogId: ['requestParameters', 'DeleteFlowLogsRequest', 'FlowLogId', 'content'],
  kmsKeyId: ['requestParameters', 'keyId'],
} satisfies Record<string, (string | number)[]>;

export type Field = keyof typeof paths;

function typeText(node: Shape): string {
  if (typeof node === 'string') return JSON.stringify(node);
  if (Array.isArray(node)) return `[${node.map(typeText).join(',')}]`;
  return `{${Object.entries(node)
    .map(([key, value]) => `${JSON.stringify(key)}:${typeText(value)}`)
    .join(',')}}`;
}

/** `json_transform(<rec>, shape)`: the struct of every field, from one parse of the record. */
export function transformSql(rec: string): string {
  return `json_transform(${rec}, '${typeText(shape).replace(/'/g, "''")}')`;
}

/**
 * A field of the struct column `r`, with empty strings counted as absent (CloudTrail writes both
 * `""` and nothing for a missing value).
 */
export function field(name: Field): string {
  const access = (paths[name] ?? [])
    .map((step) => (typeof step === 'number' ? `[${step}]` : `."${step}"`))
    .join('');
  return `nullif(r${access}, '')`;
}
