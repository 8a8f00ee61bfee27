/**
 * What the webview keeps with setState so it comes back as it was after being hidden or
 * after a window reload. The serializer hands the same object to the host, so it is
 * validated there too: it is data the webview wrote, not something the host made.
 */
import {
  analysisPayload,
  checkPayload,
  derivationPayload,
  jacobianPayload,
  LIMITS,
  notePayload,
  sectionId,
  SECTIONS,
  type AnalysisPayload,
  type CheckPayload,
  type DerivationPayload,
  type JacobianPayload,
  type NotePayload,
  type SectionId,
} from './messages';
import { arr, exactly, nullable, obj, str, validate, type Parsed, type Schema } from './schema';

export const STATE_VERSION = 3;

export interface PanelUiState {
  /** Sections the user folded. */
  collapsed: SectionId[];
  /** The Jacobian entry whose picture is shown: 'chain' or an op's id. */
  jacobianEntry: string | null;
}

export interface PanelState {
  version: typeof STATE_VERSION;
  analysis: AnalysisPayload | null;
  jacobian: JacobianPayload | null;
  derivation: DerivationPayload | null;
  check: CheckPayload | null;
  note: NotePayload | null;
  ui: PanelUiState;
}

export const emptyPanelState = (): PanelState => ({
  version: STATE_VERSION,
  analysis: null,
  jacobian: null,
  derivation: null,
  check: null,
  note: null,
  ui: { collapsed: [], jacobianEntry: null },
});

const panelState: Schema<PanelState> = obj({
  version: exactly(STATE_VERSION),
  analysis: nullable(analysisPayload),
  jacobian: nullable(jacobianPayload),
  derivation: nullable(derivationPayload),
  check: nullable(checkPayload),
  note: nullable(notePayload),
  ui: obj({
    collapsed: arr(sectionId, SECTIONS.length),
    jacobianEntry: nullable(str({ max: LIMITS.name })),
  }),
});

export function parsePanelState(data: unknown): Parsed<PanelState> {
  return validate(panelState, data);
}
