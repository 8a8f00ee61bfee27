// The public face of the core: what the CLI, the extension host and the tests use.
export type { Analysis, AnalyzeOptions, Layer, Occurrence } from './analysis';
export type { Problem, ProblemCode, Severity, Fix, TextEdit, RelatedInfo } from './ir/problem';
export { problem } from './ir/problem';
export type { Span, Position } from './ir/span';
export type { Graph, GraphNode, NodeId } from './ir/graph';
export { crossEntropyAt, labelGather, logSoftmaxAt, sameValue, shiftOf, softmaxAt, type CrossEntropyPattern, type SoftmaxPattern } from './ir/patterns';
export { LineIndex } from './ir/span';
export { CellLineIndex, isCellLineIndex, type CellLayout, type CellPosition, type CellRange, type CellSpan } from './ir/cells';
export { analyzeNotebook, joinCodeCells, readIpynb, type CellNote, type NotebookAnalysis, type NotebookCell } from './frontends/notebook/index';
export type { Dim, Shape } from './shapes/dim';
export { formatShape, formatDim } from './shapes/dim';
export { languageFor } from './frontends/frontend';
export { analyze } from './analyze';
export { derive, deriveFromGraph, type DeriveOptions, type DeriveResult, type DeriveError, type Step } from './grad/index';
export { asciiPattern } from './jacobian/ascii';
export { jacobianOf, opJacobians, JacobianError, MAX_PATTERN_NONZEROS, type JacobianOptions, type JacobianResult, type JacobianStructure, type OpJacobian, type StructureClass, type VecOrder } from './jacobian/index';
export { checkGradients, type CheckOptions, type CheckResult, type GradientVerdict, type Mistake, type Verdict } from './check/index';
export { differentiable, type Differentiable } from './variables';
