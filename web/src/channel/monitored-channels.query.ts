import { gql, type TypedDocumentNode } from '@apollo/client';
import { MONITORED_CHANNEL_FIELDS, type MonitoredChannelFields } from '../common/monitored-channel.fragment';

export interface MonitoredChannelsData {
  monitoredChannels: MonitoredChannelFields[];
}

export const MONITORED_CHANNELS: TypedDocumentNode<MonitoredChannelsData, Record<string, never>> = gql`
  query MonitoredChannels {
    monitoredChannels {
      ...MonitoredChannelFields
    }
  }
  ${MONITORED_CHANNEL_FIELDS}
`;

export interface PinChannelData {
  pinChannel: MonitoredChannelFields;
}

export const PIN_CHANNEL: TypedDocumentNode<PinChannelData, { login: string }> = gql`
  mutation PinChannel($login: String!) {
    pinChannel(login: $login) {
      ...MonitoredChannelFields
    }
  }
  ${MONITORED_CHANNEL_FIELDS}
`;

export const UNPIN_CHANNEL: TypedDocumentNode<{ unpinChannel: boolean }, { login: string }> = gql`
  mutation UnpinChannel($login: String!) {
    unpinChannel(login: $login)
  }
`;
