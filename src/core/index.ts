// The public face of the core: what the CLI, the extension host and the tests use.
export type { Analysis, AnalyzeOptions, Layer, Occurrence } from './analysis';
export type { Problem, ProblemCode, Severity, Fix, TextEdit, RelatedInfo } from './ir/problem';
export type { Span, Position } from './ir/span';
export { LineIndex } from './ir/span';
export type { Dim, Shape } from './shapes/dim';
export { formatShape, formatDim } from './shapes/dim';
export { languageFor } from './frontends/frontend';
export { analyze } from './analyze';
