-- 1. record_session_openings, set-based. The version of 005 checked and wrote one order at a
-- time, each lookup planned on the table statistics of the moment: right after a bulk of
-- fresh orders (before autovacuum's ANALYZE) the planner took encrypted_orders for a few
-- pages and scanned it once per order — 15–35 s for a 10,000-order session instead of under
-- one (measured with `scripts/bench e2e`). Here each check and each write covers the whole
-- batch in one statement, and nested loops are off inside the function, so every join is a
-- hash or merge join (each side read once) whatever the statistics say. What is checked and
-- written is unchanged; tests/store cover every refusal.
CREATE OR REPLACE FUNCTION record_session_openings(p_session BIGINT, p_openings JSON,
    p_excluded JSON, p_balances JSON, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp SET enable_nestloop = off AS $$
DECLARE
  v_status TEXT;
  v_given BIGINT;
  v_found BIGINT;
  r RECORD;
BEGIN
  IF p_openings IS NULL OR p_excluded IS NULL OR p_balances IS NULL OR p_now IS NULL THEN
    PERFORM pp_raise('PP400', 'order_openings', 'every argument is required');
  END IF;
  SELECT status INTO v_status FROM matching_sessions WHERE id = p_session FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'matching_sessions.id', 'no such session'); END IF;
  IF v_status <> 'frozen' THEN
    PERFORM pp_raise('PP412', 'matching_sessions.status', 'session is ' || v_status);
  END IF;

  -- Openings: every one an order of this frozen session (a repeated one fails the key).
  SELECT count(*), count(e.id) INTO v_given, v_found
    FROM json_to_recordset(p_openings) AS x(order_id BIGINT)
    LEFT JOIN encrypted_orders e
      ON e.id = x.order_id AND e.matching_session_id = p_session AND e.status = 'matching';
  IF v_found <> v_given THEN
    PERFORM pp_raise('PP412', 'order_openings.order_id', 'not an order of this frozen session');
  END IF;
  INSERT INTO order_openings (order_id, matching_session_id, size, limit_price, min_fill,
                              opening, created_at)
  SELECT x.order_id, p_session, x.size, x.limit_price, x.min_fill, decode(x.opening, 'hex'), p_now
    FROM json_to_recordset(p_openings) AS x(order_id BIGINT, size BIGINT, limit_price BIGINT,
                                             min_fill BIGINT, opening TEXT);

  -- Exclusions: each an order of this frozen session, named once; cancelled with its reason.
  SELECT count(*), count(DISTINCT x.order_id) INTO v_given, v_found
    FROM json_to_recordset(p_excluded) AS x(order_id BIGINT);
  IF v_found <> v_given THEN
    PERFORM pp_raise('PP412', 'excluded_orders.order_id', 'not an order of this frozen session');
  END IF;
  UPDATE encrypted_orders e SET status = 'cancelled', updated_at = p_now
    FROM json_to_recordset(p_excluded) AS x(order_id BIGINT)
   WHERE e.id = x.order_id AND e.matching_session_id = p_session AND e.status = 'matching';
  GET DIAGNOSTICS v_found = ROW_COUNT;
  IF v_found <> v_given THEN
    PERFORM pp_raise('PP412', 'excluded_orders.order_id', 'not an order of this frozen session');
  END IF;
  INSERT INTO excluded_orders (order_id, matching_session_id, reason, shared_point, created_at)
  SELECT x.order_id, p_session, x.reason,
         CASE WHEN x.shared_point IS NULL THEN NULL ELSE decode(x.shared_point, 'hex') END, p_now
    FROM json_to_recordset(p_excluded) AS x(order_id BIGINT, reason TEXT, shared_point TEXT);

  -- Released obligations: exactly one row per (user, token) of the excluded orders, with
  -- their count.
  IF EXISTS (
      SELECT 1
        FROM json_to_recordset(p_balances) AS b(user_id BIGINT, token TEXT, count BIGINT)
        FULL JOIN (SELECT e.user_id, e.obligation_token AS token, count(*) AS n
                     FROM json_to_recordset(p_excluded) AS x(order_id BIGINT)
                     JOIN encrypted_orders e ON e.id = x.order_id
                    GROUP BY e.user_id, e.obligation_token) o
          ON o.user_id = b.user_id AND o.token = b.token
       WHERE b.count IS DISTINCT FROM o.n OR b.count = 0)
     OR EXISTS (
      SELECT 1 FROM json_to_recordset(p_balances) AS b(user_id BIGINT, token TEXT)
       GROUP BY b.user_id, b.token HAVING count(*) > 1) THEN
    PERFORM pp_raise('PP500', 'user_balances.open_obligations', 'released obligations do not match the orders');
  END IF;
  -- One balance at a time, in key order (the order every writer locks balances in).
  FOR r IN SELECT * FROM json_to_recordset(p_balances) AS x(user_id BIGINT, token TEXT,
      expected_available TEXT, new_available TEXT, count BIGINT) ORDER BY user_id, token COLLATE "C" LOOP
    UPDATE user_balances SET available_commitment = decode(r.new_available, 'hex'),
           open_obligations = open_obligations - r.count, updated_at = p_now
     WHERE user_id = r.user_id AND token = r.token
       AND available_commitment = decode(r.expected_available, 'hex');
    IF NOT FOUND THEN
      PERFORM pp_raise('PP409', 'user_balances.available_commitment', 'changed since the store read it');
    END IF;
  END LOOP;
END $$;

-- An order's trades, by order: what earlier sessions filled of each order of a session
-- (Store::ListSessionTrades, for a session's replay) without scanning every trade.
CREATE INDEX trades_buy_order_idx ON trades (buy_order_id);
CREATE INDEX trades_sell_order_idx ON trades (sell_order_id);
