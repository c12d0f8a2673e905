import { reportProbe } from './probe-report';

/**
 * Every answer a probe suite receives (HTTP status line, headers and body; WebSocket messages recorded by
 * hand), so the suite can show that no secret ever reached a client.
 */
export class AnswerScan {
  private readonly answers: { answer: string; source: string }[] = [];
  private original: typeof fetch | null = null;

  get scanned(): number {
    return this.answers.length;
  }

  /** Wraps the global fetch (the harness's and the suite's own calls) until `uninstall`. */
  install(): void {
    if (this.original) return;
    const original = globalThis.fetch;
    this.original = original;
    globalThis.fetch = async (input, init) => {
      const response = await original(input, init);
      const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
      const body = await response
        .clone()
        .text()
        .catch(() => '');
      // The URL labels the answer but is not part of it: the app's own calls to Twitch go through this
      // fetch too, and Twitch's token URL carries the client secret by design.
      this.record(`${response.status}\n${headers}\n\n${body}`, response.url);
      return response;
    };
  }

  uninstall(): void {
    if (this.original) globalThis.fetch = this.original;
    this.original = null;
  }

  record(answer: string, source = 'recorded by hand'): void {
    this.answers.push({ answer, source });
  }

  /** The answers that contain any of `secrets` (as they are, URL-encoded or base64url-encoded). */
  leaks(secrets: readonly string[]): string[] {
    const needles = secrets
      .filter((secret) => secret.length >= 8)
      .flatMap((secret) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64url')]);
    return this.answers
      .filter(({ answer }) => needles.some((needle) => answer.includes(needle)))
      .map(({ answer, source }) => `${source}: ${answer}`);
  }

  /**
   * Uninstalls, then reports the item-1 row of a suite: how many answers were scanned and which carried one of
   * `secrets`. Returns those answers, for the suite to assert that there are none.
   */
  finish(suite: string, secrets: readonly string[]): string[] {
    this.uninstall();
    const leaks = this.leaks(secrets);
    reportProbe({
      item: 1,
      probe: `${suite}: every answer scanned (${this.scanned}) for the secrets it knows`,
      expected: 'no secret in any answer',
      observed: leaks.length
        ? `${leaks.length} carry one, e.g. ${leaks[0].slice(0, 120)}`
        : 'none carries one',
      pass: leaks.length === 0,
    });
    return leaks;
  }
}
