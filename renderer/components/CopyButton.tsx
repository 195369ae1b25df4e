import { useState } from 'react';

/** Copies a value to the clipboard and says so for a moment. */
export function CopyButton({
  text,
  label,
  testId,
  className,
}: {
  text: string;
  label: string;
  testId?: string;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1200);
    } catch {
      // Without clipboard permission the text stays selectable in the panel.
      setCopied(false);
    }
  }

  return (
    <button
      type="button"
      className={className ? `copy ${className}` : 'copy'}
      onClick={() => void copy()}
      data-testid={testId}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}
