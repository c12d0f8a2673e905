import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { type StatisticsSelection, SUMMARY_FIGURES } from './stream-statistics';

/**
 * The parts of the statistics a `streamStats` field's selection needs, through fragments of any depth.
 * `@skip`/`@include` are not evaluated: a field under them counts as asked, so the answer can hold a part
 * too many, never one too few.
 */
export function selectedStatistics(info: GraphQLResolveInfo): StatisticsSelection {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return {
    summary: SUMMARY_FIGURES.some((field) => names.has(field)),
    duplicateGroups: names.has('duplicateGroups'),
    games: names.has('games'),
  };
}
