import type { CanonicalOp, Expr } from '../../ir/program';
import type { Span } from '../../ir/span';

/** A layer object as the code constructs it (`nn.Linear(9216, 128)`, `nn.Sequential(...)`), kept until it is applied to a tensor. */
export type LayerValue =
  | {
      kind: 'layer';
      op: CanonicalOp | 'identity' | 'add_all' | 'concat_all' | 'loss';
      args: Expr[];
      kwargs: Record<string, Expr>;
      inputs: number;
      callee: string;
      span: Span;
      /** Keras: the layer's name (given, or counted as Keras does: `dense_1`). */
      label?: string;
      /** Keras `input_shape=(784,)`: the input, batch None first. */
      inputShape?: Expr;
      /** A loss object (op `loss`): its qualified class, `args` and `kwargs` what it was constructed with. */
      loss?: string;
      /** Keywords of the call that applies it which it reads (`need_weights=False`), and the names it reads them by. */
      callKeywords?: Readonly<Record<string, string>>;
    }
  | { kind: 'sequence'; layers: LayerValue[]; callee: string; span: Span; keras?: boolean; inputShape?: Expr }
  /** nn.ModuleList / nn.ModuleDict: iterated or indexed, not applied; `keys` for a dict. */
  | { kind: 'container'; layers: LayerValue[]; keys: string[] | null; callee: string; span: Span }
  /** Something inside a Sequential that is not a known layer. */
  | { kind: 'unknown'; text: string; span: Span };
