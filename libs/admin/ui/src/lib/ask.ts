import { ElMessageBox } from 'element-plus';
import type { ElMessageBoxOptions } from 'element-plus';
import 'element-plus/es/components/message-box/style/css';

/** ElMessageBox.confirm as a yes or no: true when confirmed, false when cancelled or closed. */
export function ask(message: string, title: string, options: ElMessageBoxOptions): Promise<boolean> {
  return ElMessageBox.confirm(message, title, options).then(
    () => true,
    () => false,
  );
}
