import { Kind, parse, type FieldDefinitionNode, type TypeNode } from 'graphql';

/**
 * Which non-null fields would let one subgraph's outage blank another subgraph's data.
 *
 * When a subgraph cannot be reached, the gateway answers its fields with null and an error
 * (SUBGRAPH_UNAVAILABLE). GraphQL then moves that null up to the nearest nullable field. Two
 * schema shapes carry it into data that other subgraphs delivered:
 * - a non-null root query field: the whole `data` becomes null, every other root field with it;
 * - a non-null field of one subgraph (say identity's `User.name`) on an entity another subgraph
 *   returns through a non-null field (community's `GroupMember.user: User!`): the member and,
 *   list by list, the group it belongs to disappear because identity is down.
 * Either side may become nullable: usually the field a subgraph adds to another's entity, or the
 * reference a subgraph returns to another's entity. Mutations and subscriptions are left out: a
 * mutation's answer concerns its own write, and a subscription event is one subgraph's.
 */
export interface OutageNullabilityViolation {
  /** `Type.field` that must become nullable (or the field named in `message` instead). */
  coordinate: string;
  subgraph: string;
  message: string;
}

interface FieldSite {
  subgraph: string;
  type: string;
  field: FieldDefinitionNode;
}

const hasDirective = (node: { directives?: readonly { name: { value: string } }[] }, name: string) =>
  node.directives?.some((directive) => directive.name.value === name) ?? false;

const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));

/** Whether a null of the returned object stops at this field: it is nullable, or its innermost list item is. */
function absorbsNull(type: TypeNode): boolean {
  if (type.kind !== Kind.NON_NULL_TYPE) return true;
  let inner: TypeNode = type.type;
  while (inner.kind === Kind.LIST_TYPE || inner.kind === Kind.NON_NULL_TYPE) {
    if (inner.kind === Kind.LIST_TYPE && inner.type.kind !== Kind.NON_NULL_TYPE) return true;
    inner = inner.type;
  }
  return false;
}

export function outageNullabilityViolations(subgraphs: readonly { name: string; sdl: string }[]): OutageNullabilityViolation[] {
  const sites: FieldSite[] = [];
  const entities = new Set<string>();
  for (const { name, sdl } of subgraphs) {
    for (const definition of parse(sdl).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      if (hasDirective(definition, 'key')) entities.add(definition.name.value);
      for (const field of definition.fields ?? []) {
        // An @external field is declared, not resolved, by this subgraph; clients never see @inaccessible ones.
        if (hasDirective(field, 'external') || hasDirective(field, 'inaccessible')) continue;
        sites.push({ subgraph: name, type: definition.name.value, field });
      }
    }
  }
  const coordinate = (site: FieldSite) => `${site.type}.${site.field.name.value}`;
  const resolvers = new Map<string, Set<string>>();
  for (const site of sites) {
    const set = resolvers.get(coordinate(site)) ?? new Set<string>();
    resolvers.set(coordinate(site), set.add(site.subgraph));
  }

  const violations: OutageNullabilityViolation[] = [];
  for (const site of sites) {
    if (site.type === 'Query' && site.field.type.kind === Kind.NON_NULL_TYPE) {
      violations.push({
        coordinate: coordinate(site),
        subgraph: site.subgraph,
        message: `${coordinate(site)} (${site.subgraph}) is non-null: while ${site.subgraph} is unreachable, the whole answer's data is null, other subgraphs' fields included. Make it nullable.`,
      });
    }
  }
  // A non-null field only one subgraph resolves, on an entity other subgraphs return.
  const soleResolved = sites.filter(
    (site) => entities.has(site.type) && site.field.type.kind === Kind.NON_NULL_TYPE && resolvers.get(coordinate(site))!.size === 1,
  );
  for (const returning of sites) {
    if (returning.type === 'Mutation' || returning.type === 'Subscription' || absorbsNull(returning.field.type)) continue;
    const returned = namedTypeOf(returning.field.type);
    if (!entities.has(returned)) continue;
    const foreign = soleResolved.filter((site) => site.type === returned && site.subgraph !== returning.subgraph);
    if (!foreign.length) continue;
    const fields = foreign.map((site) => `${site.field.name.value} (${site.subgraph})`).join(', ');
    violations.push({
      coordinate: coordinate(returning),
      subgraph: returning.subgraph,
      message:
        `${coordinate(returning)} (${returning.subgraph}) returns ${returned} through a non-null field, and other subgraphs alone resolve non-null fields of ${returned}: ${fields}. ` +
        `While one of them is unreachable, the null would spread past ${coordinate(returning)} into ${returning.subgraph}'s data. Make ${coordinate(returning)} nullable, or those fields.`,
    });
  }
  return violations;
}
