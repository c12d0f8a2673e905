import { FALSE_POSITIVE_CAUSES, type SourceAccuracy } from './accuracy-matching';
import type { LatencySummary } from './accuracy-report';
import type { TodayReport } from './today-report';

/** Where the deployed scenario's section starts on docs/accuracy.md (`--scenario` replaces one section). */
export const TODAY_MARKER = '<!-- scenario: today -->';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const share = (part: number, whole: number) => (whole === 0 ? '–' : pct(part / whole));
const int = (n: number) => n.toLocaleString('en');

function causes(a: SourceAccuracy): string {
  return FALSE_POSITIVE_CAUSES.map((c) => `${c} ${a.falsePositiveCauses[c]}`).join(', ');
}

function latencyCell(l: LatencySummary, pollMs: number): string {
  const one = (ms: number) => `${(ms / 1000).toFixed(0)} s (${(ms / pollMs).toFixed(2)} polls)`;
  return l.count === 0 ? '– | – | –' : `${one(l.p50Ms)} | ${one(l.p95Ms)} | ${one(l.maxMs)}`;
}

/** The deployed scenario's section of docs/accuracy.md. */
export function renderTodaySection(report: TodayReport, command: string): string {
  const o = report.options;
  const poll = report.tracker.pollIntervalMs;
  const sources = Object.entries(report.sources);
  const channelRows = (rows: TodayReport['channelsAtEnd']) => {
    const viewers = rows.reduce((sum, r) => sum + r.viewers, 0);
    return rows.map(
      (r) => `| ${r.group} | ${int(r.channels)} | ${int(r.viewers)} (${share(r.viewers, viewers)}) |`,
    );
  };
  const visibility = report.visibility;
  const totals = visibility.reduce(
    (sum, r) => ({
      truth: sum.truth + r.truth,
      visible: sum.visible + r.visible,
      found: sum.found + r.found,
    }),
    { truth: 0, visible: 0, found: 0 },
  );
  const bothRead = visibility
    .filter((r) => !r.kind.includes('unwatched') && !r.kind.includes('unmonitored'))
    .reduce((sum, r) => sum + r.truth, 0);
  return [
    TODAY_MARKER,
    "## Today's Twitch: 1,000 channels through the deployed tracker",
    '',
    `Seed ${o.seed}; the top ${int(report.monitored)} live channels of a world of ${int(o.worldChannels)} at audience ` +
      `scale ${o.audienceScale}; one moderator token (\`${report.moderator}\`, made a moderator of ` +
      `${report.moderated} of them, every ${Math.round(1 / o.moderatedShare)}th by rank) which is also the one chat ` +
      `reader; \`TWITCH_CHAT_TRANSPORT=eventsub\`; Twitch's join limit of ${o.joinLimit} channels per chat user and ` +
      `the Helix budget of ${o.rateLimitPerMinute} points a minute per token, both enforced by the simulator (the ` +
      `budget on the simulated clock). ${o.simulatedMinutes} simulated minutes, a tracker round every ` +
      `${o.stepMs / 1000} s of it (${int(report.rounds)} rounds); the tracker's settings are the defaults (60 s ` +
      `polls, 300 s window, activity TTL 600 s). Evaluated: the ${report.evaluatedMinutes} minutes from minute ` +
      `${o.warmupMs / 60_000} to the last window, with ${int(report.trueMigrations)} migrations in the truth projected ` +
      `onto the ${int(report.monitored)} channels. Real time: ${(report.realTimeMs / 1000).toFixed(0)} s.`,
    '',
    '**What runs.** Not idealized engines: the real app (`AppModule`, the tracker and its @twurple adapters, ' +
      "SQLite in memory) on the simulator's manual clock, configured through its environment as a deployment " +
      'is (`TRACKER_CHANNELS`, `TWITCH_MODERATOR_TOKEN`, `TWITCH_CHAT_TRANSPORT`). The run takes one top-streams ' +
      'snapshot at the start (so the monitored set is fixed), then calls `TrackerService.tick()` once per step, ' +
      'moves the clock on, and waits until the app has received every EventSub notification the simulator sent ' +
      'before the next step (`bench/accuracy/evaluate-today.ts`, `deployed-app.ts`). The migrations are taken ' +
      'as the app publishes them once stored, with the simulated time of publication.',
    '',
    `**Channels by source** (at minute ${o.warmupMs / 60_000}; ` +
      `the last change of source or slot was at minute ${report.sourcesSettledAfterMinutes}), with their viewers ` +
      'at the start:',
    '',
    '| read as | channels | viewers |',
    '|---|---|---|',
    ...channelRows(report.channelsAtStart),
    '',
    `**What the deployment could see.** Of the ${int(totals.truth)} true migrations (projected truth over the ` +
      `${int(report.monitored)} channels), ${int(bothRead)} (${share(bothRead, totals.truth)}) have both channels ` +
      `read; ${int(totals.visible)} (${share(totals.visible, totals.truth)}) are visible to the signals at all ` +
      '(a CHATTERS side always, an ACTIVITY side only when the user spoke there: within the TTL before leaving, ' +
      `within the window after joining); ${int(totals.found)} (${share(totals.found, totals.truth)}) were stored. ` +
      `Overall precision of what was stored: ${pct(report.overall.precision)}.`,
    '',
    '| left → joined | true migrations | visible | stored (found) |',
    '|---|---|---|---|',
    ...visibility.map(
      (r) =>
        `| ${r.kind} | ${int(r.truth)} | ${int(r.visible)} (${share(r.visible, r.truth)}) | ` +
        `${int(r.found)} (${share(r.found, r.truth)}) |`,
    ),
    '',
    '**Per source** (the source stored on each migration: how its join was seen). Precision against the whole ' +
      'projected truth; recall against the projected migrations *into* the channels that source reads; visible ' +
      'recall over those the signals show at all.',
    '',
    '| source | stored | precision | recall | visible recall | TP | FP | FN | match tolerance | false-positive causes |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...sources.map(([source, s]) => {
      const r = s.recall;
      const visible = `${share(r.visibleFound, r.visibleTruths)} of ${int(r.visibleTruths)}`;
      return (
        `| ${source} | ${int(s.stored)} | ${pct(s.precision.precision)} | ${pct(r.recall)} | ${visible} | ` +
        `${s.precision.truePositives} | ${s.precision.falsePositives} | ${r.falseNegatives} | ` +
        `${s.toleranceMs / 1000} s | ${causes(s.precision)} |`
      );
    }),
    '',
    `**Latency**, from the poll or chat message that saw the join to the migration stored (simulated time; ` +
      `poll interval at the end ${poll / 1000} s), for the migrations joining in the evaluated period and stored ` +
      'while the run went on (not at the stop):',
    '',
    '| source | migrations | p50 | p95 | max | p50 from both sides seen | p95 from both |',
    '|---|---|---|---|---|---|---|',
    ...sources.map(([source, s]) => {
      const both = latencyCell(s.latencyFromBoth, poll).split(' | ');
      return `| ${source} | ${s.latency.count} | ${latencyCell(s.latency, poll)} | ${both[0]} | ${both[1]} |`;
    }),
    '',
    `**Helix budget and 429s.** The simulator answered **${report.tooManyRequests}** requests with 429 ` +
      `(${report.rateLimited} of them for an empty Helix bucket; the others are EventSub's limits). The tracker's ` +
      `poll interval at the end: ${poll / 1000} s, planning ${report.tracker.plannedHelixPointsPerMinute.toFixed(0)} of ` +
      `${report.tracker.helixPointsPerMinute} points a minute; raids followed for ` +
      `${int(report.tracker.raidFollowedChannels)} channels (EventSub conduit); at the end the simulator had ` +
      `${report.eventSub.enabledSubscriptions} enabled EventSub subscriptions and counted ` +
      `${report.eventSub.chatRooms} rooms against the moderator's join limit.`,
    '',
    '| token (bucket) | points spent | 429 (empty bucket) | most in one simulated minute |',
    '|---|---|---|---|',
    ...report.helix.map((h) => `| ${h.owner} | ${int(h.spent)} | ${h.refused} | ${int(h.peakPerMinute)} |`),
    '',
    `Rounds still running after 10 s of real time (the run moved on without them, as the app's timer would): ` +
      `${report.stalls.rounds}; waits for EventSub notifications that ran out: ${report.stalls.notifications}.` +
      (report.stalls.rounds > 0
        ? " Held rounds make the run depend on the machine's speed (how many simulated seconds pass while " +
          '@twurple waits in real time), so the figures vary a little between runs of the same seed; without ' +
          'held rounds the run is seeded and repeatable.'
        : ''),
    '',
    'Warnings the app logged, by kind:',
    '',
    '| warning | count |',
    '|---|---|',
    ...report.warnings.map((w) => `| ${w.kind} | ${int(w.count)} |`),
    '',
    ...notes(report),
    `Command: \`${command}\` (this section alone, the other kept; \`npm run eval\` runs both; ` +
      '`--today-minutes`, `--today-channels`, `--today-world`, `--today-scale`, `--seed`).',
    '',
  ].join('\n');
}

