-- Transfers initiated or changed (approve, reject, withdraw, expire, external outcome, …) refresh
-- their graduates' facts (`metrics_transfer_stmt`).
DROP TRIGGER IF EXISTS transfer_metrics_ins ON transfer;
CREATE TRIGGER transfer_metrics_ins AFTER INSERT ON transfer REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_transfer_stmt();
DROP TRIGGER IF EXISTS transfer_metrics_upd ON transfer;
CREATE TRIGGER transfer_metrics_upd AFTER UPDATE ON transfer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_transfer_stmt();
