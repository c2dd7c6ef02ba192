// @ts-check
/**
 * no-ignored-result: a call whose value is a result (`{ ok: true, ... } | { ok: false, code, message }`,
 * our `Result` and `ApiResult`) must not be dropped. Issue 10, defect 5: a reset with a large starting cash
 * emptied the account and reported success because a Result on the way was never looked at.
 *
 * Flagged: an expression statement that is a call (`f()`, `a?.f()`, `new F()`), an awaited call
 * (`await f()`), whose type (awaited, when it is a promise) is result-like: some member of it has
 * `ok: true` and some has `ok: false` (or one member has `ok: boolean`).
 * Not flagged: `void f()` — the written-down, deliberate drop (say why in a comment beside it).
 *
 * The rule needs type information (parserOptions.projectService).
 */
import ts from 'typescript';

/** @param {any} node an ESTree expression */
function unwrap(node) {
  let inner = node;
  for (;;) {
    if (inner.type === 'AwaitExpression') inner = inner.argument;
    else if (inner.type === 'TSNonNullExpression') inner = inner.expression;
    else if (inner.type === 'ChainExpression') inner = inner.expression;
    else return inner;
  }
}

/**
 * What `ok` can be in one member of the value's type.
 * @param {ts.TypeChecker} checker @param {ts.Type} type
 * @returns {{ canBeTrue: boolean, canBeFalse: boolean }}
 */
function okValues(checker, type) {
  const ok = checker.getPropertyOfType(type, 'ok');
  if (!ok) return { canBeTrue: false, canBeFalse: false };
  const okType = checker.getTypeOfSymbol(ok);
  const parts = okType.isUnion() ? okType.types : [okType];
  let canBeTrue = false;
  let canBeFalse = false;
  for (const part of parts) {
    if (!(part.flags & ts.TypeFlags.BooleanLiteral)) continue;
    if (checker.typeToString(part) === 'true') canBeTrue = true;
    else canBeFalse = true;
  }
  return { canBeTrue, canBeFalse };
}

/** @param {ts.TypeChecker} checker @param {ts.Type} type */
export function isResultLike(checker, type) {
  const members = type.isUnion() ? type.types : [type];
  let canBeTrue = false;
  let canBeFalse = false;
  for (const member of members) {
    const values = okValues(checker, member);
    canBeTrue ||= values.canBeTrue;
    canBeFalse ||= values.canBeFalse;
  }
  return canBeTrue && canBeFalse;
}

/**
 * Whether the callee, as declared, returns one of its type parameters (or a conditional type of them):
 * such a function hands back what the caller gave it (a Solid signal's setter returns the value set), so
 * the value is the caller's own, not a result the call produced.
 * @param {ts.TypeChecker} checker @param {ts.Node} tsCall
 */
function returnsWhatItIsGiven(checker, tsCall) {
  if (!ts.isCallExpression(tsCall)) return false;
  const declaration = checker.getResolvedSignature(tsCall)?.getDeclaration();
  if (!declaration) return false;
  const declared = checker.getSignatureFromDeclaration(declaration);
  if (!declared) return false;
  const returned = checker.getReturnTypeOfSignature(declared);
  return (returned.flags & (ts.TypeFlags.TypeParameter | ts.TypeFlags.Conditional)) !== 0;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noIgnoredResult = {
  meta: {
    type: 'problem',
    docs: { description: 'A call that returns a result ({ ok: true } | { ok: false, code, message }) must not be dropped.' },
    messages: {
      ignored:
        'The result of this call is dropped: check `ok` (and handle the failure), or write `void` before the call with a comment saying why dropping it is right.',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program) throw new Error('no-ignored-result needs type information: set parserOptions.projectService');
    /** @type {ts.TypeChecker} */
    const checker = services.program.getTypeChecker();
    return {
      /** @param {any} statement */
      ExpressionStatement(statement) {
        const call = unwrap(statement.expression);
        if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return;
        if (returnsWhatItIsGiven(checker, services.esTreeNodeToTSNodeMap.get(call))) return;
        const tsNode = services.esTreeNodeToTSNodeMap.get(statement.expression);
        const type = checker.getTypeAtLocation(tsNode);
        // A promise of a result dropped (even with a .catch) drops the result too.
        const value = checker.getAwaitedType(type) ?? type;
        if (isResultLike(checker, value)) context.report({ node: statement, messageId: 'ignored' });
      },
    };
  },
};

export default noIgnoredResult;
