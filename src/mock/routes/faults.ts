/** Fault injection: checking a faults object, and matching its status and drop rules against a request. */
import type { MockFaults } from '../types.js';
import type { ArmedDrop, Ctx, MockContext, RuleState } from './context.js';
import { empty } from './responses.js';

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

/** Checks a faults object from JSON; returns it or a message saying what is wrong. */
export function validateFaults(input: unknown): MockFaults | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'faults must be a JSON object';
  const f = input as Record<string, unknown>;
  for (const key of [
    'latencyMs',
    'bandwidthBytesPerSecond',
    'uploadUrlLifetimeSeconds',
    'processingDelayMs',
    'clockOffsetSeconds',
  ]) {
    const v = f[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
      return `${key} must be a number ≥ 0`;
  }
  if (f.bandwidthBytesPerSecond === 0) return 'bandwidthBytesPerSecond must be > 0';
  if (f.rules !== undefined) {
    if (!Array.isArray(f.rules)) return 'rules must be an array';
    for (const [i, r] of f.rules.entries()) {
      if (typeof r !== 'object' || r === null) return `rules[${i}] must be an object`;
      const rule = r as Record<string, unknown>;
      if (rule.type === 'drop') {
        if (typeof rule.afterBytes !== 'number' || rule.afterBytes < 0)
          return `rules[${i}].afterBytes must be a number ≥ 0`;
      } else if (rule.type === 'status') {
        if (typeof rule.status !== 'number' || rule.status < 200 || rule.status > 599)
          return `rules[${i}].status must be an HTTP status (200–599)`;
      } else return `rules[${i}].type must be "drop" or "status"`;
      if (rule.nth !== undefined && (typeof rule.nth !== 'number' || rule.nth < 1))
        return `rules[${i}].nth must be ≥ 1`;
      if (rule.times !== undefined && rule.times !== 'always' && (typeof rule.times !== 'number' || rule.times < 1))
        return `rules[${i}].times must be ≥ 1 or "always"`;
    }
  }
  if (f.quotas !== undefined && (typeof f.quotas !== 'object' || f.quotas === null)) return 'quotas must be an object';
  if (f.locks !== undefined && !Array.isArray(f.locks)) return 'locks must be an array';
  return f as MockFaults;
}

export function ruleMatches(state: RuleState, ctx: Ctx): boolean {
  const { rule } = state;
  if (rule.type === 'status' && rule.method && rule.method.toUpperCase() !== ctx.effectiveMethod) return false;
  const route = rule.route ?? (rule.type === 'drop' ? 'tus-patch' : undefined);
  return route === undefined || route === ctx.route;
}

/** Counts the request against the rule; true when this one is among those it fires on. */
export function ruleFires(state: RuleState): boolean {
  state.seen++;
  const nth = state.rule.nth ?? 1;
  const times = state.rule.times ?? 1;
  // Drops armed on requests still being read count too: two bodies in flight must not share one `times: 1`.
  return state.seen >= nth && (times === 'always' || state.fired + state.armed < times);
}

export function matchStatusFault(m: MockContext, ctx: Ctx): Response | undefined {
  for (const state of m.rules) {
    if (state.rule.type !== 'status' || !ruleMatches(state, ctx) || !ruleFires(state)) continue;
    state.fired++;
    const rule = state.rule;
    ctx.log.fault = 'status';
    const headers: Record<string, string> = {};
    const retryAfter = rule.retryAfterSeconds ?? (rule.status === 429 || rule.status === 503 ? 1 : undefined);
    if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
    const body = rule.body ?? (rule.status === 502 ? BAD_GATEWAY_HTML : undefined);
    if (body === undefined) return empty(rule.status, headers);
    headers['Content-Type'] =
      rule.contentType ?? (rule.status === 502 && rule.body === undefined ? 'text/html' : 'text/plain');
    return new Response(body, { status: rule.status, headers });
  }
  return undefined;
}

export function armDrop(m: MockContext, ctx: Ctx): ArmedDrop | undefined {
  let armed: ArmedDrop | undefined;
  for (const state of m.rules) {
    if (state.rule.type !== 'drop' || !ruleMatches(state, ctx)) continue;
    if (ruleFires(state) && !armed) armed = { rule: state, afterBytes: state.rule.afterBytes };
  }
  return armed;
}
