/**
 * Node ids are `<system>:<kind>:<value>` (or `ip:<address>`), the same in the case file, the CLI's
 * JSON and the UI. These helpers read them; the engine's SQL builds them with the same prefixes.
 */

const twoPartKinds = new Set(['ip', 'agent']);

/** The kind prefix of a node id: `aws:key` for `aws:key:ASIA...`, `ip` for `ip:1.2.3.4`. */
export function nodeKind(id: string): string {
  const first = id.indexOf(':');
  if (first < 0) return 'unknown';
  const system = id.slice(0, first);
  if (twoPartKinds.has(system)) return system;
  const second = id.indexOf(':', first + 1);
  return second < 0 ? system : id.slice(0, second);
}

/** The value part of a node id, after its kind prefix. */
export function nodeValue(id: string): string {
  const kind = nodeKind(id);
  return id.length > kind.length ? id.slice(kind.length + 1) : id;
}

/** A short label for a node: the last path part of an ARN, or the value itself. */
export function nodeLabel(id: string): string {
  const value = nodeValue(id);
  if (value.startsWith('arn:')) {
    const resource = value.split(':').slice(5).join(':');
    const kind = nodeKind(id);
    if (kind === 'aws:session') {
      const parts = resource.split('/');
      return parts.length >= 3 ? `${parts[1]}/${parts.slice(2).join('/')}` : resource;
    }
    if (kind === 'aws:role' || kind === 'aws:user') return resource.split('/').pop() || resource;
    return resource || value;
  }
  return value;
}

/**
 * What the label of a node leaves out of its id, for telling apart nodes that share a label: two
 * IAM users `alice` in two accounts, a role `terraform` under two IAM paths. Only ARNs lose
 * anything in their labels (every other label is the id's whole value), so only they have a
 * qualifier: the account, then the region and partition where the ARN names them (`aws` is not
 * named), the IAM path of a user or role where it is not `/`, and the service of other ARNs.
 * Each part is written as it stands in the id, so searching the inventory for it finds the node.
 */
export function nodeQualifier(id: string): string | null {
  const value = nodeValue(id);
  if (!value.startsWith('arn:')) return null;

  const [, partition = '', service = '', region = '', account = '', ...rest] = value.split(':');
  const resource = rest.join(':');
  const kind = nodeKind(id);
  const parts = [account, region, partition === 'aws' ? '' : partition];
  if (kind === 'aws:user' || kind === 'aws:role') {
    const path = resource.slice(resource.indexOf('/'), resource.lastIndexOf('/') + 1);
    if (path.length > 1) parts.push(path);
  } else if (kind !== 'aws:session') {
    parts.push(service);
  }
  const named = parts.filter((part) => part !== '');
  return named.length > 0 ? named.join(' · ') : null;
}

/** Words a person reads for each kind of node. */
export const kindNames: Record<string, string> = {
  'aws:key': 'AWS access key',
  'aws:user': 'IAM user',
  'aws:role': 'IAM role',
  'aws:session': 'Role session',
  'aws:account': 'AWS account',
  'aws:service': 'AWS service',
  'aws:federated': 'Federated principal',
  'aws:idc': 'Identity Center user',
  'aws:secret': 'Secret',
  'aws:resource': 'AWS resource',
  'k8s:sa': 'Kubernetes service account',
  'k8s:user': 'Kubernetes user',
  'k8s:pod': 'Kubernetes pod',
  'k8s:token': 'Kubernetes token',
  'k8s:secret': 'Kubernetes secret',
  'k8s:url': 'Kubernetes API path',
  'gcp:sa': 'GCP service account',
  'gcp:user': 'Google account',
  'gcp:principal': 'GCP federated principal',
  'gcp:key': 'GCP service account key',
  'gcp:secret': 'GCP secret',
  'gcp:resource': 'GCP resource',
  'vault:token': 'Vault token',
  'vault:entity': 'Vault entity',
  'vault:path': 'Vault path',
  'vault:role': 'Vault auth role',
  'vault:resource': 'Vault resource',
  'entra:sp': 'Entra service principal',
  'entra:mi': 'Entra managed identity',
  'entra:user': 'Entra user',
  'entra:app': 'Entra application',
  'entra:cred': 'Entra credential',
  'entra:fic': 'Entra federated credential',
  'entra:token': 'Entra token',
  'entra:session': 'Entra sign-in session',
  'entra:resource': 'Entra resource application',
  'entra:object': 'Entra directory object',
  'azure:resource': 'Azure resource',
  'okta:user': 'Okta user',
  'okta:app': 'Okta app or OAuth client',
  'okta:session': 'Okta session',
  'okta:token': 'Okta OAuth token',
  'okta:group': 'Okta group',
  'github:user': 'GitHub account',
  'github:token': 'GitHub token',
  'github:repo': 'GitHub repository',
  'github:org': 'GitHub organisation',
  'github:team': 'GitHub team',
  agent: 'AI agent',
  tool: 'Agent tool',
  endpoint: 'Network endpoint',
  host: 'Host',
  ip: 'Network address',
};

export function kindName(kind: string): string {
  return kindNames[kind] ?? kind;
}