/** What the figures say about the tracker's behaviour, where a figure shows it. */
function notes(report: TodayReport): string[] {
  const o = report.options;
  const moderator = report.helix.find((h) => h.owner.startsWith('the moderator'));
  const lines: string[] = ['Reading these figures:', ''];
  lines.push(
    '- **Sources.** Every channel starts as CHATTERS (the token is a moderator somewhere, and Get Chatters is the ' +
      'only way to learn where); the first poll of each channel Twitch refuses (403, one Helix point) moves it to ' +
      `chat, where only the biggest ${o.joinLimit} get a slot (the moderated ones are read by Get Chatters and take ` +
      'none). Over EventSub chat there is no MEMBERSHIP: the unmoderated channels are ACTIVITY or unwatched.',
  );
  lines.push(
    '- **Visibility.** A migration needs both ends read, and an ACTIVITY end needs the user to speak there; most ' +
      'of the truth is lost to the unwatched channels and to lurkers, not to the detector. An ACTIVITY leave ' +
      'into a CHATTERS channel can only be dated at the last message plus the TTL (the user does not speak in ' +
      'a channel whose chat is not read, so the switch rule of activity-switches.ts cannot date it), often more ' +
      "than a window from the join: hence CHATTERS' low visible recall on ACTIVITY → CHATTERS moves.",
  );
  lines.push(
    '- **Latency.** With the default `TRACKER_PAIRING=live` a pair is stored in the round that sees its later ' +
      'side (the "from both sides seen" columns). Counted from the join, a migration waits as long as its leave ' +
      'takes to be known: an ACTIVITY leave is known only the activity TTL after the last message, or at the ' +
      "user's first message elsewhere, which is what holds both sources' p95 back. With `exact` pairing one " +
      'engine holding every source would also trail by that TTL for CHATTERS pairs.',
  );
  if (moderator && moderator.peakPerMinute > o.rateLimitPerMinute) {
    lines.push(
      `- **Budget.** The moderator's bucket spent ${int(moderator.peakPerMinute)} points in one simulated minute ` +
        `(budget ${o.rateLimitPerMinute}), in the first cycle: as channels are refused, the CHATTERS set shrinks ` +
        'and the budget shortens the poll interval, and `PollScheduler.setIntervalMs` makes every channel never ' +
        'polled whose new slot after it was added has passed due at once. The bucket started full, so Twitch ' +
        "answered no 429, but it was emptied: @twurple's limiter then held the moderator's calls until the reset " +
        '(see the held rounds and the warnings above), EventSub chat subscriptions included.',
    );
  }
  lines.push('');
  return lines;
}
