-- Roles and row-level security. The store connects as the owner (a login role that owns the
-- tables and is a member of the four group roles) and runs every request as
--   BEGIN; SET LOCAL ROLE pp_<role>; SET LOCAL phantompool.user_id = '<id>';
-- so these grants and policies bound what any request can touch, whatever the C++ does.
-- Group roles are cluster-wide: created if missing (a DBA may have created them already, in
-- which case the owner needs no CREATEROLE), tolerating a concurrent creator; the owner is
-- made a member of each unless it already is.
DO $$
DECLARE
  r TEXT;
BEGIN
  FOREACH r IN ARRAY ARRAY['pp_trader', 'pp_auditor', 'pp_executor', 'pp_service'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
    IF NOT pg_has_role(current_user, r, 'MEMBER') THEN
      BEGIN
        EXECUTE format('GRANT %I TO %I', r, current_user);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
  END LOOP;
END $$;

-- The acting user of this transaction; NULL (matching no row) when unset.
CREATE FUNCTION pp_current_user_id() RETURNS BIGINT LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('phantompool.user_id', true), '')::bigint $$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO pp_trader, pp_auditor, pp_executor, pp_service;

-- Public market data.
GRANT SELECT ON trading_pairs, market_stats, order_pools, matching_sessions, market_overview,
  system_health_overview TO pp_trader, pp_auditor, pp_executor, pp_service;
-- A trader's own rows (row-level security below narrows every one of these).
GRANT SELECT ON users, user_balances, encrypted_orders, trades, event_outbox, cryptographic_proofs,
  user_trading_stats TO pp_trader;
-- The auditor reads everything and writes nothing.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO pp_auditor;
-- Executors: frozen batches, their peers' keys, their own responses and heartbeat.
GRANT SELECT ON encrypted_orders, threshold_operations, executor_nodes, executor_responses TO pp_executor;
GRANT INSERT ON executor_responses TO pp_executor;
GRANT UPDATE (status, last_heartbeat, updated_at) ON executor_nodes TO pp_executor;
-- The service reads everything; money, orders, sessions and statistics change only through
-- the SECURITY DEFINER functions of migration 003. UPDATE (updated_at) exists so that it can
-- lock a balance or order row (SELECT ... FOR UPDATE needs an UPDATE privilege).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO pp_service;
GRANT INSERT ON users, executor_nodes, threshold_operations, cryptographic_proofs TO pp_service;
GRANT UPDATE (kyc_status, risk_score, last_login, updated_at) ON users TO pp_service;
GRANT UPDATE (updated_at) ON user_balances, encrypted_orders TO pp_service;
GRANT UPDATE (is_valid, reason) ON executor_responses TO pp_service;
GRANT UPDATE (shares_received, valid_shares, status, completed_at) ON threshold_operations TO pp_service;
-- The audit chain and the outbox: appended by whoever makes an audited change.
GRANT INSERT ON audit_log, event_outbox TO pp_service, pp_executor;
GRANT SELECT, UPDATE ON chain_head TO pp_service, pp_executor;

-- Row-level security on every table that holds a trader's (or an executor's) rows.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_balances ENABLE ROW LEVEL SECURITY;
ALTER TABLE encrypted_orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE trades ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE cryptographic_proofs ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE executor_responses ENABLE ROW LEVEL SECURITY;
ALTER TABLE executor_nodes ENABLE ROW LEVEL SECURITY;

CREATE POLICY users_trader ON users FOR SELECT TO pp_trader USING (id = pp_current_user_id());
CREATE POLICY users_read ON users FOR SELECT TO pp_auditor, pp_service USING (true);
CREATE POLICY users_service_insert ON users FOR INSERT TO pp_service WITH CHECK (true);
CREATE POLICY users_service_update ON users FOR UPDATE TO pp_service USING (true) WITH CHECK (true);

CREATE POLICY balances_trader ON user_balances FOR SELECT TO pp_trader
  USING (user_id = pp_current_user_id());
CREATE POLICY balances_read ON user_balances FOR SELECT TO pp_auditor, pp_service USING (true);
CREATE POLICY balances_lock ON user_balances FOR UPDATE TO pp_service USING (true) WITH CHECK (true);

CREATE POLICY orders_trader ON encrypted_orders FOR SELECT TO pp_trader
  USING (user_id = pp_current_user_id());
CREATE POLICY orders_executor ON encrypted_orders FOR SELECT TO pp_executor
  USING (matching_session_id IS NOT NULL);
CREATE POLICY orders_read ON encrypted_orders FOR SELECT TO pp_auditor, pp_service USING (true);
CREATE POLICY orders_lock ON encrypted_orders FOR UPDATE TO pp_service USING (true) WITH CHECK (true);

CREATE POLICY trades_trader ON trades FOR SELECT TO pp_trader
  USING (buyer_id = pp_current_user_id() OR seller_id = pp_current_user_id());
CREATE POLICY trades_read ON trades FOR SELECT TO pp_auditor, pp_service USING (true);

CREATE POLICY outbox_trader ON event_outbox FOR SELECT TO pp_trader
  USING (user_id IS NULL OR user_id = pp_current_user_id());
CREATE POLICY outbox_read ON event_outbox FOR SELECT TO pp_auditor, pp_service USING (true);
CREATE POLICY outbox_append ON event_outbox FOR INSERT TO pp_service, pp_executor WITH CHECK (true);

CREATE POLICY proofs_trader ON cryptographic_proofs FOR SELECT TO pp_trader
  USING (user_id = pp_current_user_id());
CREATE POLICY proofs_read ON cryptographic_proofs FOR SELECT TO pp_auditor, pp_service USING (true);
CREATE POLICY proofs_insert ON cryptographic_proofs FOR INSERT TO pp_service WITH CHECK (true);

CREATE POLICY audit_read ON audit_log FOR SELECT TO pp_auditor, pp_service USING (true);
CREATE POLICY audit_append ON audit_log FOR INSERT TO pp_service, pp_executor WITH CHECK (true);

CREATE POLICY responses_executor ON executor_responses FOR SELECT TO pp_executor
  USING (executor_node_id = pp_current_user_id());
CREATE POLICY responses_executor_insert ON executor_responses FOR INSERT TO pp_executor
  WITH CHECK (executor_node_id = pp_current_user_id());
CREATE POLICY responses_read ON executor_responses FOR SELECT TO pp_auditor, pp_service USING (true);
CREATE POLICY responses_service ON executor_responses FOR UPDATE TO pp_service USING (true) WITH CHECK (true);

CREATE POLICY nodes_read ON executor_nodes FOR SELECT TO pp_executor, pp_auditor, pp_service USING (true);
CREATE POLICY nodes_heartbeat ON executor_nodes FOR UPDATE TO pp_executor
  USING (id = pp_current_user_id()) WITH CHECK (id = pp_current_user_id());
CREATE POLICY nodes_register ON executor_nodes FOR INSERT TO pp_service WITH CHECK (true);
