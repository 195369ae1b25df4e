import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Annotation, Finding, PathGraph } from '../../shared/model';

// A stand-in host: each call answers from the tables below and is recorded.
const calls: { method: string; request: unknown }[] = [];
const answers: Record<string, (request: Record<string, unknown>) => unknown> = {};

vi.mock('../api', () => ({
  transport: () => ({
    api: new Proxy(
      {},
      {
        get: (_t, method: string) => async (request: Record<string, unknown>) => {
          calls.push({ method, request });
          const answer = answers[method];
          if (!answer) {
            return { ok: false, error: { code: 'internal', message: `no answer for ${method}` } };
          }
          // An answer that throws (or a promise it gives that rejects) stands for a request the
          // engine stopped.
          try {
            return { ok: true, value: await answer(request) };
          } catch (error) {
            return { ok: false, error: { code: 'query_cancelled', message: String(error) } };
          }
        },
      },
    ),
  }),
}));

const { useStore } = await import('./index');
const { annotationKey } = await import('./annotationSlice');
const { timelineRequest } = await import('./timelineSlice');

const KEY = 'aws:key:ASIASTORE';
const graph: PathGraph = {
  start: KEY,
  direction: 'forward',
  nodes: [],
  links: [],
  truncated: false,
};
const annotation = (over: Partial<Annotation>): Annotation => ({
  targetKind: 'event',
  targetId: 'e1',
  tags: [],
  note: null,
  severity: null,
  starred: false,
  updatedAt: '2024-01-01T00:00:00.000000Z',
  ...over,
});

beforeEach(() => {
  calls.length = 0;
  for (const k of Object.keys(answers)) delete answers[k];
  useStore.setState({ annotations: {}, timelineScope: null, timelineConditions: {}, status: null });
});

describe('the timeline request', () => {
  it('joins the scope ids and the conditions, and pages by the page size', () => {
    expect(
      timelineRequest({ label: 'x', linkIds: ['l1'] }, { outcomes: ['failure'], starred: true }, 2),
    ).toEqual({
      outcomes: ['failure'],
      starred: true,
      linkIds: ['l1'],
      offset: 1000,
      limit: 500,
      count: false,
    });
  });

  it('counts a new list at each scope or filter, not when the same list is read again', () => {
    answers.timeline = () => ({ total: null, offset: 0, rows: [] });
    answers.timelineCount = () => ({ total: 0 });
    const before = useStore.getState().timelineList;
    useStore.getState().setTimelineScope({ label: 'All' });
    useStore.getState().setTimelineConditions({ starred: true });
    expect(useStore.getState().timelineList).toBe(before + 2);
    useStore.getState().refreshTimelineIfAnnotationFiltered();
    expect(useStore.getState().timelineList).toBe(before + 2);
    expect(calls.filter((c) => c.method === 'timeline')).toHaveLength(3);
  });

  it('keeps the rows on screen when the conditions applied are those already shown', async () => {
    answers.timeline = () => ({ total: null, offset: 0, rows: [] });
    answers.timelineCount = () => ({ total: 0 });
    useStore.getState().setTimelineScope({ label: 'All' });
    useStore.getState().setTimelineConditions({ outcomes: ['failure'] });
    const list = useStore.getState().timelineList;
    calls.length = 0;

    // What Apply sends after a choice that applied at once: the same conditions, spelled out.
    useStore.getState().setTimelineConditions({
      outcomes: ['failure'],
      text: undefined,
      actors: [],
      sort: 'time_asc',
    });
    expect(useStore.getState().timelineList).toBe(list);
    expect(calls).toEqual([]);

    useStore.getState().setTimelineConditions({ outcomes: ['failure'], sort: 'time_desc' });
    expect(useStore.getState().timelineList).toBe(list + 1);
    await vi.waitFor(() =>
      expect(calls.map((c) => c.method)).toEqual(['timeline', 'timelineCount']),
    );
  });

  it('asks for the count of the list it shows, and says nothing when an older one fails', async () => {
    answers.timeline = () => ({ total: null, offset: 0, rows: [] });
    // The first count is stopped once a newer list asks for its own (as the engine stops it);
    // the second answers.
    let stop: (error: Error) => void = () => undefined;
    let counts = 0;
    answers.timelineCount = () => {
      counts++;
      if (counts === 1) return new Promise((_resolve, reject) => (stop = reject));
      return { total: 12 };
    };
    useStore.setState({ notice: null });
    useStore.getState().setTimelineScope({ label: 'All' });
    await vi.waitFor(() => expect(counts).toBe(1));
    useStore.getState().setTimelineConditions({ outcomes: ['failure'] });
    stop(new Error('stopped'));
    await vi.waitFor(() => expect(useStore.getState().timelineCounted).toBe(true));

    expect(useStore.getState().timelineTotal).toBe(12);
    expect(useStore.getState().notice).toBeNull();
    const asked = calls.filter((c) => c.method === 'timelineCount').map((c) => c.request);
    expect(asked).toEqual([{ list: true }, { outcomes: ['failure'], list: true }]);
  });

  it('shows the first page while the count is out, and the count once it is in', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ eventId: `e${i}` }));
    let count: (value: { total: number }) => void = () => undefined;
    let page: (value: unknown) => void = () => undefined;
    // A value that is a promise resolves when the test says: the page first, the count last.
    answers.timeline = () => new Promise((resolve) => (page = resolve));
    answers.timelineCount = () => new Promise((resolve) => (count = resolve));

    useStore.getState().setTimelineScope({ label: 'All' });
    await vi.waitFor(() => expect(calls.map((c) => c.method)).toEqual(['timeline']));
    // The count waits for the first page, so that the two do not share the cores.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.map((c) => c.method)).toEqual(['timeline']);
    page({ total: null, offset: 0, rows });
    await vi.waitFor(() => expect(useStore.getState().timelinePages[0]).toHaveLength(500));
    expect(calls.map((c) => c.method)).toEqual(['timeline', 'timelineCount']);
    expect(calls[0]?.request).toEqual({ offset: 0, limit: 500, count: false });
    expect(useStore.getState()).toMatchObject({ timelineTotal: 500, timelineCounted: false });

    count({ total: 123_456 });
    await vi.waitFor(() => expect(useStore.getState().timelineCounted).toBe(true));
    expect(useStore.getState().timelineTotal).toBe(123_456);
  });
});

