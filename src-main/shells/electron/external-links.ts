/**
 * Links the app may open in the user's browser: https only, to hosts on this list. Anything else
 * (other schemes, other hosts, file://) is refused, so a link in listing text cannot launch a program.
 */
const ALLOWED_HOSTS = new Set(['huggingface.co', 'github.com', 'docs.sahel.app']);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' && url.username === '' && url.password === '' && ALLOWED_HOSTS.has(url.hostname)
  );
}
