/**
 * Removes the credentials of every URL in a text: `http://user:PASS@host/x` becomes
 * `http://***@host/x`. Applied to everything we print or store that may hold a URL (manifests,
 * retry and fault lines, error messages: ccxt puts the request URL in its messages), so a password
 * given in --exchange-url never reaches a log or an artifact.
 */
export function redactCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, '$1***@');
}
