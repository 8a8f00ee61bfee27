import type { NodeId } from '../ir/graph';
import type { CallExpr, ClassStmt, DefStmt } from '../ir/program';
import type { Span } from '../ir/span';
import type { Dim, Shape } from '../shapes/dim';
import type { DType } from '../shapes/rules/types';

/** Where a tensor came from, for messages: `W_fc1 is (1024, 1568) (line 18)`. */
export interface Origin {
  label: string;
  span: Span;
  /** True when `label` is a variable name rather than source text. */
  named: boolean;
  /** How a size came about (`64·12·12 = 9216`), quoted by Linear mismatch messages. */
  note?: string;
}

export interface TensorValue {
  kind: 'tensor';
  node: NodeId;
  shape: Shape;
  dtype: DType;
  origin: Origin;
}

/** A Python number, or a size read off a tensor (`X.shape[0]`), which may be a symbol. */
export interface NumberValue {
  kind: 'number';
  value: Dim;
  span: Span;
}

export interface TupleValue {
  kind: 'tuple';
  items: Value[];
  /** `nn.Sequential(*layers)`: calling it applies each item in turn. */
  sequential?: true;
}

/**
 * A layer made where code runs rather than where it is named (`layers.append(nn.Linear(a, b))`
 * in a loop): the layer's call with its constructor's arguments already evaluated, applied
 * when it is called. `inputs` are the tensor positions the call leaves to the application.
 */
export interface LayerObjectValue {
  kind: 'layer';
  call: CallExpr;
  inputs: number;
  args: Value[];
  kwargs: Record<string, Value>;
}

/** A dict literal's entries by key (`conv_param['stride']` reads one). */
export interface DictValue {
  kind: 'dict';
  entries: ReadonlyMap<string, Value>;
}

export interface ConstValue {
  kind: 'const';
  value: null | boolean;
}

export interface StrValue {
  kind: 'str';
  value: string;
}

/** A name with no definition: a symbol when used as a size, a problem when used as a tensor. */
export interface UndefinedValue {
  kind: 'undefined';
  name: string;
  span: Span;
}

/** The shape could not be worked out; already reported where it started. */
export interface UnknownValue {
  kind: 'unknown';
}

/** A user function, with the scope it was defined in (where its body looks up free names). */
export interface FunctionValue {
  kind: 'function';
  def: DefStmt;
  scope: ScopeLike;
}

export interface ClassValue {
  kind: 'class';
  def: ClassStmt;
}

/** `Net(...)`: the names `__init__` set (`self.fc1`, its parameters) live in its scope. */
export interface InstanceValue {
  kind: 'instance';
  cls: ClassStmt;
  scope: ScopeLike;
  /** Where its owner keeps it (`blocks.1` for `self.blocks = nn.ModuleList([...])`), set when first stored. */
  path?: string;
  /**
   * The instance whose attribute it was stored in, null when stored under a name of the
   * script: the owner's own place may be known only later (a block built inside a block
   * that is still being built), and the full path (`down1.maxpool_conv.1`) follows it.
   */
  owner?: InstanceValue | null;
}

/** scope.ts's Scope, named structurally so that values.ts imports nothing from it. */
export interface ScopeLike {
  get(name: string): Value | undefined;
  getOwn(name: string): Value | undefined;
  set(name: string, value: Value): void;
  ownEntries(): Iterable<[string, Value]>;
}

export type Value = TensorValue | NumberValue | TupleValue | DictValue | ConstValue | StrValue | UndefinedValue | UnknownValue | FunctionValue | ClassValue | InstanceValue | LayerObjectValue;

export const UNKNOWN: UnknownValue = { kind: 'unknown' };
