import type { FindingRule } from '../rule.js';
import { accountOf, iso } from '../sqlParts.js';

/** A chain of this many AssumeRole hops or more is a finding even inside one account. */
export const ROLE_CHAIN_MIN_DEPTH = 3;
/** The walk stops here; AWS itself caps chained sessions at one hour, so real chains are short. */
export const ROLE_CHAIN_MAX_DEPTH = 10;

/**
 * Role chains: a credential assumes a role, the session's key assumes another, and so on. Each
 * hop is an AssumeRole* call whose credential (or, for a web identity, whose federated actor) is
 * the previous hop's issued key, no earlier than that key's issuance minus the clock skew. Only
 * the longest chains are reported (a chain that goes on is not reported again at each step):
 * those of ROLE_CHAIN_MIN_DEPTH hops or more, and any that crosses into another account.
 *
 * The recursion is guarded twice, as a recursive CTE over a graph with cycles must be: a chain
 * never takes a key it already holds, and never grows past ROLE_CHAIN_MAX_DEPTH.
 */
export const roleChain: FindingRule = {
  id: 'role-chain',
  title: 'Role chain of three hops or more, or across accounts',
  severity: 'high',
  technique: 'T1078.004',
  summary: 'Role chain of {hops} from {root}: {roles}{across}.',
  params: (settings) => ({
    skew: settings.clockSkewSeconds,
    minDepth: ROLE_CHAIN_MIN_DEPTH,
    maxDepth: ROLE_CHAIN_MAX_DEPTH,
  }),
  sql: `
    WITH RECURSIVE calls AS (
      SELECT coalesce(e.credential, e.actor) AS from_node, e.issued AS to_cred,
        e.target AS role, e.event_id, e.time,
        coalesce(${accountOf('e.actor')}, e.account) AS from_account
      FROM events e
      WHERE e.source = 'aws.cloudtrail' AND e.action LIKE 'AssumeRole%' AND e.outcome = 'success'
        AND coalesce(e.credential, e.actor) IS NOT NULL AND e.issued IS NOT NULL
        AND e.time IS NOT NULL AND starts_with(e.target, 'aws:role:')
      QUALIFY row_number() OVER (PARTITION BY coalesce(e.credential, e.actor), e.issued
        ORDER BY e.time, e.event_id) = 1),
    -- Most hops neither follow nor lead to another: each is a chain of one hop, kept only where
    -- it crosses accounts (or one hop is deep enough), and only hops that do join the walk.
    linked AS (
      SELECT * FROM calls
      WHERE from_node IN (SELECT to_cred FROM calls) OR to_cred IN (SELECT from_node FROM calls)),
    kept AS (
      SELECT * FROM linked
      UNION ALL
      SELECT * FROM calls c
      WHERE ($minDepth <= 1 OR c.from_account <> ${accountOf('c.role')})
        AND c.event_id NOT IN (SELECT event_id FROM linked)),
    hops AS (
      SELECT k.*, s.session
      FROM kept k LEFT JOIN (
        SELECT event_id, to_id, min(from_id) AS session FROM source_links
        WHERE kind = 'holds' AND event_id IN (SELECT event_id FROM kept) GROUP BY event_id, to_id
      ) s ON s.event_id = k.event_id AND s.to_id = k.to_cred),
    chain AS (
      SELECT h.from_node AS root, h.to_cred AS cred, 1 AS depth,
        [h.from_node, h.role, h.session, h.to_cred] AS nodes, [h.event_id] AS events,
        [h.role] AS roles, [h.from_account, ${accountOf('h.role')}] AS accounts,
        h.time AS first_time, h.time AS last_time
      FROM hops h WHERE NOT EXISTS (SELECT 1 FROM hops p WHERE p.to_cred = h.from_node)
      UNION ALL
      SELECT c.root, h.to_cred, c.depth + 1, list_concat(c.nodes, [h.role, h.session, h.to_cred]),
        list_append(c.events, h.event_id), list_append(c.roles, h.role),
        list_append(c.accounts, ${accountOf('h.role')}), c.first_time, h.time
      FROM chain c JOIN hops h ON h.from_node = c.cred
      WHERE c.depth < $maxDepth AND NOT list_contains(c.nodes, h.to_cred)
        AND h.time >= c.last_time - to_seconds($skew::BIGINT)),
    longest AS (
      SELECT *, list_distinct(list_filter(accounts, a -> a IS NOT NULL)) AS distinct_accounts
      FROM chain c
      WHERE c.depth = $maxDepth OR NOT EXISTS (
        SELECT 1 FROM hops h WHERE h.from_node = c.cred AND NOT list_contains(c.nodes, h.to_cred)
          AND h.time >= c.last_time - to_seconds($skew::BIGINT)))
    SELECT root || ' > ' || cred AS key,
      CASE WHEN len(distinct_accounts) > 1 THEN 'high' ELSE 'medium' END AS severity,
      ${iso('first_time')} AS first_time, ${iso('last_time')} AS last_time,
      nodes AS node_ids, events AS event_ids,
      json_object('hops', CASE WHEN depth = 1 THEN '1 hop' ELSE depth || ' hops' END, 'root', root,
        'roles', array_to_string(list_transform(roles, r -> replace(r, 'aws:role:', '')), ' -> '),
        'across', CASE WHEN len(distinct_accounts) > 1
          THEN ', across accounts ' || array_to_string(list_filter(accounts, a -> a IS NOT NULL), ' -> ')
          ELSE '' END) AS vars
    FROM longest
    WHERE depth >= $minDepth OR len(distinct_accounts) > 1`,
};
