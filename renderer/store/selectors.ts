import type { Store } from './types';

/** Named selectors: components read the store through these, never by ad-hoc lambdas. */

export const selectCaseInfo = (s: Store) => s.caseInfo;
export const selectCaseChecked = (s: Store) => s.caseChecked;
export const selectOpenCase = (s: Store) => s.openCase;
export const selectLoadCaseInfo = (s: Store) => s.loadCaseInfo;

export const selectEvidence = (s: Store) => s.evidence;
export const selectIngest = (s: Store) => ({
  ingesting: s.ingesting,
  progress: s.progress,
  lastIngest: s.lastIngest,
});
export const selectEvidenceActions = (s: Store) => ({
  addEvidencePaths: s.addEvidencePaths,
  addEvidenceFiles: s.addEvidenceFiles,
});
export const selectSetProgress = (s: Store) => s.setProgress;

export const selectInventory = (s: Store) => ({
  search: s.inventorySearch,
  conditions: s.inventoryConditions,
  total: s.inventoryTotal,
  kinds: s.inventoryKinds,
  loading: s.inventoryLoading,
  setSearch: s.setInventorySearch,
  setConditions: s.setInventoryConditions,
  reload: s.loadInventory,
});
export const selectInventoryPages = (s: Store) => ({
  total: s.inventoryTotal,
  pages: s.inventoryPages,
  loadPage: s.loadInventoryPage,
});

export const selectPath = (s: Store) => ({
  start: s.pathStart,
  direction: s.direction,
  graph: s.pathGraph,
  loading: s.graphLoading,
});
export const selectShowPath = (s: Store) => s.showPath;
export const selectGraphView = (s: Store) => ({
  view: s.graphView,
  toggleGroup: s.toggleGroup,
  toggleCollapsed: s.toggleCollapsed,
  expandNode: s.expandNode,
  setGraphTime: s.setGraphTime,
});
export const selectSetDirection = (s: Store) => s.setDirection;

export const selectGraphSelection = (s: Store) => ({
  linkId: s.selectedLinkId,
  nodeId: s.selectedNodeId,
  selectLink: s.selectLink,
  selectNode: s.selectNode,
  clearGraphSelection: s.clearGraphSelection,
});

export const selectTimeline = (s: Store) => ({
  scope: s.timelineScope,
  total: s.timelineTotal,
  counted: s.timelineCounted,
  pages: s.timelinePages,
  loadPage: s.loadTimelinePage,
  columns: s.timelineColumns,
});
export const selectTimelineControls = (s: Store) => ({
  conditions: s.timelineConditions,
  columns: s.timelineColumns,
  setConditions: s.setTimelineConditions,
  setColumns: s.setTimelineColumns,
  showAllEvents: s.showAllEvents,
});

export const selectEventSelection = (s: Store) => ({
  eventId: s.selectedEventId,
  selectEvent: s.selectEvent,
});
export const selectEventDetail = (s: Store) => s.eventDetail;
export const selectEventNeighbours = (s: Store) => s.eventNeighbours;

export const selectNotice = (s: Store) => s.notice;
export const selectDismissNotice = (s: Store) => s.dismissNotice;

export const selectAnnotations = (s: Store) => s.annotations;
export const selectAnnotate = (s: Store) => s.annotate;
export const selectUndoAnnotation = (s: Store) => s.undoAnnotation;

export const selectTheme = (s: Store) => ({ theme: s.theme, setTheme: s.setTheme });
export const selectBottomTab = (s: Store) => ({ tab: s.bottomTab, setTab: s.setBottomTab });
export const selectStatus = (s: Store) => ({ status: s.status, clear: s.clearStatus });

export const selectConsole = (s: Store) => ({
  sql: s.consoleSql,
  result: s.consoleResult,
  running: s.consoleRunning,
  saved: s.savedQueries,
  setSql: s.setConsoleSql,
  run: s.runQuery,
  cancel: s.cancelQuery,
  save: s.saveQuery,
  loadSaved: s.loadSavedQueries,
});

export const selectTimelineViews = (s: Store) => ({
  views: s.timelineViews,
  load: s.loadTimelineViews,
  save: s.saveTimelineView,
  apply: s.applyTimelineView,
  applied: s.timelineViewsApplied,
});

export const selectFindings = (s: Store) => ({
  findings: s.findings,
  openId: s.openFindingId,
  open: s.openFinding,
});
export const selectOpenFinding = (s: Store) =>
  s.findings.find((f) => f.findingId === s.openFindingId) ?? null;
