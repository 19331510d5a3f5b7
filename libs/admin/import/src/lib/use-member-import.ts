import { computed, ref, shallowRef } from 'vue';
import { MEMBER_IMPORT_MAX_ROWS } from '@zhtj/shared/contract';
import type { ImportReport, OrgView } from '@zhtj/shared/contract';
import { ApiError, errorMessage, saveFile, t, useAuthStore } from '@zhtj/admin/data-access';
import type { ParsedFile } from './excel';

export type ImportPhase = 'idle' | 'reading' | 'validating' | 'committing';
export type ImportStep = 'choose' | 'report' | 'done';

/** Progress bands of one upload: read 0–25, unpack 25–45, rows 45–65, server check 65–100. */
const BANDS = { read: [0, 25], unpack: [25, 45], rows: [45, 65] } as const;

const excel = () => import('./excel');

/**
 * The member import: choose a branch, read the Excel file in the browser, have the API check
 * every row (dry run, nothing written), then commit all rows in one go.
 */
export function useMemberImport() {
  const auth = useAuthStore();
  const org = shallowRef<OrgView | null>(null);
  const step = ref<ImportStep>('choose');
  const phase = ref<ImportPhase>('idle');
  const progress = ref(0);
  const fileName = ref('');
  const parsed = shallowRef<ParsedFile | null>(null);
  const report = shallowRef<ImportReport | null>(null);
  const fileError = ref<string | null>(null);
  const created = ref(0);
  const templateBusy = ref(false);

  const badRows = computed(() => new Set(report.value?.errors.map((e) => e.row) ?? []).size);
  const busy = computed(() => phase.value !== 'idle');

  async function setOrg(id: string | null): Promise<void> {
    org.value = id ? await auth.endpoints.orgs.get(id) : null;
    restart();
  }

  function restart(): void {
    step.value = 'choose';
    phase.value = 'idle';
    progress.value = 0;
    fileName.value = '';
    parsed.value = null;
    report.value = null;
    fileError.value = null;
    created.value = 0;
  }

  /** Reads the file and has every row checked; nothing is written. */
  async function handleFile(file: File): Promise<void> {
    if (!org.value) return;
    restart();
    fileName.value = file.name;
    phase.value = 'reading';
    try {
      const { parseMemberFile, ImportFileError } = await excel();
      try {
        parsed.value = await parseMemberFile(file, (p, f) => {
          const [from, to] = BANDS[p];
          progress.value = Math.round(from + (to - from) * f);
        });
      } catch (e) {
        if (e instanceof ImportFileError) {
          fileError.value =
            e.reason === 'missingColumns' ? t('importMissingColumns', { cols: e.columns.join('、') }) : e.reason === 'noRows' ? t('importNoRows') : t('importBadFile');
          return;
        }
        throw e;
      }
      const rows = parsed.value.rows;
      if (rows.length > MEMBER_IMPORT_MAX_ROWS) {
        fileError.value = t('importTooMany', { n: rows.length, max: MEMBER_IMPORT_MAX_ROWS });
        return;
      }
      phase.value = 'validating';
      progress.value = 70;
      report.value = await auth.endpoints.members.import({ orgId: org.value.id, rows, dryRun: true });
      progress.value = 100;
      step.value = 'report';
    } catch (e) {
      fileError.value = errorMessage(e);
    } finally {
      phase.value = 'idle';
    }
  }

  /** Writes every row in one transaction, or none (a row that went bad meanwhile shows in the report). */
  async function commit(): Promise<void> {
    if (!org.value || !parsed.value || !report.value?.ok) return;
    phase.value = 'committing';
    fileError.value = null;
    try {
      const res = await auth.endpoints.members.import({ orgId: org.value.id, rows: parsed.value.rows });
      created.value = res.created;
      step.value = 'done';
    } catch (e) {
      const refused = e instanceof ApiError ? (e.body.details?.['report'] as ImportReport | undefined) : undefined;
      if (refused) report.value = refused;
      else fileError.value = errorMessage(e);
    } finally {
      phase.value = 'idle';
    }
  }

  async function downloadTemplate(): Promise<void> {
    templateBusy.value = true;
    try {
      const { buildTemplate } = await excel();
      saveFile({ blob: await buildTemplate(), filename: '团员导入模板.xlsx' });
    } finally {
      templateBusy.value = false;
    }
  }

  async function downloadErrors(): Promise<void> {
    if (!parsed.value || !report.value) return;
    const { buildErrorWorkbook } = await excel();
    saveFile({ blob: await buildErrorWorkbook(parsed.value, report.value), filename: '导入错误报告.xlsx' });
  }

  /** The Excel row number of a report row. */
  const sheetRow = (row: number): number => parsed.value?.sheetRows[row - 1] ?? row;

  return { org, step, phase, progress, fileName, parsed, report, fileError, created, templateBusy, badRows, busy, setOrg, restart, handleFile, commit, downloadTemplate, downloadErrors, sheetRow };
}
