-- Roles, grants and row-level security (docs/store.md, "Access rules" and "Logins").
--
-- Three kinds of login touch this database:
--   * the owner (the login `migrate` runs as): owns every object; used by migrate, backup,
--     restore and grant-login alone, never for a request;
--   * the server's request login (`phantompool db grant-login --role service`): NOINHERIT,
--     a member of the four group roles and nothing else, owns nothing. Every request runs
--       BEGIN; SET LOCAL ROLE pp_<role>; SELECT set_config('phantompool.user_id', '<id>', true)
--     and RESET ROLE on it leaves a role with no privilege at all;
--   * direct read-only logins (`grant-login --role trader|auditor|executor --id N`): members
--     of one group role, identified by session_user through db_logins. Whatever they SET,
--     they act as the principal db_logins names.
-- Group roles are cluster-wide: created if missing, tolerating a concurrent creator.
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
  END LOOP;
END $$;

-- Nothing for PUBLIC. Nobody but the owner may create objects in schema public (an object
-- there could shadow one of ours), no function is executable by PUBLIC unless granted, and
-- only logins made by grant-login may connect. The schema and the database belong to the
-- database owner: if that is not this login and it left PUBLIC those rights, refuse.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
DO $$
BEGIN
  BEGIN
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  EXCEPTION WHEN insufficient_privilege THEN NULL;
  END;
  IF has_schema_privilege('public', 'public', 'CREATE') THEN
    RAISE EXCEPTION 'schema public: PUBLIC may CREATE in it; the database owner must run REVOKE CREATE ON SCHEMA public FROM PUBLIC';
  END IF;
  BEGIN
    EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
  EXCEPTION WHEN insufficient_privilege THEN NULL;
  END;
END $$;

-- The acting principal's id for `p_role`, or NULL. A direct login is who db_logins says it
-- is; only the server's request login may name the principal per transaction (a custom
-- setting that any role can SET, so it is trusted for that login alone).
CREATE FUNCTION pp_principal_id(p_role TEXT) RETURNS BIGINT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_role TEXT;
  v_id BIGINT;
BEGIN
  SELECT role, principal_id INTO v_role, v_id FROM db_logins WHERE login = session_user;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_role = 'service' THEN
    RETURN NULLIF(current_setting('phantompool.user_id', true), '')::bigint;
  END IF;
  IF v_role = p_role THEN
    RETURN v_id;
  END IF;
  RETURN NULL;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO pp_trader, pp_auditor, pp_executor, pp_service;
GRANT EXECUTE ON FUNCTION pp_principal_id(TEXT) TO pp_trader, pp_auditor, pp_executor, pp_service;

-- Public market data.
GRANT SELECT ON trading_pairs, matching_sessions, market_stats, market_overview,
  system_health, system_health_overview TO pp_trader, pp_auditor, pp_executor, pp_service;
-- A trader's own rows (row-level security below narrows every one of these).
GRANT SELECT ON users, user_balances, balance_transfers, encrypted_orders, trades, event_outbox,
  cryptographic_proofs, user_trading_stats TO pp_trader;
-- The auditor reads everything but the login map, and writes nothing.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO pp_auditor;
REVOKE SELECT ON db_logins FROM pp_auditor;
-- Executors: the orders of the sessions they are assigned to, without owners or amounts;
-- the operations of those sessions; their peers' public keys; their own responses. They
-- write nothing directly: responses and heartbeats go through functions (migration 003).
GRANT SELECT (id, trading_pair_id, order_type, side, validity, expires_at, nonce, encrypted_order,
  status, matching_session_id) ON encrypted_orders TO pp_executor;
GRANT SELECT ON threshold_operations, executor_nodes, executor_responses TO pp_executor;
-- The service reads everything; money, orders, sessions and the journal change only through
-- the SECURITY DEFINER functions of migrations 003 and 004.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO pp_service;
GRANT INSERT ON users, executor_nodes, threshold_operations, cryptographic_proofs, system_metrics,
  system_health TO pp_service;
GRANT UPDATE (kyc_status, is_active, updated_at) ON users TO pp_service;
GRANT UPDATE (is_valid, reason) ON executor_responses TO pp_service;
GRANT UPDATE (shares_received, valid_shares, status) ON threshold_operations TO pp_service;
GRANT UPDATE (status, health_score, response_time_ms, throughput, error_rate, details, last_check,
  updated_at) ON system_health TO pp_service;

-- Row-level security, forced (the owner is bound too, through its own explicit policy), on
-- every table that holds a trader's or an executor's rows.
DO $$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'user_balances', 'balance_transfers', 'encrypted_orders',
      'trades', 'event_outbox', 'cryptographic_proofs', 'audit_log', 'executor_responses',
      'threshold_operations', 'db_logins'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO CURRENT_USER USING (true) WITH CHECK (true)',
                   t || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO pp_auditor, pp_service USING (true)',
                   t || '_read', t);
  END LOOP;
END $$;
DROP POLICY db_logins_read ON db_logins;
CREATE POLICY db_logins_read ON db_logins FOR SELECT TO pp_service USING (true);

CREATE POLICY users_trader ON users FOR SELECT TO pp_trader USING (id = pp_principal_id('trader'));
CREATE POLICY users_insert ON users FOR INSERT TO pp_service WITH CHECK (true);
CREATE POLICY users_update ON users FOR UPDATE TO pp_service USING (true) WITH CHECK (true);

CREATE POLICY balances_trader ON user_balances FOR SELECT TO pp_trader
  USING (user_id = pp_principal_id('trader'));
CREATE POLICY transfers_trader ON balance_transfers FOR SELECT TO pp_trader
  USING (user_id = pp_principal_id('trader'));

CREATE POLICY orders_trader ON encrypted_orders FOR SELECT TO pp_trader
  USING (user_id = pp_principal_id('trader'));
CREATE POLICY orders_executor ON encrypted_orders FOR SELECT TO pp_executor
  USING (matching_session_id IN (SELECT s.id FROM matching_sessions s
          WHERE s.executor_assignments @> jsonb_build_array(pp_principal_id('executor'))));

CREATE POLICY trades_trader ON trades FOR SELECT TO pp_trader
  USING (buyer_id = pp_principal_id('trader') OR seller_id = pp_principal_id('trader'));

CREATE POLICY outbox_trader ON event_outbox FOR SELECT TO pp_trader
  USING (user_id IS NULL OR user_id = pp_principal_id('trader'));

CREATE POLICY proofs_trader ON cryptographic_proofs FOR SELECT TO pp_trader
  USING (user_id = pp_principal_id('trader'));
CREATE POLICY proofs_insert ON cryptographic_proofs FOR INSERT TO pp_service WITH CHECK (true);

CREATE POLICY responses_executor ON executor_responses FOR SELECT TO pp_executor
  USING (executor_node_id = pp_principal_id('executor'));
CREATE POLICY responses_update ON executor_responses FOR UPDATE TO pp_service
  USING (true) WITH CHECK (true);

CREATE POLICY operations_executor ON threshold_operations FOR SELECT TO pp_executor
  USING (matching_session_id IN (SELECT s.id FROM matching_sessions s
          WHERE s.executor_assignments @> jsonb_build_array(pp_principal_id('executor'))));
CREATE POLICY operations_insert ON threshold_operations FOR INSERT TO pp_service WITH CHECK (true);
CREATE POLICY operations_update ON threshold_operations FOR UPDATE TO pp_service
  USING (true) WITH CHECK (true);
