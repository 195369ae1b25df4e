import { base64For, s3RequestIdFor, uuidFor } from './prng.js';

/**
 * Builders for CloudTrail records in the shape AWS writes them (field order included), after
 * the real records in shared/corpus/aws-cloudtrail. A scenario describes calls; these functions
 * turn a call into the record a trail would hold.
 */

export interface IamUser {
  kind: 'user';
  account: string;
  name: string;
  userId: string;
  accessKeyId: string;
  /** Set for a console sign-in session: when it began and whether MFA was used. */
  console?: { creationDate: string };
}

export interface RoleSession {
  kind: 'session';
  account: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  accessKeyId: string;
  creationDate: string;
  /** Instance-profile credentials carry `ec2RoleDelivery`. */
  ec2?: boolean;
  /** A service-linked role session names the service that acts through it. */
  invokedBy?: string;
}

export interface AwsService {
  kind: 'service';
  host: string;
}

export type Who = IamUser | RoleSession | AwsService;

export interface Call {
  /** Stable name of the record: it seeds eventID, requestID and every other random-looking id. */
  label: string;
  time: string;
  /** The account whose trail holds the record (`recipientAccountId`). */
  trail: string;
  region: string;
  who: Who;
  source: string;
  name: string;
  ip: string;
  ua: string;
  request: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  readOnly: boolean;
  error?: { code: string; message: string };
  resources?: Record<string, unknown>[];
  additional?: Record<string, unknown>;
  /** Data events (S3 object calls) are not management events. */
  data?: boolean;
  sharedEventID?: string;
  vpcEndpointId?: string;
  /** The account that owns the endpoint, when not the trail's (a call into another account). */
  vpcEndpointAccountId?: string;
  eventType?: 'AwsApiCall' | 'AwsConsoleSignIn' | 'AwsServiceEvent';
  eventVersion?: string;
}

export const roleArn = (account: string, role: string): string =>
  `arn:aws:iam::${account}:role/${role}`;

export const userArn = (account: string, user: string): string =>
  `arn:aws:iam::${account}:user/${user}`;

export const sessionArn = (s: RoleSession): string =>
  `arn:aws:sts::${s.account}:assumed-role/${s.roleName}/${s.sessionName}`;

export function userIdentity(who: Who): Record<string, unknown> {
  if (who.kind === 'service') return { type: 'AWSService', invokedBy: who.host };

  if (who.kind === 'user') {
    // A console sign-in record names the user but no key: the key comes with the session.
    const identity: Record<string, unknown> = {
      type: 'IAMUser',
      principalId: who.userId,
      arn: userArn(who.account, who.name),
      accountId: who.account,
      ...(who.accessKeyId ? { accessKeyId: who.accessKeyId } : {}),
      userName: who.name,
    };
    if (who.console && who.accessKeyId) {
      identity.sessionContext = {
        attributes: { creationDate: who.console.creationDate, mfaAuthenticated: 'true' },
      };
    }
    return identity;
  }

  const sessionContext: Record<string, unknown> = {
    sessionIssuer: {
      type: 'Role',
      principalId: who.roleId,
      arn: roleArn(who.account, who.roleName),
      accountId: who.account,
      userName: who.roleName,
    },
    attributes: { creationDate: who.creationDate, mfaAuthenticated: 'false' },
  };
  if (who.ec2) sessionContext.ec2RoleDelivery = '2.0';
  const identity: Record<string, unknown> = {
    type: 'AssumedRole',
    principalId: `${who.roleId}:${who.sessionName}`,
    arn: sessionArn(who),
    accountId: who.account,
    accessKeyId: who.accessKeyId,
    sessionContext,
  };
  if (who.invokedBy) identity.invokedBy = who.invokedBy;
  return identity;
}

function hostHeader(call: Call): string {
  const service = call.source.replace('.amazonaws.com', '');
  if (service === 'iam') return 'iam.amazonaws.com';
  if (service === 'signin') return 'signin.aws.amazon.com';
  if (service === 's3' && typeof call.request?.bucketName === 'string') {
    return `${call.request.bucketName}.s3.${call.region}.amazonaws.com`;
  }
  return `${service}.${call.region}.amazonaws.com`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** CloudTrail's English date style in IAM and STS responses: `Nov 5, 2024, 10:52:05 PM`. */
export function consoleDate(iso: string, yearComma = true): string {
  const d = new Date(iso);
  const hours = d.getUTCHours() % 12 || 12;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = `${hours}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const day = `${months[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
  return `${day}${yearComma ? ',' : ''} ${clock} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

export function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** The responseElements of an AssumeRole call that created `session`. */
export function assumeRoleResponse(
  session: RoleSession,
  durationSeconds = 3600,
): Record<string, unknown> {
  return {
    credentials: {
      accessKeyId: session.accessKeyId,
      sessionToken: `IQoJb3JpZ2luX2VjE${base64For(`token:${session.accessKeyId}`, 360)}`,
      expiration: consoleDate(addSeconds(session.creationDate, durationSeconds)),
    },
    assumedRoleUser: {
      assumedRoleId: `${session.roleId}:${session.sessionName}`,
      arn: sessionArn(session),
    },
  };
}

/** One CloudTrail record, its fields in the order AWS writes them. */
export function record(call: Call): Record<string, unknown> {
  const byService = call.who.kind === 'service' || !/^[0-9a-f.:]+$/i.test(call.ip);
  const out: Record<string, unknown> = {
    eventVersion: call.eventVersion ?? (call.source === 'sts.amazonaws.com' ? '1.08' : '1.09'),
    userIdentity: userIdentity(call.who),
    eventTime: call.time,
    eventSource: call.source,
    eventName: call.name,
    awsRegion: call.region,
    sourceIPAddress: call.ip,
    userAgent: call.ua,
  };
  if (call.error) {
    out.errorCode = call.error.code;
    out.errorMessage = call.error.message;
  }
  out.requestParameters = call.request;
  out.responseElements = call.error ? null : (call.response ?? null);
  if (call.additional) out.additionalEventData = call.additional;
  out.requestID =
    call.source === 's3.amazonaws.com'
      ? s3RequestIdFor(call.label)
      : uuidFor(`request:${call.label}`);
  out.eventID = uuidFor(`event:${call.label}:${call.trail}`);
  out.readOnly = call.readOnly;
  if (call.resources) out.resources = call.resources;
  out.eventType = call.eventType ?? 'AwsApiCall';
  out.managementEvent = !call.data;
  out.recipientAccountId = call.trail;
  if (call.sharedEventID) out.sharedEventID = call.sharedEventID;
  if (call.vpcEndpointId) {
    out.vpcEndpointId = call.vpcEndpointId;
    out.vpcEndpointAccountId = call.vpcEndpointAccountId ?? call.trail;
  }
  out.eventCategory = call.data ? 'Data' : 'Management';
  if (!byService) {
    out.tlsDetails = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: hostHeader(call),
    };
  }
  if (call.who.kind === 'user' && call.who.console && call.who.accessKeyId) {
    out.sessionCredentialFromConsole = 'true';
  }
  return out;
}
