-- The twin of migrations/postgres/010_session_orders_set_based.sql. On SQLite the row
-- trigger of 006 stays: it runs in the engine's own C code, with no per-row function call or
-- foreign-key query to save. This version exists so that both backends report the same
-- schema version.
SELECT 1;
