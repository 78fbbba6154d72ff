import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';

/** Why a string cannot be stored: PostgreSQL refuses NUL (SQLSTATE 22021), and a lone surrogate is no text at all. */
function unstorableCharacterOf(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character';
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) return 'an unpaired UTF-16 surrogate';
  return undefined;
}

const badUserInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

const joinPath = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`);

/** The first unstorable string in a JSON variable value, with its path from the variable's name. */
function findInVariable(value: unknown, path: string): { path: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = unstorableCharacterOf(value);
    return problem ? { path, problem } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findInVariable(item, joinPath(path, index));
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = findInVariable(item, joinPath(path, key));
      if (found) return found;
    }
  }
  return undefined;
}

/** The first unstorable string in an inline literal, with its path from the argument's name. */
function findInLiteral(value: ValueNode, path: string): { path: string; problem: string } | undefined {
  switch (value.kind) {
    case Kind.STRING: {
      const problem = unstorableCharacterOf(value.value);
      return problem ? { path, problem } : undefined;
    }
    case Kind.LIST:
      for (const [index, item] of value.values.entries()) {
        const found = findInLiteral(item, joinPath(path, index));
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of value.fields) {
        const found = findInLiteral(field.value, joinPath(path, field.name.value));
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Inline arguments and variable defaults of a parsed document, checked before it runs. */
function checkLiterals(document: DocumentNode): GraphQLError | undefined {
  let error: GraphQLError | undefined;
  visit(document, {
    VariableDefinition(node) {
      const found = node.defaultValue && findInLiteral(node.defaultValue, node.variable.name.value);
      if (found)
        error ??= badUserInput(`Default value of variable "$${node.variable.name.value}" at "${found.path}" contains ${found.problem}`);
    },
    Argument(node, _key, _parent, _path, ancestors) {
      const owner = ancestors[ancestors.length - 1];
      const ownerName = owner && 'kind' in owner && (owner.kind === Kind.FIELD || owner.kind === Kind.DIRECTIVE) ? owner.name.value : '?';
      const found = findInLiteral(node.value, node.name.value);
      if (found) error ??= badUserInput(`Argument "${found.path}" of "${ownerName}" contains ${found.problem}`);
    },
  });
  return error;
}

/**
 * Rules every GraphQL request must pass before it executes, on the gateway and on every
 * subgraph alike:
 * - the request names an operation the document holds (or the document has only one). graphql-js
 *   reports this only at execution, which Apollo Server answers with HTTP 500 — a gateway
 *   executor throws — although the client is at fault;
 * - no string input (variables, inline arguments, variable defaults) holds a NUL character or an
 *   unpaired surrogate. PostgreSQL refuses the first with an error the client would only see as
 *   INTERNAL_SERVER_ERROR; the second cannot be encoded as UTF-8 at all. Refused here with
 *   BAD_USER_INPUT naming the variable or argument, so nothing of it reaches a resolver.
 */
export function requestRulesPlugin(): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, request, document }) {
          if (!operation) {
            throw new GraphQLError(
              request.operationName
                ? `Unknown operation named "${request.operationName}"`
                : 'The document holds several operations: name the one to run in operationName',
              { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
            );
          }
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const found = findInVariable(value, name);
            if (found) {
              const at = found.path === name ? '' : ` at "${found.path}"`;
              throw badUserInput(`Variable "$${name}"${at} contains ${found.problem}`);
            }
          }
          const literalError = checkLiterals(document);
          if (literalError) throw literalError;
          return Promise.resolve();
        },
      });
    },
  };
}
