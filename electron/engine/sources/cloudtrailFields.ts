/**
 * The CloudTrail fields Keytrail reads, each with its JSON path, in groups. DuckDB extracts a
 * group with one `json_extract_string(record, [paths])` call; each path looked up costs about as
 * much as parsing the record, so only the core group is read for every record and the others
 * only for the records that can use them (the S3 paths for S3 calls...). The normalisation SQL
 * refers to fields by name (`col('eventName')`).
 */
const groups = {
  core: {
    eventTime: '$.eventTime',
    timestamp: '$."@timestamp"',
    eventName: '$.eventName',
    eventSource: '$.eventSource',
    errorCode: '$.errorCode',
    userType: '$.userIdentity.type',
    userArn: '$.userIdentity.arn',
    userName: '$.userIdentity.userName',
    principalId: '$.userIdentity.principalId',
    accessKeyId: '$.userIdentity.accessKeyId',
    issuerArn: '$.userIdentity.sessionContext.sessionIssuer.arn',
    resourceArn: '$.resources[0].ARN',
    sourceIp: '$.sourceIPAddress',
    userAgent: '$.userAgent',
    recipientAccount: '$.recipientAccountId',
    region: '$.awsRegion',
    sharedEventId: '$.sharedEventID',
    eventId: '$.eventID',
  },
  error: {
    errorMessage: '$.errorMessage',
  },
  identity: {
    invokedBy: '$.userIdentity.invokedBy',
    userAccount: '$.userIdentity.accountId',
    onBehalfOf: '$.userIdentity.onBehalfOf.userId',
    identityProvider: '$.userIdentity.identityProvider',
  },
  issue: {
    consoleLogin: '$.responseElements.ConsoleLogin',
    issuedKey: '$.responseElements.credentials.accessKeyId',
    createdKey: '$.responseElements.accessKey.accessKeyId',
    createdKeyUser: '$.responseElements.accessKey.userName',
    assumedRoleArn: '$.responseElements.assumedRoleUser.arn',
    federatedArn: '$.responseElements.federatedUser.arn',
    roleArn: '$.requestParameters.roleArn',
  },
  secret: {
    secretId: '$.requestParameters.secretId',
    firstSecretId: '$.requestParameters.secretIdList[0]',
    paramName: '$.requestParameters.name',
    firstParamName: '$.requestParameters.names[0]',
    paramPath: '$.requestParameters.path',
  },
  s3: {
    bucketName: '$.requestParameters.bucketName',
    objectKey: '$.requestParameters.key',
  },
  iam: {
    requestKeyId: '$.requestParameters.accessKeyId',
    requestUserName: '$.requestParameters.userName',
    requestRoleName: '$.requestParameters.roleName',
  },
  named: {
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
  },
} as const;

type Groups = typeof groups;
type Group = keyof Groups;
export type Field = { [G in Group]: keyof Groups[G] }[Group];

const issuing = `'AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'GetSessionToken',
  'GetFederationToken', 'CreateAccessKey', 'ConsoleLogin'`;

/** When each group beyond the core is read, over the core fields. */
const readWhen: Record<Exclude<Group, 'core'>, string> = {
  error: `${core('errorCode')} IS NOT NULL`,
  identity: `coalesce(${core('userType')}, '') NOT IN ('IAMUser', 'AssumedRole')
    OR ${core('recipientAccount')} IS NULL`,
  issue: `${core('eventName')} IN (${issuing})`,
  secret: `${core('eventSource')} IN ('secretsmanager.amazonaws.com', 'ssm.amazonaws.com')`,
  s3: `${core('eventSource')} = 's3.amazonaws.com'`,
  iam: `${core('eventSource')} = 'iam.amazonaws.com'`,
  named: `${core('resourceArn')} IS NULL`,
};

function groupOf(name: Field): Group {
  for (const group of Object.keys(groups) as Group[]) {
    if (name in groups[group]) return group;
  }
  throw new Error(`Failed to find CloudTrail field ${name}`);
}

function listOf(group: Group): string {
  return group === 'core' ? 'v' : `v_${group}`;
}

function pathsOf(group: Group): string {
  const paths = Object.values(groups[group]) as string[];
  return `[${paths.map((path) => `'${path.replace(/'/g, "''")}'`).join(', ')}]`;
}

/** `nullif(list[i], '')` for a field: empty strings count as absent, as CloudTrail writes both. */
function fieldValue(name: Field): string {
  const group = groupOf(name);
  const index = Object.keys(groups[group]).indexOf(name) + 1;
  return `nullif(${listOf(group)}[${index}], '')`;
}

function core(name: keyof Groups['core']): string {
  return fieldValue(name);
}

/** The core list `v`, extracted from the JSON expression `rec` for every record. */
export function coreColumn(rec: string): string {
  return `json_extract_string(${rec}, ${pathsOf('core')}) AS v`;
}

/** The other groups' lists, each extracted only where its condition holds (NULL elsewhere). */
export function groupColumns(rec: string): string {
  return (Object.keys(readWhen) as Exclude<Group, 'core'>[])
    .map(
      (group) =>
        `CASE WHEN ${readWhen[group]} THEN json_extract_string(${rec}, ${pathsOf(group)}) END AS ${listOf(group)}`,
    )
    .join(',\n      ');
}

/** Every field as a named column (`f_event_name`), over the lists. */
export function fieldColumns(): string {
  const names = (Object.keys(groups) as Group[]).flatMap(
    (group) => Object.keys(groups[group]) as Field[],
  );
  return names.map((name) => `${fieldValue(name)} AS ${col(name)}`).join(',\n      ');
}

export function col(name: Field): string {
  return `f_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}
