import { type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, parse } from 'graphql';

/** The resolve info of the operation's first field, enough for reading its selection. */
export function resolveInfoOf(query: string): GraphQLResolveInfo {
  const document = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let field: FieldNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    else if (definition.kind === Kind.OPERATION_DEFINITION && !field)
      field = definition.selectionSet.selections[0] as FieldNode;
  }
  return { fieldNodes: [field!], fragments } as unknown as GraphQLResolveInfo;
}
