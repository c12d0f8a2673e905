/**
 * A channel moves to a less loaded token only when its own token carries this much more load for its
 * budget: enough to settle, since every move also changes the loads.
 */
export const REBALANCE_MARGIN = 0.05;

/**
 * Which moderator token reads which channel, for Get Chatters with several tokens. A channel keeps the token
 * that read it, unless another token that may moderate it carries clearly less load for its budget (pages a
 * poll over points a minute): then that one is tried first, and the channel moves if Twitch lets it in.
 * Twitch's refusals are remembered, so a token is asked once per channel. Pure: the adapter and tests
 * share it.
 */
export class ModeratorAssignment {
  /** channel → its token and the pages a poll of it costs. */
  private readonly byChannel = new Map<string, { token: string; pages: number }>();
  /** token → pages a poll of all its channels costs. */
  private readonly loads = new Map<string, number>();
  /** channel → tokens Twitch refused for it. */
  private readonly refused = new Map<string, Set<string>>();

  tokenFor(channel: string): string | null {
    return this.byChannel.get(channel)?.token ?? null;
  }

  /**
   * The tokens to try for `channel`, best first, among `budgets` (usable tokens and their points a
   * minute): none refused for it.
   */
  order(channel: string, budgets: ReadonlyMap<string, number>): string[] {
    const refused = this.refused.get(channel);
    const current = this.byChannel.get(channel);
    const load = (token: string) => {
      const pages = (this.loads.get(token) ?? 0) - (current?.token === token ? current.pages : 0);
      return (pages + (current?.pages ?? 1)) / (budgets.get(token) ?? 1);
    };
    const tokens = [...budgets.keys()].filter((token) => !refused?.has(token));
    tokens.sort((a, b) => load(a) - load(b) || (a < b ? -1 : 1));
    if (current && tokens.includes(current.token)) {
      const best = tokens[0];
      if (load(current.token) <= load(best) * (1 + REBALANCE_MARGIN)) {
        return [current.token, ...tokens.filter((token) => token !== current.token)];
      }
    }
    return tokens;
  }

  /** `token` read the channel, a poll of which costs `pages`. */
  read(channel: string, token: string, pages: number): void {
    this.release(channel);
    this.byChannel.set(channel, { token, pages });
    this.loads.set(token, (this.loads.get(token) ?? 0) + pages);
  }

  /** Twitch refused `token` for the channel (its user does not moderate it). */
  refuse(channel: string, token: string): void {
    let refused = this.refused.get(channel);
    if (!refused) this.refused.set(channel, (refused = new Set()));
    refused.add(token);
    if (this.byChannel.get(channel)?.token === token) this.release(channel);
  }

  /** The token's credentials changed (a new grant, or a refusal): what Twitch said of it no longer holds. */
  forgetToken(token: string): void {
    for (const [channel, current] of this.byChannel) if (current.token === token) this.release(channel);
    for (const refused of this.refused.values()) refused.delete(token);
  }

  private release(channel: string): void {
    const current = this.byChannel.get(channel);
    if (!current) return;
    this.byChannel.delete(channel);
    this.loads.set(current.token, (this.loads.get(current.token) ?? 0) - current.pages);
  }
}
