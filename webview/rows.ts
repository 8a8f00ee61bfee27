/**
 * Table rows that act like list items: Enter or Space activates, arrow keys / Home / End
 * move between the rows of the same table. One row per table is in the tab order (the
 * last one focused), so Tab steps over a long table instead of through it.
 */
export function activatableRow(row: HTMLTableRowElement, label: string, activate: () => void): HTMLTableRowElement {
  row.tabIndex = -1;
  row.classList.add('activatable');
  // Once the table is built: the selected row, else the first, is the table's tab stop.
  queueMicrotask(() => {
    const rows = [...(row.closest('table')?.querySelectorAll<HTMLTableRowElement>('tr.activatable') ?? [])];
    if (rows.length && !rows.some((r) => r.tabIndex === 0)) (rows.find((r) => r.getAttribute('aria-selected') === 'true') ?? rows[0]).tabIndex = 0;
  });
  row.addEventListener('focus', () => {
    for (const other of row.closest('table')?.querySelectorAll<HTMLTableRowElement>('tr.activatable') ?? []) other.tabIndex = other === row ? 0 : -1;
  });
  row.setAttribute('aria-label', label);
  row.addEventListener('click', (e) => {
    // Let the user select text in a row without jumping to the code.
    if (window.getSelection()?.toString()) return;
    if ((e.target as HTMLElement).closest('vscode-button, a, button')) return;
    activate();
  });
  row.addEventListener('keydown', (e) => {
    if (e.target !== row) return;
    const rows = [...(row.closest('table')?.querySelectorAll<HTMLTableRowElement>('tr.activatable') ?? [])];
    const at = rows.indexOf(row);
    const go = (i: number) => rows[Math.max(0, Math.min(rows.length - 1, i))]?.focus();
    switch (e.key) {
      case 'Enter':
      case ' ':
        activate();
        break;
      case 'ArrowDown':
        go(at + 1);
        break;
      case 'ArrowUp':
        go(at - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      default:
        return;
    }
    e.preventDefault();
  });
  return row;
}
