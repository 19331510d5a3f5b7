import { computed, ref, shallowRef } from 'vue';
import type { FormRules } from 'element-plus';
import { mayHoldMembers } from '@zhtj/domain';
import type { TransferType } from '@zhtj/domain';
import type { TransferTargetView } from '@zhtj/shared/contract';
import { errorMessage, t, transfersApi } from '@zhtj/admin/data-access';

/** The part of an initiate form the receiving-org search reads and fills (TransferTargetFields shows it). */
export interface TargetForm {
  type: TransferType | '';
  external: boolean;
  toOrgId: string;
  provinceCode: string;
  orgFullName: string;
}

/**
 * 转入组织 search of the initiate dialogs (one member, or many): the directory filtered by the
 * form's type (and the member, when one is known), what was typed — offered as a Beijing /
 * Guangdong / Fujian org when nothing is found here (Q17) — and whether the chosen org is a
 * committee, which assigns the branch on approval (§5).
 */
export function useTargetSearch(form: TargetForm, opts: { memberId?: () => string | undefined; onError: (message: string) => void }) {
  const targets = shallowRef<TransferTargetView[]>([]);
  const searching = ref(false);
  const lastQuery = ref('');
  const committeeChosen = computed(() => {
    const o = targets.value.find((x) => x.id === form.toOrgId);
    return !!o && !mayHoldMembers(o);
  });

  function toExternal(): void {
    Object.assign(form, { external: true, orgFullName: lastQuery.value });
  }

  async function findTargets(q: string): Promise<void> {
    lastQuery.value = q.trim();
    if (lastQuery.value.length < 2) return;
    searching.value = true;
    try {
      targets.value = await transfersApi.targets(lastQuery.value, form.type || undefined, opts.memberId?.());
    } catch (e) {
      opts.onError(errorMessage(e));
    } finally {
      searching.value = false;
    }
  }

  /** A receiving org chosen another way (by place): offered as a found one, so the committee hint follows it. */
  function choose(o: TransferTargetView): void {
    targets.value = [o, ...targets.value.filter((x) => x.id !== o.id)];
    form.toOrgId = o.id;
  }

  return { targets, searching, lastQuery, committeeChosen, toExternal, findTargets, choose };
}

export type TargetSearch = ReturnType<typeof useTargetSearch>;

/** The rules of those fields, each said under its field: a type, and a receiving org here or a full name outside. */
export function targetRules(form: TargetForm): FormRules {
  return {
    type: [{ required: true, message: () => t('pickType'), trigger: 'change' }],
    toOrgId: [{ trigger: 'change', validator: (_r, v: string, cb) => (form.external || v ? cb() : cb(new Error(t('pickTarget')))) }],
    orgFullName: [
      {
        trigger: 'blur',
        validator: (_r, v: string, cb) => (!form.external || v.trim() ? cb() : cb(new Error(t('externalOrgNameRequired')))),
      },
    ],
  };
}
