/**
 * DNS-rebinding protection: the server answers only requests addressed to
 * the loopback interface by name or address (`127.0.0.1`, `localhost`,
 * `[::1]`), at its own port.
 */

/** True when `host` (the Host header) names this machine's loopback at `port`. */
export function localHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
}
