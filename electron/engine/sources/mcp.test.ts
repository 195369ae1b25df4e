import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

/**
 * test/fixtures/mcp/claims-triage.mcp.jsonl is written by hand (no real MCP log is in the corpus).
 * Message fields come from the MCP specification (JSON-RPC 2.0 `jsonrpc`, `id`, `method`,
 * `params`; `initialize` with `params.clientInfo.name` and a result with `serverInfo.name`;
 * `tools/call` with `params.name` and `params.arguments`; a result with `content[]` and
 * `isError`; a JSON-RPC `error` with `code` and `message`). The wrapper (`timestamp`,
 * `session_id`, `direction`, `message`) is Keytrail's documented logging shape
 * (docs/sources/agents.md). By line:
 *  1, 2   initialize from client claims-triage, answered by server vault-mcp (session s-41c2)
 *  3      notifications/initialized
 *  4, 5   tools/call vault_read id 1, isError false
 *  6      tools/call vault_read id 2, never answered
 *  7, 8   tools/call vault_write id 3, isError true, content text "permission denied"
 *  9      a line cut short (not JSON)
 *  10, 11 bare messages (no wrapper): tools/call list_files id "req-7", error -32602
 */
const fixture = resolve(import.meta.dirname, '../../../test/fixtures/mcp/claims-triage.mcp.jsonl');

const temp = useTempCase();

type Row = Record<string, unknown>;

describe('MCP JSON-RPC logs', () => {
  it('pairs each request with its answer by session and id, under the request line', async () => {
    await ingest(temp.db, [fixture]);

    const rows = await temp.db.all<Row>(
      `SELECT record_no::INTEGER AS n, category, action, outcome, error_code, error_message,
         actor, target, call_id FROM events WHERE record_no < 9 ORDER BY record_no`,
    );
    const agent = 'agent:claims-triage';
    expect(rows).toEqual([
      {
        n: 1,
        category: 'api_call',
        action: 'initialize',
        outcome: 'success',
        error_code: null,
        error_message: null,
        actor: agent,
        target: null,
        call_id: 's-41c2:0',
      },
      {
        n: 3,
        category: 'api_call',
        action: 'notifications/initialized',
        outcome: 'unknown',
        error_code: null,
        error_message: null,
        actor: agent,
        target: null,
        call_id: null,
      },
      {
        n: 4,
        category: 'tool_call',
        action: 'tools/call vault_read',
        outcome: 'success',
        error_code: null,
        error_message: null,
        actor: agent,
        target: 'tool:vault-mcp/vault_read',
        call_id: 's-41c2:1',
      },
      {
        n: 6,
        category: 'tool_call',
        action: 'tools/call vault_read',
        outcome: 'unknown',
        error_code: null,
        error_message: null,
        actor: agent,
        target: 'tool:vault-mcp/vault_read',
        call_id: 's-41c2:2',
      },
      {
        n: 7,
        category: 'tool_call',
        action: 'tools/call vault_write',
        outcome: 'failure',
        error_code: null,
        error_message: 'permission denied',
        actor: agent,
        target: 'tool:vault-mcp/vault_write',
        call_id: 's-41c2:3',
      },
    ]);
  });

  it('keeps the request time as written, to the microsecond', async () => {
    await ingest(temp.db, [fixture]);

    const rows = await temp.db.all<Row>(
      `SELECT record_no::INTEGER AS n, time_raw,
         strftime(time AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS t
       FROM events WHERE record_no IN (4, 6) ORDER BY record_no`,
    );
    expect(rows).toEqual([
      { n: 4, time_raw: '2025-12-01T09:14:04.001+00:00', t: '2025-12-01 09:14:04.001000' },
      { n: 6, time_raw: '2025-12-01T09:14:05.500123Z', t: '2025-12-01 09:14:05.500123' },
    ]);
  });

  it('reads bare messages with no time, and names the malformed line by number', async () => {
    const result = await ingest(temp.db, [fixture]);
    // Lines 1, 3, 4, 6, 7 and 10 are events; 2, 5, 8 and 11 are answers folded into them.
    expect(result.files[0]).toMatchObject({
      format: 'mcp.log',
      recordsRead: 6,
      recordsRejected: 1,
    });
    expect(result.files[0]!.firstError).toMatch(/^record 9: /);

    const bare = await temp.db.one<Row>(
      `SELECT time, time_raw, action, outcome, error_code, error_message, actor, target
       FROM events WHERE record_no = 10`,
    );
    expect(bare).toEqual({
      time: null,
      time_raw: null,
      action: 'tools/call list_files',
      outcome: 'failure',
      error_code: '-32602',
      error_message: 'Unknown tool: list_files',
      actor: null,
      target: 'tool:mcp/list_files',
    });
  });

  it('links the client agent to the tools it called in its session', async () => {
    await ingest(temp.db, [fixture]);
    await rebuildGraph(temp.db);

    const links = await temp.db.all<Row>(
      `SELECT from_id AS "from", kind, to_id AS "to", proof, call_count::INTEGER AS calls
       FROM links WHERE kind = 'called_tool' ORDER BY to_id`,
    );
    expect(links).toEqual([
      {
        from: 'agent:claims-triage',
        kind: 'called_tool',
        to: 'tool:vault-mcp/vault_read',
        proof: 'exact',
        calls: 2,
      },
      {
        from: 'agent:claims-triage',
        kind: 'called_tool',
        to: 'tool:vault-mcp/vault_write',
        proof: 'exact',
        calls: 1,
      },
    ]);
  });
});
