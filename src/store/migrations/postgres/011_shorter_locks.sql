-- Two locks that made intake wait on a running session, each shortened (docs/store.md,
-- "Settlement" and "Freezing a batch"; docs/benchmarks.md, "Where the tail comes from").
--
-- 1. Freezing a batch locked its pair's row FOR UPDATE, to give sessions of one pair their
--    numbers one at a time. That mode also conflicts with the FOR KEY SHARE lock that the
--    foreign-key check of every new order of the pair takes on the same row, so no order of
--    the pair could be written until the freeze (hundreds of ms for a large batch) committed.
--    FOR NO KEY UPDATE serialises the freezes exactly as before and lets orders in: an order
--    that commits during a freeze is simply not in that batch, as if it had come a moment
--    later.
--
-- 2. Settlement locked every balance row a session moves before calling
--    settle_matching_session, and held the locks through the whole function: thousands of
--    fills and trades parsed, checked, written. An order of any of those traders waited on its
--    balance row for all of that (205 ms at p99 when a 4,096-order session settled
--    mid-intake). Now the settlement is two calls in one transaction:
--    a. settle_matching_session (as 008, without p_balances): every check of 008, the orders,
--       the trades and the session. It derives the balance changes itself, as before, and
--       records them in settlement_pending_balances instead of comparing them with the plan's.
--    b. settle_session_balances: locks the rows, compares the plan's changes with the
--       recorded ones row by row, compares-and-sets each available commitment, checks
--       conservation, and consumes the record.
--    Only the second holds balance locks, and it touches only the balance rows.
--
--    The two calls cannot be separated, whoever calls them:
--    - only these functions (SECURITY DEFINER) write settlement_pending_balances; the service
--      login has no privilege on it at all;
--    - a deferred constraint trigger refuses the COMMIT of any transaction that recorded a
--      session's changes and did not apply them, so a settled session always has moved its
--      money (disabling the trigger takes the owner, or a superuser's session_replication_role);
--    - the second call applies exactly what the first derived in this same transaction:
--      outside a transaction that settled the session there is nothing recorded to apply.

CREATE TABLE settlement_pending_balances (
  matching_session_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  token TEXT NOT NULL,
  delta NUMERIC NOT NULL,
  released BIGINT NOT NULL,
  CONSTRAINT settlement_pending_balances__pk PRIMARY KEY (matching_session_id, user_id, token)
);
REVOKE ALL ON settlement_pending_balances FROM PUBLIC;

CREATE FUNCTION pp_settlement_balances_applied() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM settlement_pending_balances WHERE matching_session_id = NEW.matching_session_id) THEN
    PERFORM pp_raise('PP500', 'settlement.balances', 'the session settled without its balance changes');
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION pp_settlement_balances_applied() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER settlement_pending_balances__applied AFTER INSERT ON settlement_pending_balances
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pp_settlement_balances_applied();

DROP FUNCTION settle_matching_session(BIGINT, BIGINT, TEXT, BYTEA, BYTEA, BIGINT, JSON, JSON, JSON, BIGINT);

