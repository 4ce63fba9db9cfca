-- SQLite has no roles, row-level security or stored procedures: the store layer enforces the
-- access rules and runs the procedures of migrations/postgres/002_security.sql in C++ (src/store/sqlite/).
-- This version exists so that both back ends share one schema_version and backups move
-- between them.
SELECT 1;
