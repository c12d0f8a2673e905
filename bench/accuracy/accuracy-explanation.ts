import { FALSE_POSITIVE_CAUSES } from './accuracy-matching';
import type { AccuracyReport, SourceReport } from './accuracy-report';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The bullet on TRACKER_PAIRING, with this run's figures of both modes (when both were run). */
function pairingChange(report: AccuracyReport): string[] {
  const live = report.pairings.live;
  const exact = report.pairings.exact;
  const head = '- **`live` pairing, the default** (`TRACKER_PAIRING`, `src/tracker/migration-detector.ts`).';
  if (live?.CHATTERS === undefined || exact?.CHATTERS === undefined) {
    return [`${head} Not compared in this run (CHATTERS in both modes is needed).`];
  }
  const poll = report.options.pollIntervalMs;
  const polls = (ms: number) => (ms / poll).toFixed(2);
  const l = live.CHATTERS;
  const e = exact.CHATTERS;
  const lat = (s: SourceReport) => `${polls(s.latency.p50Ms)} / ${polls(s.latency.p95Ms)}`;
  const grew = FALSE_POSITIVE_CAUSES.map(
    (c) => [c, l.projected.falsePositiveCauses[c] - e.projected.falsePositiveCauses[c]] as const,
  )
    .filter(([, d]) => d > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([c, d]) => `${c} +${d}`)
    .join(', ');
  const other = (source: 'MEMBERSHIP' | 'ACTIVITY') => {
    const ls = live[source];
    const es = exact[source];
    if (ls === undefined || es === undefined) return `${source} not evaluated`;
    return (
      `${source} p50 / p95 ${lat(ls)} polls (exact ${lat(es)}), precision ${pct(ls.projected.precision)} ` +
      `(${pct(es.projected.precision)}), recall ${pct(ls.projected.recall)} (${pct(es.projected.recall)})`
    );
  };
  const met = (s: SourceReport) =>
    s.projected.precision >= 0.98 && s.projected.recall >= 0.95 && s.latency.p95Ms <= 2 * poll;
  const verdict =
    met(l) && !met(e)
      ? 'The targets (precision ≥ 98 %, recall ≥ 95 %, p95 ≤ 2 polls) are met with `live` and not with `exact`, ' +
        "so `live` is the default; `TRACKER_PAIRING=exact` keeps the definition's pairs for whoever needs them."
      : `Targets (precision ≥ 98 %, recall ≥ 95 %, p95 ≤ 2 polls): live ${met(l) ? 'met' : 'NOT met'}, ` +
        `exact ${met(e) ? 'met' : 'NOT met'}.`;
  return [
    head,
    '  With `exact` pairing a CHATTERS pair waits until no nearer event can arrive (see the next item):',
    `  latency from the join p50 / p95 ${lat(e)} polls. \`live\` releases a pair at the first advance`,
    '  that has seen both its sides, nearest among the events pending then, and consumes both: here in',
    `  the round of the later poll (p95 ${polls(l.latencyFromBoth.p95Ms)} polls from the later side),`,
    `  p50 / p95 ${lat(l)} polls from the join. It gives up precision ${pct(e.projected.precision)} →`,
    `  ${pct(l.projected.precision)} and recall ${pct(e.projected.recall)} → ${pct(l.projected.recall)}`,
    '  against the projected truth',
    `  (${l.projected.falsePositives - e.projected.falsePositives} more false positives: ${grew || 'none by cause'};`,
    `  ${l.projected.falseNegatives - e.projected.falseNegatives} more misses): when a nearer leave or join`,
    '  turns up at a later poll (a multi-viewer leaving a second channel, a hopper missed by the next poll',
    '  of a channel), the side it belongs with is already taken by the partner seen first.',
    '  Chat sources, same events:',
    `  ${other('MEMBERSHIP')};`,
    `  ${other('ACTIVITY')}.`,
    '  A MEMBERSHIP pair is released when the batch with its later line arrives (the latency from the',
    '  join is the 1.5-batch dating shift); an ACTIVITY pair still waits for its leave, known only a TTL',
    '  after the last message in A, but no longer for the TTL of lateness on top.',
    `  ${verdict}`,
  ];
}

