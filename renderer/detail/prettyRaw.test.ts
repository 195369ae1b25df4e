import { describe, expect, it } from 'vitest';
import { prettyRaw } from './prettyRaw';

describe('prettyRaw', () => {
  it('indents a JSON record by two spaces a level', () => {
    expect(prettyRaw('{"eventName":"AssumeRole","userIdentity":{"type":"AWSService"}}')).toBe(
      '{\n  "eventName": "AssumeRole",\n  "userIdentity": {\n    "type": "AWSService"\n  }\n}',
    );
  });

  it('shows a record that is not JSON exactly as written', () => {
    expect(prettyRaw('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });
});
