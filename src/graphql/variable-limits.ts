import type { FastifyInstance } from 'fastify';
import {
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { Extensions } from 'type-graphql';

export const VARIABLE_LIMITS = {
  /** Nesting of a request's JSON, the body itself being level 1: the deepest input the schema declares needs far less. */
  maxDepth: 32,
  /** Characters in one string value or object key, except declared file content (bounded by the body limit). */
  maxStringLength: 64 * 1024,
} as const;

export const VARIABLES_TOO_LARGE = 'VARIABLES_TOO_LARGE';

const FILE_CONTENT = 'fileContent';

/** Marks an input field that carries a whole file (a Zoom CSV report): its string may take the whole body. */
export const FileContent = () => Extensions({ [FILE_CONTENT]: true });

/** Level of the first container in `text`, a JSON document, that opens deeper than `max`; 0 if none does. */
export function jsonNestingBeyond(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string in one search: a quote preceded by an odd number of backslashes is escaped.
      let end = text.indexOf('"', i + 1);
      while (end !== -1) {
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end === -1) return 0;
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return 0;
}

class BodyTooDeep extends Error {
  readonly statusCode = 400;
  readonly code = VARIABLES_TOO_LARGE;
}

/**
 * JSON bodies nested deeper than the limit are refused before JSON.parse:
 * V8 parses a 24 MB body of nested arrays (12 million levels) in about 6 s,
 * and the scan takes milliseconds. Fastify's own parser (with its
 * prototype-poisoning checks) parses everything else.
 */
export function refuseDeepJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonNestingBeyond(text, VARIABLE_LIMITS.maxDepth)) {
      return done(new BodyTooDeep(`The request body is nested deeper than ${VARIABLE_LIMITS.maxDepth} levels`), undefined);
    }
    return parse(request, text, done);
  });
}

/** A body refused by `refuseDeepJsonBodies`: it leaves with VARIABLES_TOO_LARGE, not BAD_REQUEST. */
export const isVariablesTooLarge = (error: unknown): boolean => error instanceof BodyTooDeep;

interface Frame {
  /** An object (its keys) or a list, visited one entry at a time. */
  container: Record<string, unknown> | unknown[];
  keys: string[] | undefined;
  next: number;
  /** Type of each entry, when the operation and schema say it. */
  typeOf: (key: string | number) => { type: GraphQLInputType | undefined; file: boolean };
}

const untyped = () => ({ type: undefined, file: false });

function frame(container: object, type: GraphQLInputType | undefined, file: boolean): Frame {
  const named = type && isNonNullType(type) ? type.ofType : type;
  if (Array.isArray(container)) {
    const item = named && isListType(named) ? { type: named.ofType as GraphQLInputType, file } : { type: undefined, file };
    return { container, keys: undefined, next: 0, typeOf: () => item };
  }
  const fields = named && isInputObjectType(named) ? named.getFields() : undefined;
  const typeOf = fields
    ? (key: string | number) => {
        const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
        return { type: field?.type, file: field?.extensions[FILE_CONTENT] === true };
      }
    : untyped;
  return { container: container as Record<string, unknown>, keys: Object.keys(container), next: 0, typeOf };
}

function refuse(message: string, stack: Frame[]): never {
  const path = stack.map((f) => (f.keys ? f.keys[f.next - 1].slice(0, 40) : f.next - 1)).join('.');
  throw new GraphQLError(`${message} (at "$${path}")`, { extensions: { code: VARIABLES_TOO_LARGE, http: { status: 400 } } });
}

/**
 * Refuses variables nested too deep or with a string (or key) over the
 * limit, except the strings of `@FileContent()` fields, before anything
 * reads them. Depth first with its own stack, at most `maxDepth` frames:
 * neither a deep nor a wide value can exhaust the call stack or memory.
 */
export function checkVariables(schema: GraphQLSchema, operation: OperationDefinitionNode | undefined, variables: Record<string, unknown> | undefined): void {
  if (!variables) return;
  const declared = new Map(operation?.variableDefinitions?.map((d) => [d.variable.name.value, typeFromAST(schema, d.type) as GraphQLInputType | undefined]));
  const root = frame(variables, undefined, false);
  root.typeOf = (name) => ({ type: declared.get(name as string), file: false });
  // The body is level 1, the variables object level 2.
  const stack: Frame[] = [root];
  const { maxDepth, maxStringLength } = VARIABLE_LIMITS;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const size = top.keys ? top.keys.length : (top.container as unknown[]).length;
    if (top.next >= size) {
      stack.pop();
      continue;
    }
    const key = top.keys ? top.keys[top.next] : top.next;
    top.next++;
    if (typeof key === 'string' && key.length > maxStringLength) refuse(`A key is longer than ${maxStringLength} characters`, stack);
    const value = (top.container as Record<string | number, unknown>)[key];
    if (typeof value === 'string') {
      if (value.length > maxStringLength && !top.typeOf(key).file) refuse(`A string is longer than ${maxStringLength} characters`, stack);
    } else if (typeof value === 'object' && value !== null) {
      if (stack.length + 2 > maxDepth) refuse(`Variables are nested deeper than ${maxDepth} levels`, stack);
      const { type, file } = top.typeOf(key);
      stack.push(frame(value, type, file));
    }
  }
}
