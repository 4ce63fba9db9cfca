-- The twin of migrations/postgres/011_shorter_locks.sql. SQLite has one writer at a time and
-- no row locks, so neither the lock mode of a freeze nor the order in which a settlement
-- writes changes anything here; the store calls the same two settlement steps
-- (SqliteProcedures::Settle, then SettleBalances) in one transaction. This version exists so
-- that both backends report the same schema version.
SELECT 1;
