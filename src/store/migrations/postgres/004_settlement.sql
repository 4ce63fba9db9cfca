-- Settlement of a matching session in one transaction, set-based so that 10,000 orders fit
-- well inside the time budget. The store computes the new balances and commitments in C++
-- (it has to: commitments are ristretto255 points) and this function re-derives every
-- balance change from the trades itself, refusing unless both agree and value is conserved.
--   p_trades:   [{buy_order_id, sell_order_id, amount, price, total_value, buyer_fee, seller_fee}]
--   p_fills:    [{order_id, filled_amount, remaining_amount, min_fill_amount, remaining_commitment}]
--   p_balances: [{user_id, token, delta, expected_locked, new_locked, new_available,
--                 new_balance_commitment, obligations_delta}]   (commitments in hex)
CREATE FUNCTION settle_matching_session(p_session BIGINT, p_clearing_price BIGINT, p_vrf_output BYTEA,
    p_vrf_proof BYTEA, p_fee_user BIGINT, p_trades JSONB, p_fills JSONB, p_balances JSONB, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_session matching_sessions%ROWTYPE;
  v_pair trading_pairs%ROWTYPE;
  v_bad TEXT;
  v_volume BIGINT;
  v_quote BIGINT;
  v_updated INTEGER;
  r RECORD;
BEGIN
  SELECT * INTO v_session FROM matching_sessions WHERE id = p_session FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'matching_sessions.id', 'no session ' || p_session); END IF;
  IF v_session.status <> 'frozen' THEN
    PERFORM pp_raise('PP412', 'matching_sessions.status', 'session is ' || v_session.status);
  END IF;
  SELECT * INTO v_pair FROM trading_pairs WHERE id = v_session.trading_pair_id;
  IF p_clearing_price IS NULL OR p_clearing_price < v_pair.min_price OR p_clearing_price > v_pair.max_price
     OR p_clearing_price % v_pair.tick_size <> 0 THEN
    PERFORM pp_raise('PP400', 'matching_sessions.clearing_price', 'must lie on the pair''s price grid');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM users WHERE id = p_fee_user) THEN
    PERFORM pp_raise('PP404', 'settlement.fee_user_id', 'no user ' || p_fee_user);
  END IF;

  CREATE TEMP TABLE pp_t ON COMMIT DROP AS
    SELECT * FROM jsonb_to_recordset(p_trades) AS x(buy_order_id BIGINT, sell_order_id BIGINT,
      amount BIGINT, price BIGINT, total_value BIGINT, buyer_fee BIGINT, seller_fee BIGINT);
  CREATE TEMP TABLE pp_f ON COMMIT DROP AS
    SELECT x.*, o.user_id, o.side, o.validity, o.obligation_token, o.matching_session_id
      FROM jsonb_to_recordset(p_fills) AS x(order_id BIGINT, filled_amount BIGINT, remaining_amount BIGINT,
           min_fill_amount BIGINT, remaining_commitment TEXT)
      LEFT JOIN encrypted_orders o ON o.id = x.order_id;
  CREATE TEMP TABLE pp_b ON COMMIT DROP AS
    SELECT * FROM jsonb_to_recordset(p_balances) AS x(user_id BIGINT, token TEXT, delta BIGINT,
      expected_locked TEXT, new_locked TEXT, new_available TEXT, new_balance_commitment TEXT,
      obligations_delta BIGINT);

  -- Temporary tables have no statistics until analysed; without them the planner picks
  -- nested loops that turn 10,000 orders into seconds.
  ANALYZE pp_t;
  ANALYZE pp_f;
  ANALYZE pp_b;

  -- Fills: every order of the session exactly once, nothing else.
  IF (SELECT count(*) FROM pp_f WHERE matching_session_id IS DISTINCT FROM p_session) > 0
     OR (SELECT count(DISTINCT order_id) FROM pp_f) <> (SELECT count(*) FROM pp_f)
     OR (SELECT count(*) FROM pp_f) <> (SELECT count(*) FROM encrypted_orders WHERE matching_session_id = p_session) THEN
    PERFORM pp_raise('PP400', 'settlement.fills', 'must name every order of the session exactly once');
  END IF;
  IF EXISTS (SELECT 1 FROM pp_f WHERE filled_amount < 0 OR remaining_amount < 0 OR min_fill_amount < 0) THEN
    PERFORM pp_raise('PP400', 'settlement.fills', 'amounts must not be negative');
  END IF;

  -- Trades: a buy and a sell of this session, at the clearing price, valued exactly.
  -- Aggregates rather than EXISTS/LIMIT 1 here and below: with a LIMIT the planner picks a
  -- fast-start nested loop that, when nothing matches, compares every trade with every fill.
  SELECT min(CASE
      WHEN t.amount IS NULL OR t.amount <= 0 THEN 'amount'
      WHEN t.price <> p_clearing_price THEN 'price'
      WHEN b.side IS DISTINCT FROM 'buy' THEN 'buy_order_id'
      WHEN s.side IS DISTINCT FROM 'sell' THEN 'sell_order_id'
      WHEN b.user_id = s.user_id THEN 'seller_id'
      WHEN t.buyer_fee < 0 OR t.seller_fee < 0 OR t.seller_fee > t.total_value THEN 'seller_fee'
      WHEN t.total_value <> floor(t.amount::numeric * t.price * v_pair.quote_per_tick / v_pair.base_scale)
        THEN 'total_value'
    END) INTO v_bad
    FROM pp_t t LEFT JOIN pp_f b ON b.order_id = t.buy_order_id LEFT JOIN pp_f s ON s.order_id = t.sell_order_id;
  IF v_bad IS NOT NULL THEN PERFORM pp_raise('PP400', 'trades.' || v_bad, 'is not consistent with the session'); END IF;

  -- Each order's fill equals the sum of its trades; a minimum fill is honoured.
  IF (SELECT count(*) FROM pp_f f
               LEFT JOIN (SELECT order_id, sum(amount) AS traded FROM (
                            SELECT buy_order_id AS order_id, amount FROM pp_t
                            UNION ALL SELECT sell_order_id, amount FROM pp_t) x GROUP BY order_id) t
                 ON t.order_id = f.order_id
              WHERE f.filled_amount <> coalesce(t.traded, 0)) > 0 THEN
    PERFORM pp_raise('PP400', 'encrypted_orders.filled_amount', 'differs from the sum of its trades');
  END IF;
  IF EXISTS (SELECT 1 FROM pp_f WHERE filled_amount > 0 AND min_fill_amount IS NOT NULL
              AND filled_amount < min_fill_amount) THEN
    PERFORM pp_raise('PP400', 'encrypted_orders.min_fill_amount', 'a fill below the minimum');
  END IF;
  -- An order stays on the book exactly when it has a remainder and is not IOC; then it
  -- needs the commitment to its remaining obligation.
  IF EXISTS (SELECT 1 FROM pp_f WHERE (remaining_amount > 0 AND validity <> 'ioc') <> (remaining_commitment IS NOT NULL)) THEN
    PERFORM pp_raise('PP400', 'settlement.fills.remaining_commitment', 'required exactly for orders that stay on the book');
  END IF;

  -- Double entry: derive every balance change from the trades and compare with the store's.
  CREATE TEMP TABLE pp_d ON COMMIT DROP AS
    SELECT user_id, token, sum(delta) AS delta, sum(released)::bigint AS released FROM (
      SELECT b.user_id, v_pair.quote_token AS token, -(t.total_value::numeric + t.buyer_fee) AS delta, 0 AS released
        FROM pp_t t JOIN pp_f b ON b.order_id = t.buy_order_id
      UNION ALL SELECT b.user_id, v_pair.base_token, t.amount::numeric * v_pair.base_lot, 0
        FROM pp_t t JOIN pp_f b ON b.order_id = t.buy_order_id
      UNION ALL SELECT s.user_id, v_pair.base_token, -t.amount::numeric * v_pair.base_lot, 0
        FROM pp_t t JOIN pp_f s ON s.order_id = t.sell_order_id
      UNION ALL SELECT s.user_id, v_pair.quote_token, t.total_value - t.seller_fee, 0
        FROM pp_t t JOIN pp_f s ON s.order_id = t.sell_order_id
      UNION ALL SELECT p_fee_user, v_pair.quote_token, t.buyer_fee + t.seller_fee, 0 FROM pp_t t
      UNION ALL SELECT f.user_id, f.obligation_token, 0, CASE WHEN f.remaining_commitment IS NULL THEN 1 ELSE 0 END
        FROM pp_f f) x
    GROUP BY user_id, token;
  ANALYZE pp_d;
  IF (SELECT count(*) FROM pp_d d FULL JOIN pp_b b ON b.user_id = d.user_id AND b.token = d.token
       WHERE d.user_id IS NULL OR b.user_id IS NULL OR b.delta <> d.delta OR b.obligations_delta <> -d.released) > 0 THEN
    PERFORM pp_raise('PP500', 'settlement.balances', 'balance changes differ from the trades');
  END IF;
  IF EXISTS (SELECT token FROM pp_d GROUP BY token HAVING sum(delta) <> 0) THEN
    PERFORM pp_raise('PP500', 'settlement.balances', 'value is not conserved');
  END IF;

  -- Apply. Receivers without a balance row in the token get one first.
  INSERT INTO user_balances (user_id, token, balance, balance_commitment, locked_commitment,
                             available_commitment, created_at, updated_at)
  SELECT b.user_id, b.token, 0, decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'),
         decode(repeat('00', 32), 'hex'), p_now, p_now FROM pp_b b
  ON CONFLICT ON CONSTRAINT user_balances__token__uq DO NOTHING;
  PERFORM 1 FROM user_balances u JOIN pp_b b ON b.user_id = u.user_id AND b.token = u.token
    ORDER BY u.id FOR UPDATE OF u;
  IF (SELECT count(*) FROM user_balances u JOIN pp_b b ON b.user_id = u.user_id AND b.token = u.token
       WHERE u.balance::numeric + b.delta < 0) > 0 THEN
    PERFORM pp_raise('PP402', 'user_balances.balance', 'settlement would overdraw a balance');
  END IF;
  UPDATE user_balances u SET balance = u.balance + b.delta,
         balance_commitment = decode(b.new_balance_commitment, 'hex'),
         locked_commitment = decode(b.new_locked, 'hex'), available_commitment = decode(b.new_available, 'hex'),
         open_obligations = u.open_obligations + b.obligations_delta, updated_at = p_now
    FROM pp_b b
   WHERE b.user_id = u.user_id AND b.token = u.token AND u.locked_commitment = decode(b.expected_locked, 'hex');
  GET DIAGNOSTICS v_updated = ROW_COUNT;
  IF v_updated <> (SELECT count(*) FROM pp_b) THEN
    PERFORM pp_raise('PP409', 'user_balances.locked_commitment', 'changed since the store read it');
  END IF;

  UPDATE encrypted_orders o SET filled_amount = f.filled_amount, remaining_amount = f.remaining_amount,
         min_fill_amount = f.min_fill_amount,
         status = CASE WHEN f.remaining_amount = 0 THEN 'filled' WHEN f.validity = 'ioc' THEN 'cancelled'
                       WHEN f.filled_amount > 0 THEN 'partially_filled' ELSE 'active' END,
         obligation_commitment = coalesce(decode(f.remaining_commitment, 'hex'), o.obligation_commitment),
         matching_session_id = CASE WHEN f.remaining_commitment IS NULL THEN o.matching_session_id END,
         updated_at = p_now
    FROM pp_f f WHERE f.order_id = o.id;

  INSERT INTO trades (matching_session_id, trading_pair_id, buy_order_id, sell_order_id, buyer_id, seller_id,
                      amount, price, total_value, buyer_fee, seller_fee, protocol_fee, settlement_status,
                      created_at, settled_at)
  SELECT p_session, v_pair.id, t.buy_order_id, t.sell_order_id, b.user_id, s.user_id, t.amount, t.price,
         t.total_value, t.buyer_fee, t.seller_fee, t.buyer_fee + t.seller_fee, 'settled', p_now, p_now
    FROM pp_t t JOIN pp_f b ON b.order_id = t.buy_order_id JOIN pp_f s ON s.order_id = t.sell_order_id;

  SELECT coalesce(sum(amount), 0), coalesce(sum(total_value), 0) INTO v_volume, v_quote FROM pp_t;
  UPDATE matching_sessions SET status = 'settled', clearing_price = p_clearing_price, total_volume = v_volume,
         total_quote_volume = v_quote, vrf_output = p_vrf_output, vrf_proof = p_vrf_proof, settled_at = p_now
   WHERE id = p_session;
  PERFORM pp_refresh_counts(v_pair.id, p_now);
  IF v_volume > 0 THEN PERFORM update_market_stats(v_pair.id, p_clearing_price, v_volume, p_now); END IF;
