import type { GraphLink, LinkKind, Proof } from '../../../shared/model.js';

/** A row of `links` as the path search and the report read it, counts as text. */
export interface LinkSqlRow {
  link_id: string;
  from_id: string;
  to_id: string;
  kind: LinkKind;
  proof: Proof;
  reason: string;
  score: number;
  call_count: string;
  evidence_count: string;
  failure_count: string;
  first_time: string | null;
  last_time: string | null;
  evidence: string[] | null;
}

/** The API's link from a `links` row; `evidence` is whatever list the query gathered. */
export function toGraphLink(r: LinkSqlRow): GraphLink {
  return {
    id: r.link_id,
    from: r.from_id,
    to: r.to_id,
    kind: r.kind,
    proof: r.proof,
    reason: r.reason,
    score: Number(r.score),
    count: Number(r.call_count),
    failures: Number(r.failure_count),
    first_time: r.first_time ?? '',
    last_time: r.last_time ?? '',
    evidence: r.evidence ?? [],
    evidence_count: Number(r.evidence_count),
  };
}
