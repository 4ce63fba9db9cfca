-- No change on SQLite: migrations/postgres/007_set_based_openings.sql rewrites a PL/pgSQL
-- function, and the SQLite twin of record_session_openings is C++ (src/store). The file
-- keeps both backends' schema versions equal.
SELECT 1;
