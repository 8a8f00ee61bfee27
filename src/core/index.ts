// The public face of the core: what the CLI, the extension host and the tests use.
export type { Analysis, AnalyzeOptions, Layer, Occurrence } from './analysis';
export type { Problem, ProblemCode, Severity, Fix, TextEdit, RelatedInfo } from './ir/problem';
export type { Span, Position } from './ir/span';
export { LineIndex } from './ir/span';
export type { Dim, Shape } from './shapes/dim';
export { formatShape, formatDim } from './shapes/dim';
export { languageFor } from './frontends/frontend';
export { analyze } from './analyze';
export { hintTooltip, shapeHints, type ShapeHint } from './hints';
export { derive, deriveFromGraph, type DeriveOptions, type DeriveResult, type DeriveError, type Step } from './grad/index';
export { jacobianOf, opJacobians, JacobianError, MAX_PATTERN_NONZEROS, type JacobianOptions, type JacobianResult, type JacobianStructure, type OpJacobian, type StructureClass, type VecOrder } from './jacobian/index';
export { checkGradients, type CheckOptions, type CheckResult, type GradientVerdict, type Mistake, type Verdict } from './check/index';
export { differentiable, type Differentiable } from './variables';
