import { computed, ref, shallowRef } from 'vue';
import { GRADUATION_IMPORT_MAX_ROWS, MEMBER_IMPORT_MAX_ROWS } from '@zhtj/shared/contract';
import type { GraduationImportReport, GraduationImportRow, ImportReport, MemberImportRow, OrgView } from '@zhtj/shared/contract';
import { ApiError, errorMessage, importApi, orgsApi, saveFile, t } from '@zhtj/admin/data-access';
import { GRADUATION_SHEET, MEMBER_SHEET } from './columns';
import type { ImportSheet } from './columns';
import type { ParsedFile, ParsedRow } from './excel';

export type ImportPhase = 'idle' | 'reading' | 'validating' | 'committing';
export type ImportStep = 'choose' | 'report' | 'done';
/** members: new members into one branch; graduation: 毕业时间 and 毕业去向 of registered members, by ID number. */
export type ImportKindName = 'members' | 'graduation';

/** What the two imports share: every row checked (a dry run) before all are written or none. */
export interface AnyImportReport {
  ok: boolean;
  total: number;
  errors: ImportReport['errors'];
  dryRun: boolean;
}

/** One kind of import: its workbook, whether it goes into a chosen branch, and its route. */
interface ImportKind {
  sheet: ImportSheet;
  maxRows: number;
  needsOrg: boolean;
  send(rows: ParsedRow[], orgId: string | null, dryRun: boolean): Promise<AnyImportReport>;
  /** Members a report writes (or, for a dry run, would change). */
  count(report: AnyImportReport): number;
}

const KINDS: Readonly<Record<ImportKindName, ImportKind>> = {
  members: {
    sheet: MEMBER_SHEET,
    maxRows: MEMBER_IMPORT_MAX_ROWS,
    needsOrg: true,
    send: (rows, orgId, dryRun) =>
      importApi.members({ orgId: orgId as string, rows: rows as unknown as MemberImportRow[], ...(dryRun ? { dryRun } : {}) }),
    count: (r) => (r.dryRun ? r.total : (r as ImportReport).created),
  },
  graduation: {
    sheet: GRADUATION_SHEET,
    maxRows: GRADUATION_IMPORT_MAX_ROWS,
    needsOrg: false,
    send: (rows, _orgId, dryRun) =>
      importApi.graduationUpdates({ rows: rows as unknown as GraduationImportRow[], ...(dryRun ? { dryRun } : {}) }),
    count: (r) => (r as GraduationImportReport).changed,
  },
};

/** Progress bands of one upload: read 0–25, unpack 25–45, rows 45–65, server check 65–100. */
const BANDS = { read: [0, 25], unpack: [25, 45], rows: [45, 65] } as const;

const excel = () => import('./excel');

/**
 * An import: (for new members, choose a branch,) read the Excel file in the browser, have the API
 * check every row (dry run, nothing written), then commit all rows in one go.
 */
export function useImport(kindName: ImportKindName) {
  const kind = KINDS[kindName];
  const org = shallowRef<OrgView | null>(null);
  const step = ref<ImportStep>('choose');
  const phase = ref<ImportPhase>('idle');
  const progress = ref(0);
  const fileName = ref('');
  const parsed = shallowRef<ParsedFile | null>(null);
  const report = shallowRef<AnyImportReport | null>(null);
  const fileError = ref<string | null>(null);
  /** Members written by the commit. */
  const written = ref(0);
  const templateBusy = ref(false);

  const badRows = computed(() => new Set(report.value?.errors.map((e) => e.row) ?? []).size);
  const busy = computed(() => phase.value !== 'idle');
  /** May a file be chosen: the branch is chosen, where the import needs one. */
  const ready = computed(() => !kind.needsOrg || org.value !== null);
  /** Members the checked file would write (a member import: every row; an update: the rows that change something). */
  const toWrite = computed(() => (report.value ? kind.count(report.value) : 0));

  async function setOrg(id: string | null): Promise<void> {
    org.value = id ? await orgsApi.get(id) : null;
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
    written.value = 0;
  }

  /** Reads the file and has every row checked; nothing is written. */
  async function handleFile(file: File): Promise<void> {
    if (!ready.value) return;
    restart();
    fileName.value = file.name;
    phase.value = 'reading';
    try {
      const { parseImportFile, ImportFileError } = await excel();
      try {
        parsed.value = await parseImportFile(file, kind.sheet, (p, f) => {
          const [from, to] = BANDS[p];
          progress.value = Math.round(from + (to - from) * f);
        });
      } catch (e) {
        if (e instanceof ImportFileError) {
          fileError.value =
            e.reason === 'missingColumns'
              ? t('importMissingColumns', { cols: e.columns.join('、') })
              : e.reason === 'noRows'
                ? t('importNoRows')
                : t('importBadFile');
          return;
        }
        throw e;
      }
      const rows = parsed.value.rows;
      if (rows.length > kind.maxRows) {
        fileError.value = t('importTooMany', { n: rows.length, max: kind.maxRows });
        return;
      }
      phase.value = 'validating';
      progress.value = 70;
      report.value = await kind.send(rows, org.value?.id ?? null, true);
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
    if (!ready.value || !parsed.value || !report.value?.ok) return;
    phase.value = 'committing';
    fileError.value = null;
    try {
      const res = await kind.send(parsed.value.rows, org.value?.id ?? null, false);
      written.value = kind.count(res);
      step.value = 'done';
    } catch (e) {
      const refused = e instanceof ApiError ? (e.body.details?.['report'] as AnyImportReport | undefined) : undefined;
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
      saveFile({ blob: await buildTemplate(kind.sheet), filename: kind.sheet.templateFile });
    } finally {
      templateBusy.value = false;
    }
  }

  async function downloadErrors(): Promise<void> {
    if (!parsed.value || !report.value) return;
    const { buildErrorWorkbook } = await excel();
    saveFile({ blob: await buildErrorWorkbook(parsed.value, report.value.errors, kind.sheet), filename: '导入错误报告.xlsx' });
  }

  /** The Excel row number of a report row. */
  const sheetRow = (row: number): number => parsed.value?.sheetRows[row - 1] ?? row;

  return {
    kind: kindName,
    sheet: kind.sheet,
    maxRows: kind.maxRows,
    needsOrg: kind.needsOrg,
    org,
    step,
    phase,
    progress,
    fileName,
    parsed,
    report,
    fileError,
    written,
    toWrite,
    templateBusy,
    badRows,
    busy,
    ready,
    setOrg,
    restart,
    handleFile,
    commit,
    downloadTemplate,
    downloadErrors,
    sheetRow,
  };
}

/** The member import (into one branch). */
export function useMemberImport() {
  return useImport('members');
}
