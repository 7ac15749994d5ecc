/**
 * Where AWS_ENDPOINT_URL sends every call, as "http://host:port" (no user, password or path),
 * for messages; undefined when it is not set or not a URL.
 */
export function endpointOverride(env: NodeJS.ProcessEnv): string | undefined {
  const text = env.AWS_ENDPOINT_URL
  if (!text) return undefined
  try {
    const url = new URL(text)
    return `${url.protocol}//${url.host}`
  } catch {
    return 'AWS_ENDPOINT_URL (not a URL)'
  }
}
