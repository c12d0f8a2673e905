import { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from './page-info.model';

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoModel;
  totalCount: number;
}

/** A Relay-style connection type: `<Name>Connection` with `<Name>CursorEdge` edges. */
export function Connection<T>(node: Type<T>, name: string): Type<ConnectionShape<T>> {
  @ObjectType(`${name}CursorEdge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true })
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfoModel)
    pageInfo: PageInfoModel;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionType as Type<ConnectionShape<T>>;
}

/**
 * One page of a connection from the rows a listing read with a limit of `first + 1`: the extra row, when
 * there is one, only tells that a next page exists.
 */
export function connectionPage<R, T>(
  rows: readonly R[],
  first: number,
  totalCount: number,
  edgeOf: (row: R) => { cursor: string; node: T },
): ConnectionShape<T> {
  const edges = rows.slice(0, first).map(edgeOf);
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
