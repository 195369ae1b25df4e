import {
  assumeRoleResponse,
  roleArn,
  type Call,
  type RoleSession,
  type Who,
} from './cloudtrail.js';
import { accessKeyFor, base64For, uuidFor } from './prng.js';

/** Shorthands for the kinds of call the sample makes again and again. */

interface Where {
  label: string;
  time: string;
  trail: string;
  region: string;
  who: Who;
  ip: string;
  ua: string;
}

export function callerIdentity(where: Where): Call {
  return {
    ...where,
    source: 'sts.amazonaws.com',
    name: 'GetCallerIdentity',
    request: null,
    readOnly: true,
  };
}

/**
 * An AssumeRole call creating `session`. A cross-account call is written to both accounts'
 * trails: pass both in `trails` and the copies share a sharedEventID and a requestID but not
 * their eventID.
 */
export function assumeRole(
  where: Omit<Where, 'trail'>,
  session: RoleSession,
  options: { trails: string[]; durationSeconds?: number; sendDuration?: boolean },
): Call[] {
  const arn = roleArn(session.account, session.roleName);
  const request: Record<string, unknown> = { roleArn: arn, roleSessionName: session.sessionName };
  if (options.sendDuration) request.durationSeconds = options.durationSeconds ?? 3600;
  const shared = where.who.kind === 'service' || options.trails.length > 1;

  return options.trails.map((trail) => ({
    ...where,
    trail,
    source: 'sts.amazonaws.com',
    name: 'AssumeRole',
    request,
    response: assumeRoleResponse(session, options.durationSeconds ?? 3600),
    readOnly: true,
    resources: [{ ARN: arn, accountId: session.account, type: 'AWS::IAM::Role' }],
    sharedEventID: shared ? uuidFor(`shared:${where.label}`) : undefined,
  }));
}

/** An S3 object-level data event (GetObject, PutObject). */
export function s3Object(
  where: Where,
  name: 'GetObject' | 'PutObject',
  bucket: string,
  key: string,
  bytes: number,
  vpcEndpointId?: string,
): Call {
  const put = name === 'PutObject';
  return {
    ...where,
    source: 's3.amazonaws.com',
    name,
    request: { bucketName: bucket, Host: `${bucket}.s3.${where.region}.amazonaws.com`, key },
    response: put ? { 'x-amz-server-side-encryption': 'aws:kms' } : null,
    additional: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: put ? bytes : 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': base64For(`amzid:${where.label}`, 76),
      bytesTransferredOut: put ? 0 : bytes,
    },
    readOnly: !put,
    resources: [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: where.trail, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ],
    data: true,
    vpcEndpointId,
  };
}

/** An S3 bucket-level management call (ListBuckets, GetBucketPolicy, GetBucketAcl...). */
export function s3Bucket(
  where: Where,
  name: string,
  bucket: string | null,
  extra: Record<string, unknown> = {},
  error?: Call['error'],
): Call {
  const host = bucket
    ? `${bucket}.s3.${where.region}.amazonaws.com`
    : `s3.${where.region}.amazonaws.com`;
  return {
    ...where,
    source: 's3.amazonaws.com',
    name,
    request: bucket ? { bucketName: bucket, Host: host, ...extra } : { Host: host },
    readOnly: true,
    error,
    additional: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': base64For(`amzid:${where.label}`, 76),
      bytesTransferredOut: 0,
    },
    resources: bucket
      ? [{ accountId: where.trail, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }]
      : undefined,
  };
}

/** A plain management call: anything that is not STS or S3. */
export function api(
  where: Where,
  source: string,
  name: string,
  request: Record<string, unknown> | null,
  options: {
    readOnly?: boolean;
    response?: Record<string, unknown> | null;
    error?: Call['error'];
  } = {},
): Call {
  return {
    ...where,
    source,
    name,
    request,
    response: options.response ?? null,
    readOnly: options.readOnly ?? true,
    error: options.error,
  };
}

/** The message IAM writes when an identity policy does not allow an action. */
export function accessDenied(
  principalArn: string,
  action: string,
  resource: string,
): Call['error'] {
  return {
    code: 'AccessDenied',
    message:
      `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ` +
      `because no identity-based policy allows the ${action} action`,
  };
}

/** A role session of the background noise, its ids drawn from labels. */
export function serviceSession(
  account: string,
  roleName: string,
  sessionName: string,
  keyLabel: string,
  creationDate: string,
  invokedBy?: string,
): RoleSession {
  return {
    kind: 'session',
    account,
    roleName,
    roleId: accessKeyFor('AROA', `role:${account}:${roleName}`),
    sessionName,
    accessKeyId: accessKeyFor('ASIA', keyLabel),
    creationDate,
    invokedBy,
  };
}
