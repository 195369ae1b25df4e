/**
 * Channels of the calls only the desktop shell answers (native dialogs). The sandboxed preload
 * cannot import this module, so it writes the same names out; a unit test keeps both equal.
 */
export const shellChannels = {
  chooseCase: 'keytrail:chooseCase',
  chooseEvidence: 'keytrail:chooseEvidence',
} as const;
