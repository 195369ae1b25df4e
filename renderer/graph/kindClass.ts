/** The colour family of a node kind, as a CSS class (see styles.css, `.k-*`). */
export function kindClass(kind: string): string {
  if (kind.endsWith(':key') || kind.endsWith(':token') || kind.endsWith(':cred')) return 'k-cred';
  if (kind.endsWith(':session')) return 'k-session';
  if (kind.endsWith(':secret')) return 'k-secret';
  if (kind === 'ip') return 'k-ip';
  if (kind.endsWith(':account')) return 'k-account';
  if (kind.endsWith(':resource') || kind.endsWith(':path') || kind.endsWith(':repo')) {
    return 'k-resource';
  }
  return 'k-identity';
}
