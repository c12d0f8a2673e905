import { gql, type TypedDocumentNode } from '@apollo/client';

export interface MonitoredChannel {
  login: string;
  pinned: boolean;
  source: string;
  since: string;
  lastPolledAt: string | null;
  chatters: number | null;
  keptUntil: string | null;
}

export interface MonitoredChannelsData {
  monitoredChannels: MonitoredChannel[];
}

export const MONITORED_CHANNELS: TypedDocumentNode<MonitoredChannelsData, Record<string, never>> = gql`
  query MonitoredChannels {
    monitoredChannels {
      login
      pinned
      source
      since
      lastPolledAt
      chatters
      keptUntil
    }
  }
`;

export interface PinChannelData {
  pinChannel: MonitoredChannel;
}

export const PIN_CHANNEL: TypedDocumentNode<PinChannelData, { login: string }> = gql`
  mutation PinChannel($login: String!) {
    pinChannel(login: $login) {
      login
      pinned
      source
      since
      lastPolledAt
      chatters
      keptUntil
    }
  }
`;

export const UNPIN_CHANNEL: TypedDocumentNode<{ unpinChannel: boolean }, { login: string }> = gql`
  mutation UnpinChannel($login: String!) {
    unpinChannel(login: $login)
  }
`;
