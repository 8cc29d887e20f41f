/**
 * Refresh: the button, and pull-to-refresh on touch devices (pull-to-refresh.ts) on the lists.
 * Either way refresh() revalidates every cached entry now, and the report says what changed.
 */
import type { RefreshReport, Stowage } from '../../src/index.js';
import { $ } from './dom.js';
import { onPullToRefresh } from './pull-to-refresh.js';

export function installRefresh(stowage: Stowage, lists: HTMLElement[], reload: () => Promise<void>): void {
  const refreshAll = async (): Promise<void> => {
    $('#refresh-report').textContent = 'checking…';
    const report: RefreshReport = await stowage.refresh();
    const failed = report.entries.find((entry) => entry.outcome === 'failed');
    $('#refresh-report').textContent =
      `${report.checked} checked: ${report.changed} changed, ${report.unchanged} unchanged, ${report.failed} failed` + (failed?.reason ? ` (${failed.reason})` : '');
    await reload();
  };
  $('#refresh').addEventListener('click', () => void refreshAll());
  for (const list of lists) onPullToRefresh(list, refreshAll);
}
