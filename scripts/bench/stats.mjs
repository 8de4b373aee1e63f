// How the bench measures: closed-loop load at a fixed concurrency, open-loop load at a fixed arrival rate,
// sequential samples interleaved across variants, and the summaries (requests per second, p50, p99) of each.

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export const round = (ms) => Math.round(ms * 100) / 100;
export const ratio = (a, b) => Math.round((a / b) * 100) / 100;
const sum = (values) => values.reduce((a, b) => a + b, 0);

export function summarise(latencies, errors, elapsedMs) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: Math.round((latencies.length / elapsedMs) * 1000),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
  };
}

/** Sequential samples: their rate is one over their mean latency. */
export const summariseSequential = (latencies, errors) => summarise(latencies, errors, sum(latencies));

/**
 * `concurrency` clients each send `kind.request(i)` and wait for the whole body, for `durationMs`. Only answers
 * that complete within it count towards the rate: the requests still in flight at its end are awaited (and their
 * latencies kept), so that the next slice starts on an idle runtime, but counting them with the time they took
 * would charge the slower kind a longer tail in every slice.
 */
async function closedLoop(kind, concurrency, durationMs) {
  const end = performance.now() + durationMs;
  const client = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const response = await kind.request(kind.i++);
      await response.arrayBuffer();
      const t1 = performance.now();
      kind.latencies.push(t1 - t0);
      if (response.status >= 300) kind.errors++;
      if (t1 <= end) kind.counted++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
}

/** The lowest and highest of some ratios, rounded. */
export const range = (ratios) => [ratio(Math.min(...ratios), 1), ratio(Math.max(...ratios), 1)];

/**
 * Closed-loop load of several kinds of request, the first of them the reference (the ceiling), in alternating
 * slices (a b c, c b a, a b c, …): `durationMs` of each in all, cut in `slices`, after `warmup` untimed requests of
 * each. Two loads run one after the other saw this machine's speed drift between them, and their ratio moved by up
 * to 0.2 from run to run (the filtered GET's: 0.53× and 0.41×); slices a second long see the same machine. Any
 * non-2xx answer counts as an error. Returns each kind's summary over its slices (its rate from the answers within
 * them, and its rate in each slice) and, for each kind after the first, the ratio of its rate to the first's,
 * with the lowest and highest ratio of a pair of adjacent slices. `settleLog` before each slice lets the system
 * log's writes of the load before it end, so that no load pays for its neighbour's.
 */
export async function alternatedLoad({ concurrency, durationMs, slices, warmup, kinds: requests }) {
  const kinds = requests.map((request) => ({
    request,
    i: 0,
    latencies: [],
    errors: 0,
    counted: 0,
    rates: [],
  }));
  for (const kind of kinds)
    for (let w = 0; w < warmup; w++) await (await kind.request(kind.i++)).arrayBuffer();
  const sliceMs = durationMs / slices;
  for (let slice = 0; slice < slices; slice++) {
    for (const kind of slice % 2 === 0 ? kinds : [...kinds].reverse()) {
      await settleLog();
      const before = kind.counted;
      await closedLoop(kind, concurrency, sliceMs);
      kind.rates.push((kind.counted - before) / sliceMs);
    }
  }
  const [reference] = kinds;
  // Latencies of every answer, the tail included; the count and the rate of the answers within the slices.
  return kinds.map((kind) => {
    const sliceRatios = kind.rates.map((rate, slice) => rate / reference.rates[slice]);
    return {
      ...summarise(kind.latencies, kind.errors, durationMs),
      requests: kind.counted,
      rps: Math.round((kind.counted / durationMs) * 1000),
      // From the counts, not from the rounded rates.
      ratio: ratio(kind.counted, reference.counted),
      sliceRatios: range(sliceRatios),
      sliceRates: kind.rates,
    };
  });
}

/**
 * Waits longer than the system log's commit delay and its write (src/log/group-commit.ts, 25 ms), so that the
 * entries of the requests sent so far are written before what comes next is measured.
 */
export const settleLog = () => new Promise((resolve) => setTimeout(resolve, 100));

const until = (at) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/**
 * Open-loop load: request k is due at `startAt + k / rate` whether or not earlier ones have answered, as an IdP's
 * provisioning job sends them. Latency counts from when a request was due, not from when the load generator got
 * round to sending it, so that a late generator or a slow server cannot hide queueing (no coordinated omission).
 * `next(k)` returns `[label, send]`; each sample is `{ label, ms, ok, status }`. `lateMs` is the worst delay
 * between a request's due time and its sending, the generator's own lag; `elapsedMs` runs from the first due time
 * to the last answer, so that requests ÷ elapsed is the rate served (below the offered rate when overloaded).
 */
export async function openLoop({ rate, durationMs, startAt, next }) {
  const count = Math.floor((durationMs / 1000) * rate);
  const samples = [];
  const inflight = [];
  let lateMs = 0;
  for (let k = 0; k < count; k++) {
    const due = startAt + (k * 1000) / rate;
    await until(due);
    lateMs = Math.max(lateMs, performance.now() - due);
    const [label, send] = next(k);
    inflight.push(
      (async () => {
        let status = 0;
        try {
          const response = await send();
          await response.arrayBuffer();
          status = response.status;
        } catch {
          // A request that never answered is an error, not a missing sample.
        }
        samples.push({ label, ms: performance.now() - due, ok: status >= 200 && status < 300, status });
      })(),
    );
  }
  await Promise.all(inflight);
  return { samples, lateMs: round(lateMs), elapsedMs: performance.now() - startAt };
}

/** p50 / p99 and errors of open-loop samples; rps is the rate served over `elapsedMs`. */
export function summariseSamples(samples, elapsedMs) {
  const failed = samples.filter((s) => !s.ok);
  return {
    ...summarise(
      samples.map((s) => s.ms),
      failed.length,
      elapsedMs,
    ),
    ...(failed.length ? { statuses: [...new Set(failed.map((s) => s.status))].join(",") } : {}),
  };
}

/**
 * Sequential latency of several variants of one request, interleaved (variant 0, 1, …, 0, 1, …) so that a
 * noisy machine slows them all alike and their ratios hold. `request(variant, i)`.
 */
export async function interleaved({ variants, samples, warmup, request }) {
  for (let w = 0; w < warmup; w++) {
    for (let v = 0; v < variants; v++) await (await request(v, w)).arrayBuffer();
  }
  const latencies = Array.from({ length: variants }, () => []);
  const errors = Array.from({ length: variants }, () => 0);
  for (let i = 0; i < samples; i++) {
    for (let v = 0; v < variants; v++) {
      const t0 = performance.now();
      const response = await request(v, warmup + i);
      await response.arrayBuffer();
      latencies[v].push(performance.now() - t0);
      if (response.status >= 300) errors[v]++;
    }
  }
  return latencies.map((l, v) => summariseSequential(l, errors[v]));
}
