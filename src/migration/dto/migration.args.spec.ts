import { describe, expect, it } from '@jest/globals';
import type { Type } from '@nestjs/common';
import { ArgumentsPipe } from '../../common/graphql/arguments-pipe';
import { ChannelLoginArgs } from '../../tracker/dto/channel-login.args';
import { ChannelFlowsArgs } from './channel-flows.args';
import { MigrationGraphArgs } from './migration-graph.args';
import { MigrationRecordedArgs } from './migration-recorded.args';
import { MigrationsArgs } from './migrations.args';
import { ViewerCountsArgs } from './viewer-counts.args';

// The application's pipe, as it runs before every resolver.
const pipe = new ArgumentsPipe();
const checked = async (metatype: Type, value: object) => pipe.transform(value, { type: 'body', metatype });
const refusal = (message: string) => ({ response: { message: [message] } });

describe('migration arguments', () => {
  it('apply the defaults, also for an explicit null', async () => {
    await expect(checked(MigrationGraphArgs, {})).resolves.toEqual({ minCount: 1, limit: 200 });
    await expect(checked(MigrationGraphArgs, { minCount: null, limit: null })).resolves.toEqual({
      minCount: 1,
      limit: 200,
    });
    await expect(checked(ChannelFlowsArgs, { channel: 'a', limit: null })).resolves.toEqual({
      channel: 'a',
      limit: 20,
    });
    await expect(checked(MigrationsArgs, { first: null })).resolves.toEqual({ first: 50 });
  });

  it('normalise every login as stored, in one decorator', async () => {
    await expect(checked(MigrationGraphArgs, { channels: [' Foo ', 'BAR', 'foo'] })).resolves.toMatchObject({
      channels: ['foo', 'bar', 'foo'],
    });
    await expect(checked(ChannelFlowsArgs, { channel: '  Shroud' })).resolves.toMatchObject({
      channel: 'shroud',
    });
    await expect(checked(ViewerCountsArgs, { channel: 'XQC' })).resolves.toEqual({ channel: 'xqc' });
    await expect(
      checked(MigrationsArgs, { fromChannel: 'A', toChannel: ' B ', userLogin: 'User_1', first: 50 }),
    ).resolves.toEqual({ fromChannel: 'a', toChannel: 'b', userLogin: 'user_1', first: 50 });
    await expect(checked(MigrationRecordedArgs, { channel: '  SomeStreamer ' })).resolves.toEqual({
      channel: 'somestreamer',
    });
    await expect(checked(MigrationRecordedArgs, { channel: null })).resolves.toEqual({ channel: null });
    await expect(checked(ChannelLoginArgs, { login: ' Pinned_1 ' })).resolves.toEqual({ login: 'pinned_1' });
  });

  it.each([
    [MigrationGraphArgs, { limit: 0 }, 'limit must be an integer from 1 to 1000; got 0'],
    [MigrationGraphArgs, { limit: 1001 }, 'limit must be an integer from 1 to 1000; got 1001'],
    [MigrationGraphArgs, { limit: 1.5 }, 'limit must be an integer from 1 to 1000; got 1.5'],
    [MigrationGraphArgs, { minCount: 0 }, 'minCount must be an integer at least 1; got 0'],
    [ChannelFlowsArgs, { channel: 'a', limit: 201 }, 'limit must be an integer from 1 to 200; got 201'],
    [MigrationsArgs, { first: 0 }, 'first must be an integer from 1 to 100; got 0'],
    [MigrationsArgs, { first: 101 }, 'first must be an integer from 1 to 100; got 101'],
  ] as [Type, object, string][])('refuse %p %j: %s', async (metatype, value, message) => {
    await expect(checked(metatype, value)).rejects.toMatchObject(refusal(message));
  });

  it.each([
    [MigrationGraphArgs, { channels: ['ok', 'not a login'] }, 'channels', 'not a login'],
    [MigrationGraphArgs, { channels: ['x'.repeat(26)] }, 'channels', 'x'.repeat(26)],
    [ChannelFlowsArgs, { channel: 'bad-name' }, 'channel', 'bad-name'],
    [ChannelFlowsArgs, { channel: '' }, 'channel', ''],
    [ViewerCountsArgs, { channel: 'Bad Name!' }, 'channel', 'Bad Name!'],
    [MigrationsArgs, { userLogin: 'no spaces' }, 'userLogin', 'no spaces'],
    [MigrationsArgs, { toChannel: 'é' }, 'toChannel', 'é'],
    [MigrationRecordedArgs, { channel: 'not a login!' }, 'channel', 'not a login!'],
    [ChannelLoginArgs, { login: 'a-b' }, 'login', 'a-b'],
  ] as [Type, object, string, string][])(
    'refuse %p %j as not a login',
    async (metatype, value, name, sent) => {
      await expect(checked(metatype, value)).rejects.toMatchObject(
        refusal(`${name} must be a Twitch login (letters, digits, _; 1-25); got "${sent}"`),
      );
    },
  );

  it('refuse more than 100 channels and accept 100', async () => {
    const channels = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
    await expect(checked(MigrationGraphArgs, { channels: channels(100) })).resolves.toBeDefined();
    await expect(checked(MigrationGraphArgs, { channels: channels(101) })).rejects.toMatchObject(
      refusal('channels must contain no more than 100 elements'),
    );
  });
});