-- 008's settle_matching_session without p_balances; the changes marked "011" are the record
-- of the derived balance changes in place of their comparison with the plan, and the balance
-- part moved to settle_session_balances below. Every other check is 008's.
--   p_trades:   [{buy_order_id, sell_order_id, amount}]                  (at p_clearing_price)
--   p_fills:    [{order_id, size, limit_price, min_fill, filled_amount, new_obligation}]
CREATE FUNCTION settle_matching_session(p_session BIGINT, p_clearing_price BIGINT, p_price_rule TEXT,
    p_vrf_output BYTEA, p_vrf_proof BYTEA, p_fee_user BIGINT, p_trades JSON, p_fills JSON, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_session matching_sessions%ROWTYPE;
  v_pair trading_pairs%ROWTYPE;
  v_bad TEXT;
  v_volume BIGINT;
  v_quote BIGINT;
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
  IF p_price_rule IS NULL OR p_price_rule NOT IN ('none', 'max_volume', 'min_surplus', 'buy_pressure',
                                                 'sell_pressure', 'reference', 'market_only_reference') THEN
    PERFORM pp_raise('PP400', 'matching_sessions.price_rule', 'must name a rule of the auction');
  END IF;
  IF p_vrf_output IS NULL OR length(p_vrf_output) NOT BETWEEN 1 AND 4096
     OR p_vrf_proof IS NULL OR length(p_vrf_proof) NOT BETWEEN 1 AND 4096 THEN
    PERFORM pp_raise('PP400', 'matching_sessions.vrf_output', 'output and proof must be 1..4096 bytes');
  END IF;
  IF p_now IS NULL OR p_trades IS NULL OR p_fills IS NULL THEN
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
  -- Temporary tables have no statistics until analysed; without them the planner picks
  -- nested loops that turn 10,000 orders into seconds.
  ANALYZE pg_temp.pp_settle_trades;
  ANALYZE pg_temp.pp_settle_fills;

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

  -- 011: double entry, derived here from the trades and the pair as in 008 (value = amount ×
  -- price × quote_per_tick; fees rounded down on what each side receives), and recorded for
  -- settle_session_balances, which compares the plan's changes with it row by row.
  INSERT INTO settlement_pending_balances (matching_session_id, user_id, token, delta, released)
  SELECT p_session, user_id, token, sum(delta), sum(released)::bigint FROM (
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

-- The balance part of a settlement, after settle_matching_session in the same transaction.
--   p_balances: [{user_id, token, delta, expected_available, new_available,
--                 new_balance_commitment, obligations_delta}]             (byte strings: hex)
-- Every row is locked in (user, token) order (receivers without a row get one first) and
-- compared-and-set on the available commitment the store computed from; the rows must be
-- exactly the changes settle_matching_session derived and recorded, and the stored balances
-- of every token must sum afterwards to what they summed before.
CREATE FUNCTION settle_session_balances(p_session BIGINT, p_balances JSON, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_updated INTEGER;
BEGIN
  IF p_session IS NULL OR p_balances IS NULL OR p_now IS NULL THEN
    PERFORM pp_raise('PP400', 'settlement', 'every argument is required');
  END IF;
  -- Recorded only by settle_matching_session, and never committed unapplied: what is here
  -- was derived in this transaction.
  IF NOT EXISTS (SELECT 1 FROM settlement_pending_balances WHERE matching_session_id = p_session) THEN
    PERFORM pp_raise('PP412', 'settlement.balances', 'no settlement of this session to apply');
  END IF;
  CREATE TEMP TABLE pp_settle_balances ON COMMIT DROP AS
    SELECT * FROM json_to_recordset(p_balances) AS x(user_id BIGINT, token TEXT, delta NUMERIC,
      expected_available TEXT, new_available TEXT, new_balance_commitment TEXT, obligations_delta BIGINT);
  ANALYZE pg_temp.pp_settle_balances;
  IF (SELECT count(*) FROM pg_temp.pp_settle_balances) <> (SELECT count(*) FROM (SELECT DISTINCT user_id, token FROM pg_temp.pp_settle_balances) k)
     OR (SELECT count(*) FROM (SELECT * FROM settlement_pending_balances WHERE matching_session_id = p_session) d
           FULL JOIN pg_temp.pp_settle_balances b ON b.user_id = d.user_id AND b.token = d.token
         WHERE d.user_id IS NULL OR b.user_id IS NULL OR b.delta IS DISTINCT FROM d.delta
            OR b.obligations_delta IS DISTINCT FROM -d.released
            OR b.expected_available IS NULL OR b.new_available IS NULL OR b.new_balance_commitment IS NULL) > 0 THEN
    PERFORM pp_raise('PP500', 'settlement.balances', 'balance changes differ from the trades');
  END IF;

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
  DELETE FROM settlement_pending_balances WHERE matching_session_id = p_session;
END $$;

GRANT EXECUTE ON FUNCTION settle_matching_session(BIGINT, BIGINT, TEXT, BYTEA, BYTEA, BIGINT, JSON, JSON, BIGINT),
  settle_session_balances(BIGINT, JSON, BIGINT) TO pp_service;

-- 1. 010's create_matching_session; the one change, marked "011", is the lock mode.
CREATE OR REPLACE FUNCTION create_matching_session(p_pair BIGINT, p_vrf_seed BYTEA, p_executors JSONB, p_now BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_pair trading_pairs%ROWTYPE;
  v_number BIGINT;
  v_id BIGINT;
  v_buys INTEGER;
  v_sells INTEGER;
BEGIN
  SELECT * INTO v_pair FROM trading_pairs WHERE id = p_pair AND is_active FOR NO KEY UPDATE;  -- 011
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
