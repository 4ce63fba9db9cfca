-- Which orders each session froze, kept after they move on: a partly filled order returns
-- to the book (and into later sessions), yet its first session's batch digest covers it, so
-- a published session can be re-checked only from this record (docs/store.md). Written by
-- a trigger when an order is frozen, by whatever path freezes it; nobody writes it directly.
CREATE TABLE session_orders (
  matching_session_id BIGINT NOT NULL
    CONSTRAINT session_orders__matching_session_id__fk REFERENCES matching_sessions(id),
  order_id BIGINT NOT NULL CONSTRAINT session_orders__order_id__fk REFERENCES encrypted_orders(id),
  CONSTRAINT session_orders__pk PRIMARY KEY (matching_session_id, order_id)
);

INSERT INTO session_orders (matching_session_id, order_id)
SELECT matching_session_id, id FROM encrypted_orders WHERE matching_session_id IS NOT NULL;
INSERT INTO session_orders (matching_session_id, order_id)
SELECT matching_session_id, order_id FROM order_openings ON CONFLICT DO NOTHING;

CREATE FUNCTION record_session_order() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO session_orders (matching_session_id, order_id)
  VALUES (NEW.matching_session_id, NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION record_session_order() FROM PUBLIC;

CREATE TRIGGER encrypted_orders__frozen__record AFTER UPDATE OF matching_session_id
  ON encrypted_orders FOR EACH ROW
  WHEN (NEW.matching_session_id IS NOT NULL AND NEW.status = 'matching')
  EXECUTE FUNCTION record_session_order();

REVOKE ALL ON session_orders FROM PUBLIC;
GRANT SELECT ON session_orders TO pp_auditor, pp_service, pp_executor;