/** The prose of docs/accuracy.md after the tables, with the figures of this run where it cites them. */
export function explainAccuracy(report: AccuracyReport): string[] {
  const projected = report.trueMigrations.projected;
  const share = (source: 'MEMBERSHIP' | 'ACTIVITY') => {
    const visible = report.sources[source]?.projected.visibleTruths;
    return visible === undefined ? 'a part' : `${pct(visible / projected)} (${visible})`;
  };
  const exact = report.exactPresenceVsRaw;
  const chatters = report.sources.CHATTERS;
  const missed =
    chatters === undefined
      ? 'Its misses'
      : `Its misses (${chatters.projected.falseNegatives}, ${pct(chatters.projected.falseNegatives / projected)})`;
  return [
    '## Which truth the targets are judged on, and why',
    '',
    'docs/architecture.md defines a migration from presence: U leaves A at `leftAt` and joins B at `joinedAt`,',
    'A ≠ B, |joinedAt − leftAt| ≤ the window, each leave and join paired once with the nearest, the same',
    '(U, A, B) not twice within the window; and the tracker can only observe the channels it monitors.',
    "The simulator's raw hops (`/sim/truth/migrations`) are another quantity: the moves the world made.",
    'They differ from the definition in two ways that no tracker can undo. A chain A→X→B through a channel',
    'X nobody monitors (or a stay in X too short for any poll) is two hops, but for anyone watching A and',
    'B it is one migration A→B. And a multi-viewer who opens B and closes A a minute later made no hop,',
    'yet left A and joined B within the window: a migration by the definition.',
    '',
    'So the simulator also serves the truth projected onto a set of channels:',
    '`/sim/truth/migrations?channels=a,b,…&window=300` (in process: `truthMigrations(since, until,',
    '{ channels, windowMs })`). `src/simulator/truth-projection.ts` computes it from the true joins and',
    "parts of those channels with the definition's rules, written from the definition and never from the",
    "tracker's code: it is what a tracker with perfect presence data of the monitored channels records.",
    "**The issue's targets are judged on the projected truth**, since it is the quantity the design",
    'defines and the tracker is asked to measure. The raw table is kept beside it: the exact-presence row',
    `scores the projected truth itself against the raw hops (precision ${pct(exact.precision)}, recall`,
    `${pct(exact.recall)}), the ceiling for any tracker of the definition there; CHATTERS comes close to it`,
    chatters === undefined
      ? '(not evaluated in this run).'
      : `(${pct(chatters.raw.precision)}, and ${chatters.raw.falsePositivesInReference} of its ` +
        `${chatters.raw.falsePositives} false positives against the raw hops are migrations of the projected truth).`,
    'The matching tolerance and the truth were fixed from the sources and the definition before looking at',
    'what the tracker recorded; nothing is tuned to its output.',
    '',
    '## How it is measured',
    '',
    '`bench/accuracy/evaluate-accuracy.ts` runs the built-in simulator on a manual clock and feeds one',
    '`TrackingEngine` per source through the real adapters: Get Chatters through `TwurpleChattersAdapter`',
    "with `simmod`'s moderator token (each channel polled once per interval, polls spread evenly), chat",
    "through the product's `TwurpleChatAdapter` on the simulator's IRC (NAMES and JOIN/PART for",
    'MEMBERSHIP, messages for ACTIVITY, raids for all). The world has hops, raids, multi-viewers, bots,',
    'streams ending (their audience scatters), a lagging chatters list and batched membership events.',
    'A detection matches a true migration with the same user, origin and destination whose `joinedAt` is',
    "within one poll interval plus the source's lag: the chatters lag; two membership batches; for chat",
    'activity the time until the user first speaks, which has no bound but the window (a join revealed',
    'later could no longer pair). Matching is one to one, nearest first. "Visible recall" is the recall',
    "over the migrations the source's signal shows at all, from the simulator's side: every one for",
    'CHATTERS; for MEMBERSHIP those whose PART from A and JOIN into B chat actually delivered; for',
    'ACTIVITY those whose user spoke in A within the activity TTL before leaving and in B within the',
    'window after arriving. False positives are explained, first cause that applies: a known bot; lag (the',
    'same pair truly migrated, outside the tolerance but within one more window); chain (true hops lead',
    'from A to B through other channels); wrong-pair (the user truly hopped near then, between other',
    'channels); multi-viewer (the user was truly in both channels at once, or seen so by the tracker);',
    'unknown. Everything is seeded, and before moving time on the evaluation waits until the chat client',
    'has handled as many presence lines as the simulator sent (`presenceLinesSent`), so every line is',
    'stamped at the simulated time it was sent: the same options give the same figures, whatever the load.',
    '',
    '## Reading the figures, source by source',
    '',
    '- **CHATTERS** lists the whole audience on every poll, so it sees every migration except what',
    '  happens between two polls. A stay in X shorter than a poll is never listed, so A→X→B shows as A→B',
    '  and both true migrations are missed (departures pick viewers at random, a few of whom have just',
    '  arrived); and when a multi-viewer leaves two channels and joins a third within a poll, the poll',
    `  order can pair the other leave. ${missed} and its false positives against the projected truth`,
    '  are nearly all of these two kinds (traced one by one with `--dump`); neither is a detector error',
    '  that the signal would let it fix. With `live` pairing more of them are wrong pairs: the price of',
    '  not waiting for a nearer partner (see "What changed to get here").',
    `- **MEMBERSHIP** sees ${share('MEMBERSHIP')} of the projected migrations: Twitch sends no JOIN/PART`,
    '  for rooms over 1000 users and NAMES lists only moderators there, and the biggest monitored rooms hold',
    '  most of the audience, so migrations from or into them leave no trace. Of what chat delivered it',
    '  finds nearly all. Lines arrive in batches 60–120 s late here (30 s – 3 min on Twitch) with no',
    '  timestamp: each is dated at its arrival minus 1.5 batch periods (the middle of the delay), which',
    '  keeps the error within half a batch. Its false positives are mostly moves whose other end was a big',
    '  monitored room, silent on chat: a chain A→big→B shows as A→B, and a multi-viewer who leaves a small',
    '  room and a big one pairs the small leave with a join that truly came from the big room.',
    `- **ACTIVITY** sees ${share('ACTIVITY')} of them: only chatters, and only when they speak on both`,
    '  sides (about a third of users chat, about one message every two minutes). A join is dated at the',
    '  first message, so late by the time the user takes to speak; a leave is known only when the activity',
    '  TTL (600 s) has passed without a message. Most false positives are still real moves: lag (the user',
    '  spoke in B only minutes after arriving, past the tolerance), chains through channels where the user',
    '  stayed silent, and users silently present in B already, or silent in A for longer than the TTL',
    '  while still there, whom chat cannot tell from switchers.',
    '',
    '## What changed to get here',
    '',
    ...pairingChange(report),
    '- **No poll interval in the CHATTERS lateness** (`src/tracker/tracking-engine.ts`). The watermark',
    '  trailed now by a poll interval for a poll in flight; but a poll is dated when Twitch answered it',
    '  and applied at once, so no poll still to come can date an event before now. With one leave',
    '  confirmation the watermark is now itself (with more, the oldest first miss awaiting its',
    '  confirmation). The detections are the same ones (21591 true and 159 false positives against the',
    '  projected truth, before and after); CHATTERS latency from the join went from p50 1.80 / p95 4.12',
    '  to 0.80 / 3.12 polls, ACTIVITY is 60 s sooner. What is left is the wait the nearest-pair rule',
    '  needs: a pair whose leave came first waits its gap after the join (a nearer leave can still come',
    '  from a channel the user turns up in and is missed by at its next poll), one whose join came',
    '  first its gap after the leave, twice its gap after the join (a nearer join can turn up at any',
    '  poll), and gaps are long here: 15 % of the pairs are over two polls apart.',
    '  Releasing a pair as soon as both sides are seen gave p95 0.62 polls at precision 98.7 % and',
    '  recall 96.0 %, pairing against the definition (119 more false positives, 109 more misses,',
    '  mostly wrong pairs): the target of p95 ≤ 2 polls was not met by `exact` pairing, hence the',
    '  `live` mode above.',
    '- **Truth projected onto the monitored channels** (simulator): see above. Before it, CHATTERS was',
    '  judged on the raw hops only (94.3 % precision at the same settings), where exact presence does',
    '  not do much better either.',
    '- **Chat sources measured.** The chat path used to stall with 50 channels: the adapter resolved',
    "  `connect()` when the socket opened, so the JOINs went into @twurple's join limiter while it was",
    '  still paused for registration, and on registration its `resume()` (@d-fischer/rate-limiter) starts',
    '  a single queued request; the rest then drain one per 11 s window as counters expire, about nine',
    "  minutes of real time for 50 joins while simulated time stood still. The product's adapter now",
    '  resolves `connect()` on authentication and paces JOINs itself (20 per 11.5 s), so the limiter never',
    '  queues; the evaluation waits the two windows 50 joins need and uses the real adapter unchanged.',
    '  It used to wait for chat to go quiet for a few milliseconds, which under load let a batch arrive',
    '  after the clock moved and changed a few dozen detections between runs; it now waits by count.',
    '- **ACTIVITY leaves dated at the switch** (`src/tracker/activity-switches.ts`). A leave dated at',
    '  last message + TTL trails the true leave by up to ten minutes, usually more than a window from the',
    '  join it belongs to, so two thirds of the migrations chat showed were missed. When the user has',
    '  started chatting in another channel since their last message in A, the leave is now dated at that',
    '  first message: 40 simulated minutes, projected truth, precision 73 % → 89 %, visible recall',
    '  33 % → 97 %. The leave arrives up to a TTL after its date, so once chat activity is used the',
    "  engine's watermark trails by the TTL: migrations are final about ten minutes later.",
    '- **MEMBERSHIP PART of a user never seen joining** is now a leave: the user joined while the room',
    '  was over 1000 (no JOIN sent) or before NAMES, and the PART proves they were there and left. Recall',
    '  13 % → 18 % and precision 95 % → 96 % on the same 40-minute run.',
    '- **Recycled viewers** (simulator, earlier): arrivals were drawn from idle users who had just left a',
    '  channel, making leave-then-join pairs that were migrations by the definition but no hop in the',
    '  truth (CHATTERS precision against raw hops was 85 %). `minAwayMs` (30 min) keeps anyone who left',
    '  from being drawn as a new arrival for that long; hops stay modelled explicitly.',
    '',
    '## Tracing a false positive',
    '',
    '`--dump FILE` writes every detection, both truths, all raw hops and the messages of the monitored',
    "channels as JSON; the simulator's audience log (`WorldAudience.log`, or `onChange`) gives every true",
    'JOIN and PART of a user to set beside them. Running the simulator alone with the same seed and options',
    'reproduces the same presence: chat traffic draws from its own random stream.',
  ];
}
