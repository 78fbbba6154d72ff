-- Hand-written: the one read across organizations of the pending-refund retry job, returning
-- organization ids only (as scheduling's reminder poller does). SECURITY DEFINER runs it as the
-- owner, whom the policies do not bind; the job reads and completes each refund inside its own
-- organization's scope.
-- Organizations with a refund still PENDING that was created before `created_before`: one whose
-- request failed or crashed between the provider's answer and recording it.
CREATE FUNCTION plaza_organizations_with_pending_refunds(created_before timestamptz) RETURNS TABLE ("organizationId" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT DISTINCT r."organizationId" FROM "Refund" r WHERE r."status" = 'PENDING' AND r."createdAt" < created_before
  $$;
-- The tenant role is created by @plaza/db after migrations; a fresh database needs it for the grant.
DO $$ BEGIN
  CREATE ROLE plaza_tenant NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
REVOKE ALL ON FUNCTION plaza_organizations_with_pending_refunds(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plaza_organizations_with_pending_refunds(timestamptz) TO plaza_tenant;
