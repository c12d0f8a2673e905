import { gql, type TypedDocumentNode } from '@apollo/client';

export interface FlowEdge {
  from: string;
  to: string;
  count: number;
  shareOfSourceLeavers: number | null;
  shareOfTargetJoiners: number | null;
}

export interface ChannelFlowsData {
  channelFlows: { channel: string; incoming: FlowEdge[]; outgoing: FlowEdge[] };
}

export interface ChannelFlowsVars {
  channel: string;
  since: string;
  until: string;
  limit: number;
}

export const CHANNEL_FLOWS: TypedDocumentNode<ChannelFlowsData, ChannelFlowsVars> = gql`
  query ChannelFlows($channel: String!, $since: DateTime!, $until: DateTime!, $limit: Int!) {
    channelFlows(channel: $channel, since: $since, until: $until, limit: $limit) {
      channel
      incoming {
        from
        to
        count
        shareOfSourceLeavers
        shareOfTargetJoiners
      }
      outgoing {
        from
        to
        count
        shareOfSourceLeavers
        shareOfTargetJoiners
      }
    }
  }
`;
