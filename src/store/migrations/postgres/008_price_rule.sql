-- The price rule of every settled session (docs/store.md, "Schema"; docs/auction.md, "The
-- clearing price"): which rule of the auction set the clearing price, written by the
-- settlement itself.
--
-- The column is NULL until the session settles (and stays NULL for sessions settled before
-- this migration: their rule was not kept). The constraint allows a rule only on a settled
-- session, only one of the auction's names, and "none" exactly when nothing traded.
--
-- settle_matching_session is replaced, not joined by a second function: the rule is part of
-- the settlement, so it is written by the same UPDATE that settles the session, checked by
-- the same function against the volume it derives itself, and there is no other path by
-- which the service login could set or rewrite it (it has no UPDATE on matching_sessions).
-- The function below is 004's with three changes, marked "008": the p_price_rule argument,
-- its check against the auction's names and against the volume, and the column written.
-- Every check of 004 is kept. The old signature is dropped so that no caller can settle
-- without naming the rule.
ALTER TABLE matching_sessions ADD COLUMN price_rule TEXT,
  ADD CONSTRAINT matching_sessions__price_rule__ck CHECK (price_rule IS NULL OR (
    status = 'settled'
    AND price_rule IN ('none', 'max_volume', 'min_surplus', 'buy_pressure', 'sell_pressure', 'reference',
                       'market_only_reference')
    AND total_volume IS NOT NULL AND (price_rule = 'none') = (total_volume = 0)));

DROP FUNCTION settle_matching_session(BIGINT, BIGINT, BYTEA, BYTEA, BIGINT, JSON, JSON, JSON, BIGINT);

-- Settlement of a matching session in one transaction (docs/store.md, "Settlement"), as in 004.
--
-- The store plans a settlement in C++ (src/store/settlement_plan.cc: every check below, plus
-- the commitment arithmetic SQL cannot do) and hands this function the plan. The function
-- trusts none of it: it re-derives every trade's value and fees and every balance change
-- from the session's own orders and the pair's own parameters, refuses unless the plan
-- agrees, applies it set-based (10,000 orders fit well inside the time budget), and checks
-- that the stored balances of every token still sum to what they summed before.
--   p_price_rule: the auction's rule, by name (auction::PriceRuleName)                  (008)
--   p_trades:   [{buy_order_id, sell_order_id, amount}]                  (at p_clearing_price)
--   p_fills:    [{order_id, size, limit_price, min_fill, filled_amount, new_obligation}]
--   p_balances: [{user_id, token, delta, expected_available, new_available,
--                 new_balance_commitment, obligations_delta}]             (byte strings: hex)
-- Every check is NULL-safe: a NULL where a value belongs is refused, never skipped. Working
-- tables are pg_temp-qualified, so nothing in another schema can stand in for them.
CREATE FUNCTION settle_matching_session(p_session BIGINT, p_clearing_price BIGINT, p_price_rule TEXT,
    p_vrf_output BYTEA, p_vrf_proof BYTEA, p_fee_user BIGINT, p_trades JSON, p_fills JSON, p_balances JSON,
    p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_session matching_sessions%ROWTYPE;
  v_pair trading_pairs%ROWTYPE;
  v_bad TEXT;
  v_volume BIGINT;
  v_quote BIGINT;
  v_updated INTEGER;
BEGIN
  SELECT * INTO v_session FROM matching_sessions WHERE id = p_session FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'matching_sessions.id', 'no such session'); END IF;
  IF v_session.status <> 'frozen' THEN
    PERFORM pp_raise('PP412', 'matching_sessions.status', 'session is ' || v_session.status);
  END IF;
  SELECT * INTO v_pair FROM trading_pairs WHERE id = v_session.trading_pair_id;
  IF p_clearing_price IS NULL OR p_clearing_price < v_pair.min_price OR p_clearing_price > v_pair.max_price
     OR p_clearing_price % v_pair.tick_size <> 0 THEN
    PERFORM pp_raise('PP400', 'matching_sessions.clearing_price', 'must lie on the pair''s price grid');
  END IF;
  -- 008: one of the auction's names (the constraint says so too; refused here by name).
  IF p_price_rule IS NULL OR p_price_rule NOT IN ('none', 'max_volume', 'min_surplus', 'buy_pressure',
                                                 'sell_pressure', 'reference', 'market_only_reference') THEN
    PERFORM pp_raise('PP400', 'matching_sessions.price_rule', 'must name a rule of the auction');
  END IF;
  IF p_vrf_output IS NULL OR length(p_vrf_output) NOT BETWEEN 1 AND 4096
     OR p_vrf_proof IS NULL OR length(p_vrf_proof) NOT BETWEEN 1 AND 4096 THEN
    PERFORM pp_raise('PP400', 'matching_sessions.vrf_output', 'output and proof must be 1..4096 bytes');
  END IF;
  IF p_now IS NULL OR p_trades IS NULL OR p_fills IS NULL OR p_balances IS NULL THEN
    PERFORM pp_raise('PP400', 'settlement', 'every argument is required');
  END IF;
  IF NOT EXISTS (SELECT 1 FROM users WHERE id = p_fee_user) THEN
    PERFORM pp_raise('PP404', 'settlement.fee_user_id', 'no such user');
  END IF;

  CREATE TEMP TABLE pp_settle_trades ON COMMIT DROP AS
    SELECT * FROM json_to_recordset(p_trades) AS x(buy_order_id BIGINT, sell_order_id BIGINT, amount BIGINT);
  CREATE TEMP TABLE pp_settle_fills ON COMMIT DROP AS
    SELECT x.order_id, x.size, x.limit_price, x.min_fill, x.filled_amount, x.new_obligation,
           o.user_id, o.side, o.order_type, o.validity, o.obligation_token, o.matching_session_id,
           o.status, coalesce(o.filled_amount, 0) AS filled_before, o.remaining_amount AS remaining_before,
           x.size - coalesce(o.filled_amount, 0) AS open_size
      FROM json_to_recordset(p_fills) AS x(order_id BIGINT, size BIGINT, limit_price BIGINT,
           min_fill BIGINT, filled_amount BIGINT, new_obligation TEXT)
      LEFT JOIN encrypted_orders o ON o.id = x.order_id;
  CREATE TEMP TABLE pp_settle_balances ON COMMIT DROP AS
    SELECT * FROM json_to_recordset(p_balances) AS x(user_id BIGINT, token TEXT, delta NUMERIC,
      expected_available TEXT, new_available TEXT, new_balance_commitment TEXT, obligations_delta BIGINT);
  -- Temporary tables have no statistics until analysed; without them the planner picks
  -- nested loops that turn 10,000 orders into seconds.
  ANALYZE pg_temp.pp_settle_trades;
  ANALYZE pg_temp.pp_settle_fills;
  ANALYZE pg_temp.pp_settle_balances;

  -- Fills: every order of the session exactly once, nothing else, every field present.
  IF (SELECT count(*) FROM pg_temp.pp_settle_fills
       WHERE order_id IS NULL OR matching_session_id IS DISTINCT FROM p_session
          OR status IS DISTINCT FROM 'matching') > 0
     OR (SELECT count(DISTINCT order_id) FROM pg_temp.pp_settle_fills) <> (SELECT count(*) FROM pg_temp.pp_settle_fills)
     OR (SELECT count(*) FROM pg_temp.pp_settle_fills)
        <> (SELECT count(*) FROM encrypted_orders WHERE matching_session_id = p_session AND status = 'matching') THEN
    PERFORM pp_raise('PP400', 'settlement.fills', 'must name every order of the session exactly once');
  END IF;
  SELECT min(CASE
      WHEN f.size IS NULL OR f.size < v_pair.min_order_size OR f.size > v_pair.max_order_size THEN 'size'
      WHEN f.min_fill IS NULL OR f.min_fill < 0 OR f.min_fill > f.size THEN 'min_fill'
      WHEN (f.order_type = 'limit') IS DISTINCT FROM (f.limit_price IS NOT NULL) THEN 'limit_price'
      WHEN f.limit_price IS NOT NULL AND (f.limit_price < v_pair.min_price OR f.limit_price > v_pair.max_price
           OR f.limit_price % v_pair.tick_size <> 0) THEN 'limit_price'
      WHEN f.remaining_before IS NOT NULL AND f.size <> f.filled_before + f.remaining_before THEN 'size'
      WHEN f.open_size <= 0 THEN 'size'
      WHEN f.filled_amount IS NULL OR f.filled_amount < 0 OR f.filled_amount > f.open_size THEN 'filled_amount'
    END) INTO v_bad FROM pg_temp.pp_settle_fills f;
  IF v_bad IS NOT NULL THEN PERFORM pp_raise('PP400', 'settlement.fills.' || v_bad, 'is not consistent with the order'); END IF;

  -- Trades: a buy and a sell of this session, of different owners, each within its own
  -- limit (or the pair's collar for a market order) at the clearing price.
  -- Aggregates rather than EXISTS/LIMIT 1 here and below: with a LIMIT the planner picks a
  -- fast-start nested loop that, when nothing matches, compares every trade with every fill.
  SELECT min(CASE
      WHEN t.amount IS NULL OR t.amount <= 0 THEN 'amount'
      WHEN b.side IS DISTINCT FROM 'buy' THEN 'buy_order_id'
      WHEN s.side IS DISTINCT FROM 'sell' THEN 'sell_order_id'
      WHEN b.user_id = s.user_id THEN 'seller_id'
      WHEN b.order_type = 'limit' AND b.limit_price < p_clearing_price THEN 'price'
      WHEN b.order_type = 'market' AND p_clearing_price > v_pair.market_buy_collar THEN 'price'
      WHEN s.order_type = 'limit' AND s.limit_price > p_clearing_price THEN 'price'
      WHEN s.order_type = 'market' AND p_clearing_price < v_pair.market_sell_collar THEN 'price'
    END) INTO v_bad
    FROM pg_temp.pp_settle_trades t
    LEFT JOIN pg_temp.pp_settle_fills b ON b.order_id = t.buy_order_id
    LEFT JOIN pg_temp.pp_settle_fills s ON s.order_id = t.sell_order_id;
  IF v_bad IS NOT NULL THEN PERFORM pp_raise('PP400', 'trades.' || v_bad, 'is not consistent with the session'); END IF;

  -- Each fill equals the sum of its trades; a minimum fill is honoured (on what is open);
  -- an order stays on the book exactly when it has a remainder and is not IOC, and then
  -- carries the commitment to its remaining obligation.
  IF (SELECT count(*) FROM pg_temp.pp_settle_fills f
        LEFT JOIN (SELECT order_id, sum(amount) AS traded FROM (
                     SELECT buy_order_id AS order_id, amount FROM pg_temp.pp_settle_trades
                     UNION ALL SELECT sell_order_id, amount FROM pg_temp.pp_settle_trades) x GROUP BY order_id) t
          ON t.order_id = f.order_id
       WHERE f.filled_amount <> coalesce(t.traded, 0)) > 0 THEN
    PERFORM pp_raise('PP400', 'encrypted_orders.filled_amount', 'differs from the sum of its trades');
  END IF;
  IF (SELECT count(*) FROM pg_temp.pp_settle_fills
       WHERE filled_amount > 0 AND filled_amount < least(min_fill, open_size)) > 0 THEN
    PERFORM pp_raise('PP400', 'encrypted_orders.min_fill_amount', 'a fill below the minimum');
  END IF;
  IF (SELECT count(*) FROM pg_temp.pp_settle_fills
       WHERE (filled_amount < open_size AND validity <> 'ioc') IS DISTINCT FROM (new_obligation IS NOT NULL)
          OR (new_obligation IS NOT NULL AND length(decode(new_obligation, 'hex')) <> 32)) > 0 THEN
    PERFORM pp_raise('PP400', 'settlement.fills.new_obligation', 'required exactly for orders that stay on the book');
  END IF;

  -- Double entry, derived here from the trades and the pair (value = amount × price ×
  -- quote_per_tick; fees rounded down on what each side receives), and compared with the
  -- plan's balance changes row by row.
  CREATE TEMP TABLE pp_settle_derived ON COMMIT DROP AS
    SELECT user_id, token, sum(delta) AS delta, sum(released)::bigint AS released FROM (
      SELECT b.user_id, v_pair.quote_token AS token, -(t.amount::numeric * p_clearing_price * v_pair.quote_per_tick) AS delta, 0 AS released
        FROM pg_temp.pp_settle_trades t JOIN pg_temp.pp_settle_fills b ON b.order_id = t.buy_order_id
      UNION ALL SELECT b.user_id, v_pair.base_token,
             t.amount::numeric * v_pair.base_lot - floor(t.amount::numeric * v_pair.base_lot * v_pair.fee_bps / 10000), 0
        FROM pg_temp.pp_settle_trades t JOIN pg_temp.pp_settle_fills b ON b.order_id = t.buy_order_id
      UNION ALL SELECT s.user_id, v_pair.base_token, -(t.amount::numeric * v_pair.base_lot), 0
        FROM pg_temp.pp_settle_trades t JOIN pg_temp.pp_settle_fills s ON s.order_id = t.sell_order_id
      UNION ALL SELECT s.user_id, v_pair.quote_token,
             t.amount::numeric * p_clearing_price * v_pair.quote_per_tick
             - floor(t.amount::numeric * p_clearing_price * v_pair.quote_per_tick * v_pair.fee_bps / 10000), 0
        FROM pg_temp.pp_settle_trades t JOIN pg_temp.pp_settle_fills s ON s.order_id = t.sell_order_id
      UNION ALL SELECT p_fee_user, v_pair.base_token, floor(t.amount::numeric * v_pair.base_lot * v_pair.fee_bps / 10000), 0
        FROM pg_temp.pp_settle_trades t
      UNION ALL SELECT p_fee_user, v_pair.quote_token,
             floor(t.amount::numeric * p_clearing_price * v_pair.quote_per_tick * v_pair.fee_bps / 10000), 0
        FROM pg_temp.pp_settle_trades t
      UNION ALL SELECT f.user_id, f.obligation_token, 0, CASE WHEN f.new_obligation IS NULL THEN 1 ELSE 0 END
        FROM pg_temp.pp_settle_fills f) x
    GROUP BY user_id, token;
  ANALYZE pg_temp.pp_settle_derived;
  IF (SELECT count(*) FROM pg_temp.pp_settle_balances) <> (SELECT count(*) FROM (SELECT DISTINCT user_id, token FROM pg_temp.pp_settle_balances) k)
     OR (SELECT count(*) FROM pg_temp.pp_settle_derived d FULL JOIN pg_temp.pp_settle_balances b
           ON b.user_id = d.user_id AND b.token = d.token
         WHERE d.user_id IS NULL OR b.user_id IS NULL OR b.delta IS DISTINCT FROM d.delta
            OR b.obligations_delta IS DISTINCT FROM -d.released
            OR b.expected_available IS NULL OR b.new_available IS NULL OR b.new_balance_commitment IS NULL) > 0 THEN
    PERFORM pp_raise('PP500', 'settlement.balances', 'balance changes differ from the trades');
  END IF;

  -- Apply. Receivers without a balance row in the token get one first; every row is locked
  -- in (user, token) order and compare-and-set on the available commitment the plan read.
  PERFORM 1 FROM pp_lock_balances((SELECT json_agg(json_build_object('user_id', user_id, 'token', token))
                                     FROM pg_temp.pp_settle_balances), true, p_now);
  CREATE TEMP TABLE pp_settle_before ON COMMIT DROP AS
    SELECT u.token, sum(u.balance::numeric) AS total FROM user_balances u
      JOIN pg_temp.pp_settle_balances b ON b.user_id = u.user_id AND b.token = u.token GROUP BY u.token;
  IF (SELECT count(*) FROM user_balances u JOIN pg_temp.pp_settle_balances b ON b.user_id = u.user_id AND b.token = u.token
       WHERE u.balance::numeric + b.delta < 0) > 0 THEN
    PERFORM pp_raise('PP402', 'user_balances.balance', 'settlement would overdraw a balance');
  END IF;
  IF (SELECT count(*) FROM user_balances u JOIN pg_temp.pp_settle_balances b ON b.user_id = u.user_id AND b.token = u.token
       WHERE u.balance::numeric + b.delta > 9223372036854775807 OR u.open_obligations + b.obligations_delta < 0) > 0 THEN
    PERFORM pp_raise('PP400', 'user_balances.balance', 'exceeds the 63-bit bound');
  END IF;
  UPDATE user_balances u SET balance = (u.balance + b.delta)::bigint,
         balance_commitment = decode(b.new_balance_commitment, 'hex'),
         available_commitment = decode(b.new_available, 'hex'),
         open_obligations = u.open_obligations + b.obligations_delta, updated_at = p_now
    FROM pg_temp.pp_settle_balances b
   WHERE b.user_id = u.user_id AND b.token = u.token AND u.available_commitment = decode(b.expected_available, 'hex');
  GET DIAGNOSTICS v_updated = ROW_COUNT;
  IF v_updated <> (SELECT count(*) FROM pg_temp.pp_settle_balances) THEN
    PERFORM pp_raise('PP409', 'user_balances.available_commitment', 'changed since the store read it');
  END IF;
  -- Conservation, against the stored balances themselves: per token, the touched rows hold
  -- after the update exactly what they held before it.
  IF (SELECT count(*) FROM pg_temp.pp_settle_before x
        FULL JOIN (SELECT u.token, sum(u.balance::numeric) AS total FROM user_balances u
                     JOIN pg_temp.pp_settle_balances b ON b.user_id = u.user_id AND b.token = u.token
                    GROUP BY u.token) y ON y.token = x.token
       WHERE x.total IS DISTINCT FROM y.total) > 0 THEN
    PERFORM pp_raise('PP500', 'settlement.balances', 'value is not conserved');
  END IF;

  UPDATE encrypted_orders o SET filled_amount = f.filled_before + f.filled_amount,
         remaining_amount = f.open_size - f.filled_amount, min_fill_amount = f.min_fill,
         status = CASE WHEN f.filled_amount = f.open_size THEN 'filled'
                       WHEN f.validity = 'ioc' THEN 'cancelled'
                       WHEN f.filled_before + f.filled_amount > 0 THEN 'partially_filled'
                       ELSE 'active' END,
         obligation_commitment = coalesce(decode(f.new_obligation, 'hex'), o.obligation_commitment),
         matching_session_id = CASE WHEN f.new_obligation IS NULL THEN o.matching_session_id END,
         updated_at = p_now
    FROM pg_temp.pp_settle_fills f WHERE f.order_id = o.id;

  INSERT INTO trades (matching_session_id, trading_pair_id, buy_order_id, sell_order_id, buyer_id, seller_id,
                      amount, price, total_value, buyer_fee, seller_fee, created_at)
  SELECT p_session, v_pair.id, t.buy_order_id, t.sell_order_id, b.user_id, s.user_id, t.amount, p_clearing_price,
         t.amount * p_clearing_price * v_pair.quote_per_tick,
         floor(t.amount::numeric * v_pair.base_lot * v_pair.fee_bps / 10000)::bigint,
         floor(t.amount::numeric * p_clearing_price * v_pair.quote_per_tick * v_pair.fee_bps / 10000)::bigint,
         p_now
    FROM pg_temp.pp_settle_trades t JOIN pg_temp.pp_settle_fills b ON b.order_id = t.buy_order_id
    JOIN pg_temp.pp_settle_fills s ON s.order_id = t.sell_order_id;

  SELECT coalesce(sum(amount), 0), coalesce(sum(amount * p_clearing_price * v_pair.quote_per_tick), 0)
    INTO v_volume, v_quote FROM pg_temp.pp_settle_trades;
  -- 008: the auction names a rule exactly when it finds a price, and a price always carries
  -- volume; the rule is written with the rest of the session's outcome.
  IF (p_price_rule = 'none') <> (v_volume = 0) THEN
    PERFORM pp_raise('PP400', 'settlement.price_rule', '"none" exactly when nothing trades');
  END IF;
  UPDATE matching_sessions SET status = 'settled', clearing_price = p_clearing_price, price_rule = p_price_rule,
         total_volume = v_volume, total_quote_volume = v_quote, vrf_output = p_vrf_output,
         vrf_proof = p_vrf_proof, settled_at = p_now
   WHERE id = p_session;
  UPDATE threshold_operations SET status = 'completed', completed_at = p_now
   WHERE matching_session_id = p_session AND status IN ('pending', 'ready');
END $$;

GRANT EXECUTE ON FUNCTION settle_matching_session(BIGINT, BIGINT, TEXT, BYTEA, BYTEA, BIGINT, JSON, JSON, JSON,
  BIGINT) TO pp_service;