END $$;

REVOKE ALL ON FUNCTION pp_raise(TEXT, TEXT, TEXT), pp_apply_locked(BIGINT, TEXT, BYTEA, BYTEA, BYTEA, BIGINT, BIGINT),
  pp_refresh_counts(BIGINT, BIGINT), change_balance(BIGINT, TEXT, BIGINT, BYTEA, BYTEA, BYTEA, BIGINT),
  submit_encrypted_order(BIGINT, BIGINT, TEXT, TEXT, TEXT, BIGINT, SMALLINT, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BIGINT),
  cancel_encrypted_order(BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, BIGINT),
  cleanup_expired_orders(BIGINT, BIGINT[], JSONB), create_matching_session(BIGINT, BYTEA, JSONB, BIGINT),
  update_market_stats(BIGINT, BIGINT, BIGINT, BIGINT),
  record_metric(TEXT, DOUBLE PRECISION, TEXT, TEXT, BIGINT, BIGINT, BIGINT, BIGINT),
  update_system_health(TEXT, TEXT, INTEGER, INTEGER, DOUBLE PRECISION, DOUBLE PRECISION, JSONB, BIGINT),
  settle_matching_session(BIGINT, BIGINT, BYTEA, BYTEA, BIGINT, JSONB, JSONB, JSONB, BIGINT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION change_balance(BIGINT, TEXT, BIGINT, BYTEA, BYTEA, BYTEA, BIGINT),
  submit_encrypted_order(BIGINT, BIGINT, TEXT, TEXT, TEXT, BIGINT, SMALLINT, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BYTEA, BIGINT),
  cancel_encrypted_order(BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, BIGINT),
  cleanup_expired_orders(BIGINT, BIGINT[], JSONB), create_matching_session(BIGINT, BYTEA, JSONB, BIGINT),
  update_market_stats(BIGINT, BIGINT, BIGINT, BIGINT),
  record_metric(TEXT, DOUBLE PRECISION, TEXT, TEXT, BIGINT, BIGINT, BIGINT, BIGINT),
  update_system_health(TEXT, TEXT, INTEGER, INTEGER, DOUBLE PRECISION, DOUBLE PRECISION, JSONB, BIGINT),
  settle_matching_session(BIGINT, BIGINT, BYTEA, BYTEA, BIGINT, JSONB, JSONB, JSONB, BIGINT) TO pp_service;
GRANT EXECUTE ON FUNCTION pp_current_user_id() TO pp_trader, pp_auditor, pp_executor, pp_service;
