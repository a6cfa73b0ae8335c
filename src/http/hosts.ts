/**
 * Which interface names are loopback, and which `Host` headers a server accepts.
 *
 * Why: a browser page on `evil.example` can re-point its own name at 127.0.0.1 (DNS rebinding)
 * and then talk to a local server as a same-origin page, without an Origin header to refuse.
 * Its requests still carry `Host: evil.example`, so a loopback server accepts only loopback
 * host names, the name it was bound to, and names the operator allowed.
 *
 * @module
 */

/** True for names and addresses of the loopback interface. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** True for addresses that listen on every interface. */
export function isWildcardHost(hostname: string): boolean {
  const h = hostname.replace(/^\[(.*)\]$/, "$1");
  return h === "0.0.0.0" || h === "::" || h === "";
}

/** The host name of a `Host` header value (`name`, `name:port`, `[v6]`, `[v6]:port`). */
export function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end < 0 ? h : h.slice(1, end);
  }
  const colon = h.indexOf(":");
  return colon < 0 ? h : h.slice(0, colon);
}

/**
 * A `Host` check: loopback names always pass; so do `allowed` names (bare host names; the port
 * is not compared). `undefined` as `allowed` accepts every host (servers bound to all
 * interfaces without a configured list: the bearer token guards them).
 */
export function hostChecker(
  allowed: readonly string[] | undefined,
): (host: string | null) => boolean {
  if (allowed === undefined) return () => true;
  const names = new Set(allowed.map((a) => hostnameOf(a)));
  // Nearly every request repeats the previous Host: remember the last answer.
  let last: string | undefined;
  let lastOk = false;
  return (host) => {
    if (host === null) return false;
    if (host === last) return lastOk;
    const name = hostnameOf(host);
    last = host;
    lastOk = isLoopbackHost(name) || names.has(name);
    return lastOk;
  };
}
