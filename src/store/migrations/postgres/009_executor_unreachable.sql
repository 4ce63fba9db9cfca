-- An executor the coordinator cannot reach is shown offline (docs/executor.md, "Health").
--
-- executor_heartbeat is the executor's own word that it is alive (the coordinator relays it
-- with the executor's principal after a successful health check), so it sets last_heartbeat.
-- Before this migration nothing set a node back when a check failed: a node stopped an hour
-- ago still read "online" in executor_nodes, /v1/executors and `executors status`.
--
-- The service may mark a node offline and nothing else: last_heartbeat keeps the last time
-- the node was actually seen, a node an operator put in maintenance stays so, and the
-- function cannot mark a node online (only a heartbeat can).
CREATE FUNCTION executor_mark_unreachable(p_executor BIGINT, p_now BIGINT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_now IS NULL THEN PERFORM pp_raise('PP400', 'executor_nodes.updated_at', 'must be given'); END IF;
  PERFORM 1 FROM executor_nodes WHERE id = p_executor FOR UPDATE;
  IF NOT FOUND THEN PERFORM pp_raise('PP404', 'executor_nodes.id', 'no such executor'); END IF;
  UPDATE executor_nodes SET status = 'offline', updated_at = p_now
   WHERE id = p_executor AND status NOT IN ('offline', 'maintenance');
END $$;

REVOKE ALL ON FUNCTION executor_mark_unreachable(BIGINT, BIGINT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION executor_mark_unreachable(BIGINT, BIGINT) TO pp_service;
