import { gql, type TypedDocumentNode } from '@apollo/client';

export interface MeData {
  me: { id: string; login: string; displayName: string; isAdmin: boolean };
}

export const ME: TypedDocumentNode<MeData, Record<string, never>> = gql`
  query Me {
    me {
      id
      login
      displayName
      isAdmin
    }
  }
`;
