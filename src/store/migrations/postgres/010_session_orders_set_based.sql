-- Freezing a batch writes its session_orders rows in one statement. Until now a row trigger
-- on encrypted_orders wrote them one by one, each with two foreign-key checks: 225 of the
-- 537 ms that freezing 10,000 orders took (scripts/bench e2e, session_freeze_ms;
-- docs/benchmarks.md). create_matching_session is the only path that freezes an order (sets
-- matching_session_id with status 'matching'), so it writes the record itself, set-based.
-- The foreign keys go: every row is copied from an encrypted_orders row (its own id) whose
-- matching_session_id has just been set under that table's own key to matching_sessions,
-- inside the same SECURITY DEFINER function, and nobody else may write session_orders.
-- The coordinator lists a batch from this record and settle_matching_session requires a
-- fill for every order frozen in the session (008), so an order frozen by some future path
-- without its record would stop its session from settling, never slip through unrecorded.
DROP TRIGGER encrypted_orders__frozen__record ON encrypted_orders;
DROP FUNCTION record_session_order();
ALTER TABLE session_orders DROP CONSTRAINT session_orders__matching_session_id__fk;
ALTER TABLE session_orders DROP CONSTRAINT session_orders__order_id__fk;

CREATE OR REPLACE FUNCTION create_matching_session(p_pair BIGINT, p_vrf_seed BYTEA, p_executors JSONB, p_now BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_pair trading_pairs%ROWTYPE;
  v_number BIGINT;
  v_id BIGINT;
  v_buys INTEGER;
  v_sells INTEGER;
BEGIN
  SELECT * INTO v_pair FROM trading_pairs WHERE id = p_pair AND is_active FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'trading_pairs.id', 'no active trading pair'); END IF;
  IF p_now IS NULL OR p_vrf_seed IS NULL OR length(p_vrf_seed) <> 32 THEN
    PERFORM pp_raise('PP400', 'matching_sessions.vrf_seed', 'must be 32 bytes');
  END IF;
  IF p_executors IS NULL OR jsonb_typeof(p_executors) <> 'array' OR jsonb_array_length(p_executors) = 0
     OR jsonb_array_length(p_executors) > 255 THEN
    PERFORM pp_raise('PP400', 'matching_sessions.executor_assignments', 'must name 1..255 executors');
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_executors) e
              WHERE jsonb_typeof(e) <> 'number'
                 OR NOT EXISTS (SELECT 1 FROM executor_nodes n WHERE n.id = (e #>> '{}')::numeric)) THEN
    PERFORM pp_raise('PP404', 'matching_sessions.executor_assignments', 'names an unknown executor');
  END IF;
  SELECT coalesce(max(session_number), 0) + 1 INTO v_number FROM matching_sessions WHERE trading_pair_id = p_pair;
  INSERT INTO matching_sessions (trading_pair_id, session_number, status, vrf_seed, executor_assignments, created_at)
  VALUES (p_pair, v_number, 'frozen', p_vrf_seed, p_executors, p_now) RETURNING id INTO v_id;
  UPDATE encrypted_orders SET status = 'matching', matching_session_id = v_id, updated_at = p_now
   WHERE id IN (SELECT id FROM encrypted_orders WHERE trading_pair_id = p_pair
                  AND status IN ('active', 'partially_filled') ORDER BY id LIMIT v_pair.batch_max_orders);
  INSERT INTO session_orders (matching_session_id, order_id)
  SELECT v_id, id FROM encrypted_orders WHERE matching_session_id = v_id;
  SELECT count(*) FILTER (WHERE side = 'buy'), count(*) FILTER (WHERE side = 'sell') INTO v_buys, v_sells
    FROM encrypted_orders WHERE matching_session_id = v_id;
  IF v_buys + v_sells = 0 THEN
    PERFORM pp_raise('PP412', 'encrypted_orders', 'no orders waiting in this pair');
  END IF;
  UPDATE matching_sessions SET buy_orders_count = v_buys, sell_orders_count = v_sells WHERE id = v_id;
  RETURN v_id;
END $$;

