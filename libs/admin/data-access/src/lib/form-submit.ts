import { ref } from 'vue';
import type { FormInstance } from 'element-plus';
import { useLoading } from './loading';

/**
 * A form's submit: the el-form's rules first (`formRef`; what is missing is said under its field,
 * issue 23 item 7), then the action with `busy` on; a failure's message (errorMessage) lands in
 * `error`, shown above the buttons. `validate` and `run` are the two steps, for a form that asks
 * something in between.
 */
export function useFormSubmit() {
  const formRef = ref<FormInstance>();
  const { loading: busy, error, run } = useLoading();

  /** Clears the error and checks the form's rules: true when every field passes. */
  async function validate(): Promise<boolean> {
    error.value = null;
    return Boolean(await formRef.value?.validate().catch(() => false));
  }

  async function submit(action: () => Promise<void>): Promise<void> {
    if (await validate()) await run(action);
  }

  return { formRef, busy, error, validate, run, submit };
}