describe('the inventory in the store', () => {
  it('asks for no page before the case is known, then for page 0 once', async () => {
    answers.inventoryPage = () => ({ rows: [], total: 0, kinds: [] });
    useStore.setState({ caseInfo: null, inventoryPages: {} });
    await useStore.getState().loadInventoryPage(0);
    expect(calls.filter((c) => c.method === 'inventoryPage')).toHaveLength(0);

    useStore.setState({ caseInfo: { path: '/c.keytrail.duckdb' } as never });
    const loading = useStore.getState().loadInventory();
    await useStore.getState().loadInventoryPage(0);
    await loading;
    expect(calls.filter((c) => c.method === 'inventoryPage')).toHaveLength(1);
    useStore.setState({ caseInfo: null });
  });
});

describe('annotations in the store', () => {
  it('keep what the engine saved, and drop an annotation emptied of everything', async () => {
    answers.annotate = (r) => annotation({ starred: r.starred as boolean });

    await useStore.getState().annotate('event', 'e1', { starred: true });
    expect(useStore.getState().annotations[annotationKey('event', 'e1')]?.starred).toBe(true);

    await useStore.getState().annotate('event', 'e1', { starred: false });
    expect(useStore.getState().annotations).toEqual({});
  });

  it('reload a starred-only timeline when an event is starred, and not otherwise', async () => {
    answers.annotate = () => annotation({ starred: true });
    answers.timeline = () => ({ total: 0, offset: 0, rows: [] });
    useStore.setState({ timelineScope: { label: 'All' }, timelineConditions: {} });

    await useStore.getState().annotate('event', 'e1', { starred: true });
    expect(calls.filter((c) => c.method === 'timeline')).toHaveLength(0);

    useStore.setState({ timelineConditions: { starred: true } });
    await useStore.getState().annotate('event', 'e1', { starred: true });
    expect(calls.filter((c) => c.method === 'timeline')).toHaveLength(1);
  });

  it('say so when there is nothing to undo, and reload after an undo', async () => {
    answers.undoAnnotation = () => ({ undone: 0, targets: [] });
    await useStore.getState().undoAnnotation();
    expect(useStore.getState().status).toBe('Nothing to undo');

    answers.undoAnnotation = () => ({
      undone: 1,
      targets: [{ targetKind: 'path', targetId: 'p' }],
    });
    answers.annotations = () => [annotation({ targetKind: 'node', targetId: KEY, tags: ['x'] })];
    await useStore.getState().undoAnnotation();
    expect(useStore.getState().status).toBe('Undid the last change, made to a path');
    expect(Object.keys(useStore.getState().annotations)).toEqual([annotationKey('node', KEY)]);
  });
});

describe('opening a finding', () => {
  it('draws its path forward from its first node and lists its events', async () => {
    answers.paths = () => graph;
    answers.timeline = () => ({ total: 2, offset: 0, rows: [] });
    const finding: Finding = {
      findingId: 'f1',
      ruleId: 'role-chain',
      title: 'Role chain of depth three',
      severity: 'high',
      technique: 'T1078.004',
      summary: '',
      firstTime: null,
      lastTime: null,
      nodeIds: [KEY, 'aws:role:r'],
      linkIds: ['l1'],
      eventIds: ['e1', 'e2'],
    };

    await useStore.getState().openFinding(finding);

    expect(calls.find((c) => c.method === 'paths')?.request).toMatchObject({
      from: KEY,
      direction: 'forward',
    });
    const state = useStore.getState();
    expect(state.openFindingId).toBe('f1');
    expect(state.timelineScope).toEqual({
      label: 'Finding: Role chain of depth three',
      eventIds: ['e1', 'e2'],
      linkIds: ['l1'],
    });
  });
});
