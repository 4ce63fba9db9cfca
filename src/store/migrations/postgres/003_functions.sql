-- The functions that change money, orders, sessions and statistics. Each runs inside the
-- caller's transaction, checks its own invariants and raises a PhantomPool error code
-- (SQLSTATE PPxxx, message "table.field: reason") that the store maps to a Status:
--   PP400 invalid argument, PP402 insufficient funds, PP404 not found, PP409 conflict,
--   PP412 failed precondition, PP500 broken invariant.
-- Commitment arithmetic (ristretto255) is done by the store in C++ after it has locked the
-- balance row; these functions take the expected old value and refuse if it changed.
-- SECURITY DEFINER: they run as the owner; EXECUTE is granted to pp_service only.

CREATE FUNCTION pp_raise(p_code TEXT, p_field TEXT, p_why TEXT) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_field || ': ' || p_why;
END $$;

-- Compare-and-set of a balance row's locked obligations.
CREATE FUNCTION pp_apply_locked(p_user BIGINT, p_token TEXT, p_expected BYTEA, p_new_locked BYTEA,
                                p_new_available BYTEA, p_obligation_delta BIGINT, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE user_balances SET locked_commitment = p_new_locked, available_commitment = p_new_available,
         open_obligations = open_obligations + p_obligation_delta, updated_at = p_now
   WHERE user_id = p_user AND token = p_token AND locked_commitment = p_expected;
  IF NOT FOUND THEN
    PERFORM pp_raise('PP409', 'user_balances.locked_commitment', 'changed since the store read it');
  END IF;
END $$;

CREATE FUNCTION change_balance(p_user BIGINT, p_token TEXT, p_delta BIGINT, p_expected BYTEA,
                               p_new_balance_commitment BYTEA, p_new_available BYTEA, p_now BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_balance BIGINT;
BEGIN
  IF p_delta = 0 THEN PERFORM pp_raise('PP400', 'amount', 'must be positive'); END IF;
  IF NOT EXISTS (SELECT 1 FROM users WHERE id = p_user AND is_active) THEN
    PERFORM pp_raise('PP404', 'users.id', 'no active user ' || p_user);
  END IF;
  IF p_expected IS NULL THEN
    IF p_delta < 0 THEN PERFORM pp_raise('PP402', 'user_balances.balance', 'no balance in this token'); END IF;
    INSERT INTO user_balances (user_id, token, balance, balance_commitment, locked_commitment,
                               available_commitment, created_at, updated_at)
    VALUES (p_user, p_token, p_delta, p_new_balance_commitment, '\x0000000000000000000000000000000000000000000000000000000000000000',
            p_new_available, p_now, p_now);
    RETURN p_delta;
  END IF;
  SELECT balance INTO v_balance FROM user_balances
   WHERE user_id = p_user AND token = p_token AND balance_commitment = p_expected FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM pp_raise('PP409', 'user_balances.balance_commitment', 'changed since the store read it');
  END IF;
  IF v_balance + p_delta < 0 THEN
    PERFORM pp_raise('PP402', 'user_balances.balance', 'withdrawal exceeds the balance');
  END IF;
  UPDATE user_balances SET balance = v_balance + p_delta, balance_commitment = p_new_balance_commitment,
         available_commitment = p_new_available, updated_at = p_now
   WHERE user_id = p_user AND token = p_token;
  RETURN v_balance + p_delta;
END $$;

CREATE FUNCTION submit_encrypted_order(
    p_user BIGINT, p_pair BIGINT, p_order_type TEXT, p_side TEXT, p_validity TEXT, p_expires_at BIGINT,
    p_format_version SMALLINT, p_ciphertexts BYTEA, p_commitments BYTEA, p_proof_bundle BYTEA,
    p_signature BYTEA, p_nonce BYTEA, p_obligation_commitment BYTEA, p_expected_locked BYTEA,
    p_new_locked BYTEA, p_new_available BYTEA, p_now BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user users%ROWTYPE;
  v_pair trading_pairs%ROWTYPE;
  v_token TEXT;
  v_id BIGINT;
BEGIN
  SELECT * INTO v_user FROM users WHERE id = p_user;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'users.id', 'no user ' || p_user); END IF;
  IF NOT v_user.is_active THEN PERFORM pp_raise('PP412', 'users.is_active', 'user is not active'); END IF;
  IF v_user.kyc_status <> 'verified' THEN
    PERFORM pp_raise('PP412', 'users.kyc_status', 'KYC is ' || v_user.kyc_status);
  END IF;
  SELECT * INTO v_pair FROM trading_pairs WHERE id = p_pair;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'trading_pairs.id', 'no trading pair ' || p_pair); END IF;
  IF NOT v_pair.is_active THEN PERFORM pp_raise('PP412', 'trading_pairs.is_active', 'pair is not active'); END IF;
  IF p_validity = 'gtt' AND (p_expires_at IS NULL OR p_expires_at <= p_now) THEN
    PERFORM pp_raise('PP400', 'encrypted_orders.expires_at', 'must lie in the future');
  END IF;
  IF EXISTS (SELECT 1 FROM encrypted_orders WHERE user_id = p_user AND nonce = p_nonce) THEN
    PERFORM pp_raise('PP410', 'encrypted_orders.nonce', 'nonce already used');
  END IF;
  v_token := CASE p_side WHEN 'buy' THEN v_pair.quote_token ELSE v_pair.base_token END;
  IF NOT EXISTS (SELECT 1 FROM user_balances WHERE user_id = p_user AND token = v_token) THEN
    PERFORM pp_raise('PP402', 'user_balances.balance', 'no balance in ' || v_token);
  END IF;
  PERFORM pp_apply_locked(p_user, v_token, p_expected_locked, p_new_locked, p_new_available, 1, p_now);
  INSERT INTO encrypted_orders (user_id, trading_pair_id, order_type, side, validity, expires_at,
      format_version, ciphertexts, commitments, proof_bundle, signature, nonce, obligation_token,
      obligation_commitment, status, created_at, updated_at)
  VALUES (p_user, p_pair, p_order_type, p_side, p_validity, p_expires_at, p_format_version,
      p_ciphertexts, p_commitments, p_proof_bundle, p_signature, p_nonce, v_token,
      p_obligation_commitment, 'active', p_now, p_now)
  RETURNING id INTO v_id;
  RETURN v_id;
END $$;

-- The per-pair counters of order_pools and market_stats, recomputed from the orders. They
-- are refreshed when a batch is frozen or settled and when orders are cancelled or expire,
-- not on every submission: a counter row updated by every order would serialise all
-- submissions of a pair behind one row lock. (market_overview counts live.)
CREATE FUNCTION pp_refresh_counts(p_pair BIGINT, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE order_pools p SET
         open_orders = (SELECT count(*) FROM encrypted_orders o WHERE o.trading_pair_id = p_pair AND o.side = p.side
                          AND o.status IN ('active', 'matching', 'partially_filled')),
         waiting_orders = (SELECT count(*) FROM encrypted_orders o WHERE o.trading_pair_id = p_pair AND o.side = p.side
                          AND o.status IN ('active', 'partially_filled') AND o.matching_session_id IS NULL),
         updated_at = p_now
   WHERE p.trading_pair_id = p_pair;
  UPDATE market_stats SET
         total_orders = (SELECT count(*) FROM encrypted_orders WHERE trading_pair_id = p_pair),
         active_buy_orders = (SELECT open_orders FROM order_pools WHERE trading_pair_id = p_pair AND side = 'buy'),
         active_sell_orders = (SELECT open_orders FROM order_pools WHERE trading_pair_id = p_pair AND side = 'sell'),
         updated_at = p_now
   WHERE trading_pair_id = p_pair;
END $$;

CREATE FUNCTION cancel_encrypted_order(p_user BIGINT, p_order BIGINT, p_expected_locked BYTEA,
    p_new_locked BYTEA, p_new_available BYTEA, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_order encrypted_orders%ROWTYPE;
BEGIN
  SELECT * INTO v_order FROM encrypted_orders WHERE id = p_order FOR UPDATE;
  IF NOT FOUND OR v_order.user_id <> p_user THEN
    PERFORM pp_raise('PP404', 'encrypted_orders.id', 'no order ' || p_order || ' of this user');
  END IF;
  IF v_order.status NOT IN ('active', 'partially_filled') OR v_order.matching_session_id IS NOT NULL THEN
    PERFORM pp_raise('PP412', 'encrypted_orders.status', 'order is ' || v_order.status);
  END IF;
  PERFORM pp_apply_locked(p_user, v_order.obligation_token, p_expected_locked, p_new_locked,
                          p_new_available, -1, p_now);
  UPDATE encrypted_orders SET status = 'cancelled', updated_at = p_now WHERE id = p_order;
  PERFORM pp_refresh_counts(v_order.trading_pair_id, p_now);
END $$;

-- p_orders: the ids the store found expired; p_balances: [{user_id, token, expected_locked,
-- new_locked, new_available, count}] (hex commitments). Refuses unless p_orders is exactly
-- the set of waiting GTT orders expired at p_now.
CREATE FUNCTION cleanup_expired_orders(p_now BIGINT, p_orders BIGINT[], p_balances JSONB)
RETURNS INTEGER LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count INTEGER;
  v_expected INTEGER;
  r RECORD;
BEGIN
  SELECT count(*) INTO v_expected FROM encrypted_orders
   WHERE status IN ('active', 'partially_filled') AND matching_session_id IS NULL
     AND expires_at IS NOT NULL AND expires_at <= p_now;
  SELECT count(*) INTO v_count FROM encrypted_orders
   WHERE id = ANY(p_orders) AND status IN ('active', 'partially_filled')
     AND matching_session_id IS NULL AND expires_at IS NOT NULL AND expires_at <= p_now;
  IF v_count <> v_expected OR v_count <> coalesce(cardinality(p_orders), 0) THEN
    PERFORM pp_raise('PP409', 'encrypted_orders.expires_at', 'expired set changed since the store read it');
  END IF;
  IF (SELECT coalesce(sum((b->>'count')::bigint), 0) FROM jsonb_array_elements(p_balances) b) <> v_count THEN
    PERFORM pp_raise('PP500', 'user_balances.open_obligations', 'released obligations do not match the orders');
  END IF;
  FOR r IN SELECT * FROM jsonb_to_recordset(p_balances) AS x(user_id BIGINT, token TEXT,
      expected_locked TEXT, new_locked TEXT, new_available TEXT, count BIGINT) LOOP
    IF r.count <> (SELECT count(*) FROM encrypted_orders WHERE id = ANY(p_orders)
                    AND user_id = r.user_id AND obligation_token = r.token) THEN
      PERFORM pp_raise('PP500', 'user_balances.open_obligations', 'released obligations do not match the orders');
    END IF;
    PERFORM pp_apply_locked(r.user_id, r.token, decode(r.expected_locked, 'hex'), decode(r.new_locked, 'hex'),
                            decode(r.new_available, 'hex'), -r.count, p_now);
  END LOOP;
  UPDATE encrypted_orders SET status = 'expired', updated_at = p_now WHERE id = ANY(p_orders);
  FOR r IN SELECT DISTINCT trading_pair_id FROM encrypted_orders WHERE id = ANY(p_orders) LOOP
    PERFORM pp_refresh_counts(r.trading_pair_id, p_now);
  END LOOP;
  RETURN v_count;
END $$;

-- Freezes every waiting order of the pair into a new session; returns its id.
CREATE FUNCTION create_matching_session(p_pair BIGINT, p_vrf_seed BYTEA, p_executors JSONB, p_now BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_number BIGINT;
  v_id BIGINT;
  v_buys INTEGER;
  v_sells INTEGER;
BEGIN
  PERFORM 1 FROM trading_pairs WHERE id = p_pair AND is_active FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'trading_pairs.id', 'no active trading pair ' || p_pair); END IF;
  IF jsonb_typeof(p_executors) <> 'array' OR jsonb_array_length(p_executors) = 0 THEN
    PERFORM pp_raise('PP400', 'matching_sessions.executor_assignments', 'must name at least one executor');
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_executors) e
              WHERE jsonb_typeof(e) <> 'number'
                 OR NOT EXISTS (SELECT 1 FROM executor_nodes n WHERE n.id = (e #>> '{}')::bigint)) THEN
    PERFORM pp_raise('PP404', 'matching_sessions.executor_assignments', 'names an unknown executor');
  END IF;
  SELECT count(*) FILTER (WHERE side = 'buy'), count(*) FILTER (WHERE side = 'sell') INTO v_buys, v_sells
    FROM encrypted_orders WHERE trading_pair_id = p_pair AND status IN ('active', 'partially_filled')
     AND matching_session_id IS NULL;
  IF v_buys + v_sells = 0 THEN
    PERFORM pp_raise('PP412', 'encrypted_orders', 'no orders waiting in this pair');
  END IF;
  SELECT coalesce(max(session_number), 0) + 1 INTO v_number FROM matching_sessions WHERE trading_pair_id = p_pair;
  INSERT INTO matching_sessions (trading_pair_id, session_number, status, buy_orders_count,
      sell_orders_count, vrf_seed, executor_assignments, created_at)
  VALUES (p_pair, v_number, 'frozen', v_buys, v_sells, p_vrf_seed, p_executors, p_now)
  RETURNING id INTO v_id;
  UPDATE encrypted_orders SET status = 'matching', matching_session_id = v_id, updated_at = p_now
   WHERE trading_pair_id = p_pair AND status IN ('active', 'partially_filled') AND matching_session_id IS NULL;
  UPDATE order_pools SET last_session_number = v_number WHERE trading_pair_id = p_pair;
  PERFORM pp_refresh_counts(p_pair, p_now);
  UPDATE market_stats SET total_sessions = total_sessions + 1, updated_at = p_now WHERE trading_pair_id = p_pair;
  RETURN v_id;
END $$;

CREATE FUNCTION update_market_stats(p_pair BIGINT, p_last_price BIGINT, p_volume BIGINT, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_prev BIGINT;
BEGIN
  IF p_last_price IS NULL OR p_last_price <= 0 THEN PERFORM pp_raise('PP400', 'market_stats.last_price', 'must be positive'); END IF;
  IF p_volume IS NULL OR p_volume < 0 THEN PERFORM pp_raise('PP400', 'market_stats.volume_24h', 'must not be negative'); END IF;
  SELECT last_price INTO v_prev FROM market_stats WHERE trading_pair_id = p_pair FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'market_stats.trading_pair_id', 'no trading pair ' || p_pair); END IF;
  UPDATE market_stats SET last_price = p_last_price, volume_24h = volume_24h + p_volume,
         high_24h = GREATEST(coalesce(high_24h, p_last_price), p_last_price),
         low_24h = LEAST(coalesce(low_24h, p_last_price), p_last_price),
         price_change_bp = CASE WHEN v_prev IS NULL THEN 0
                                ELSE ((p_last_price - v_prev)::numeric * 10000 / v_prev)::bigint END,
         updated_at = p_now
   WHERE trading_pair_id = p_pair;
END $$;

CREATE FUNCTION record_metric(p_name TEXT, p_value DOUBLE PRECISION, p_unit TEXT, p_component TEXT,
    p_pair BIGINT, p_start BIGINT, p_end BIGINT, p_now BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_id BIGINT;
BEGIN
  IF p_value IS NULL OR p_value = 'NaN'::double precision OR p_value IN ('Infinity', '-Infinity') THEN
    PERFORM pp_raise('PP400', 'system_metrics.metric_value', 'must be a finite number');
  END IF;
  INSERT INTO system_metrics (metric_name, metric_value, metric_unit, component, trading_pair_id,
                              period_start, period_end, created_at)
  VALUES (p_name, p_value, p_unit, p_component, p_pair, p_start, p_end, p_now) RETURNING id INTO v_id;
  RETURN v_id;
END $$;

CREATE FUNCTION update_system_health(p_component TEXT, p_status TEXT, p_score INTEGER, p_response_ms INTEGER,
    p_throughput DOUBLE PRECISION, p_error_rate DOUBLE PRECISION, p_details JSONB, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF length(coalesce(p_component, '')) = 0 THEN
    PERFORM pp_raise('PP400', 'system_health.component', 'must not be empty');
  END IF;
  INSERT INTO system_health (component, status, health_score, response_time_ms, throughput, error_rate,
                             details, last_check, updated_at)
  VALUES (p_component, p_status, p_score, p_response_ms, p_throughput, p_error_rate, p_details, p_now, p_now)
  ON CONFLICT (component) DO UPDATE SET status = EXCLUDED.status, health_score = EXCLUDED.health_score,
     response_time_ms = EXCLUDED.response_time_ms, throughput = EXCLUDED.throughput,
     error_rate = EXCLUDED.error_rate, details = EXCLUDED.details, last_check = p_now, updated_at = p_now;
END $$;
