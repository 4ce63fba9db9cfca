-- The price rule of every settled session: the same column and constraint as
-- migrations/postgres/008_price_rule.sql. NULL until the session settles (and for sessions
-- settled before this migration); only one of the auction's names, only on a settled
-- session, and "none" exactly when nothing traded. The settlement writes it
-- (src/store/sqlite/sqlite_sessions.cc, the twin of settle_matching_session).
ALTER TABLE matching_sessions ADD COLUMN price_rule TEXT
  CONSTRAINT matching_sessions__price_rule__ck CHECK (price_rule IS NULL OR (
    status = 'settled'
    AND price_rule IN ('none', 'max_volume', 'min_surplus', 'buy_pressure', 'sell_pressure', 'reference',
                       'market_only_reference')
    AND total_volume IS NOT NULL AND (price_rule = 'none') = (total_volume = 0)));
