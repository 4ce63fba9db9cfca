-- The twin of migrations/postgres/009_executor_unreachable.sql. On SQLite the store's own
-- code is the only writer (there are no logins to keep out), so marking an unreachable
-- executor offline is C++ (src/store/sqlite/sqlite_procs.cc, MarkExecutorUnreachable) and
-- needs no schema change. This version exists so that both backends report the same schema
-- version for the same capabilities.
SELECT 1;
