/** Saves text as a file through the browser's download (exports and backups). */
export function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The download has started by then; the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Today's date for a file name: 2026-11-22. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
