import type { EvidenceFile } from '../../../shared/model.js';
import type { FileHead } from '../sources/types.js';

const images: [RegExp, string][] = [
  [/^\x89PNG/, 'PNG image'],
  [/^\xFF\xD8\xFF/, 'JPEG image'],
  [/^GIF8/, 'GIF image'],
  [/^%PDF/, 'PDF document'],
];

const logNames = /\.(json|jsonl|ndjson|log)(\.gz)?$/i;

/**
 * What to record for a file no source recognises. A file named like a log whose content is not
 * JSON is a failure the investigator should see; a README, an image or a JSON file of another
 * kind is skipped with the reason.
 */
export function classifyUnknown(
  head: FileHead,
): Pick<EvidenceFile, 'status' | 'firstError' | 'skipReason'> {
  const latin = head.bytes.subarray(0, 8).toString('latin1');
  const image = images.find(([magic]) => magic.test(latin));
  if (image) return { status: 'skipped', firstError: null, skipReason: `not a log: ${image[1]}` };

  const text = head.text.replace(/^\uFEFF/, '').trimStart();
  if (text.includes('\uFFFD') && !/^[[{]/.test(text)) {
    return {
      status: 'failed',
      firstError: 'record 1: invalid UTF-8 (binary content?)',
      skipReason: null,
    };
  }
  if (/^[[{]/.test(text)) {
    return {
      status: 'skipped',
      firstError: null,
      skipReason: 'JSON of no log format Keytrail reads',
    };
  }
  if (logNames.test(head.name)) {
    return {
      status: 'failed',
      firstError: 'record 1: not valid JSON (the file is not a JSON log)',
      skipReason: null,
    };
  }
  return {
    status: 'skipped',
    firstError: null,
    skipReason: 'not a log format Keytrail reads (text)',
  };
}
