-- The same logical change as migrations/postgres/007_openings_and_order_trades.sql. Its
-- first half rewrites a PL/pgSQL function whose SQLite twin is C++ (src/store); the second
-- indexes trades by order: what earlier sessions filled of each order of a session
-- (Store::ListSessionTrades, for a session's replay) without scanning every trade.
CREATE INDEX trades_buy_order_idx ON trades (buy_order_id);
CREATE INDEX trades_sell_order_idx ON trades (sell_order_id);
