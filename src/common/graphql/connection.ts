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
